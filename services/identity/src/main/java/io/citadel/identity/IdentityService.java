package io.citadel.identity;

import io.citadel.core.json.StoredJson;
import io.citadel.core.AccountId;
import io.citadel.core.Principal;
import io.citadel.core.ServiceException;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Accounts, IAM users and their access keys, and the entry point to the rest of IAM and STS
 * ({@link #iam()}, {@link #policies()}, {@link #sts()}, {@link #policiesFor}). Every change that
 * touches more than one storage key (a key and its per-principal index entry) happens in one
 * transaction; every change notifies the listeners registered with {@link #onChange} so that this
 * node's caches drop what they hold at once (other nodes expire theirs within their TTL).
 */
public final class IdentityService {

    /** AWS allows two access keys per user (and per root user). */
    static final int ACCESS_KEYS_PER_PRINCIPAL = 2;

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    /** Last-use records are written at most this often per key, so signing stays cheap. */
    static final Duration LAST_USE_WRITE_INTERVAL = Duration.ofMinutes(1);
    private static final int LAST_USE_TRACKED_KEYS = 10_000;

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, Instant> lastUseWritten = new ConcurrentHashMap<>();
    private final IamDirectory iam;
    private final IamPolicies policies;
    private final SecurityTokens sts;
    private final PrincipalPolicyResolver resolver;
    private final PolicySimulator simulator;
    private final IamResources resources;

    public IdentityService(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.policies = new IamPolicies(this, storage, clock);
        this.iam = new IamDirectory(this, storage, clock);
        this.sts = new SecurityTokens(this, storage, clock);
        this.resolver = new PrincipalPolicyResolver(this, storage, clock);
        this.simulator = new PolicySimulator(storage, clock);
        this.resources = new IamResources(storage);
    }

    /** The ARNs (and tags) IAM operations are authorized against. */
    public IamResources resources() {
        return resources;
    }

    /** SimulatePrincipalPolicy / SimulateCustomPolicy. */
    public PolicySimulator simulator() {
        return simulator;
    }

    /** Users (beyond create), groups, roles, tags and permissions boundaries. */
    public IamDirectory iam() {
        return iam;
    }

    /** Inline and managed policies and their attachments. */
    public IamPolicies policies() {
        return policies;
    }

    /** STS: AssumeRole, GetSessionToken and the temporary credentials they issue. */
    public SecurityTokens sts() {
        return sts;
    }

    /**
     * Everything policy evaluation needs about a caller: its identity policies, permissions
     * boundary, session policies and tags. Cached briefly (see {@link PrincipalPolicyResolver}).
     */
    public PrincipalPolicies policiesFor(Principal principal) {
        return resolver.policiesFor(principal);
    }

    /** Registers a callback run after every change to IAM state made through this node. */
    public void onChange(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void changed() {
        listeners.forEach(Runnable::run);
    }

    InstantSource clock() {
        return clock;
    }

    public Account createAccount(String name) {
        return storage.transaction(tx -> newAccount(tx, name));
    }

    /**
     * First start: when no account exists yet, creates one and its root access key in one
     * transaction, so that nodes starting together on one database bootstrap exactly once.
     * {@code fixedKeyId} and {@code fixedSecret} (both or neither) choose the key pair.
     */
    public Optional<AccessKey> bootstrap(String accountName, String fixedKeyId, String fixedSecret) {
        if ((fixedKeyId == null) != (fixedSecret == null)) {
            throw new IllegalArgumentException("a fixed bootstrap key needs both its id and its secret");
        }
        String keyId = fixedKeyId != null ? fixedKeyId : newAccessKeyId();
        String secret = fixedSecret != null ? fixedSecret : newSecret();
        return storage.transaction(tx -> {
            if (!tx.scan(IdentityKeys.ACCOUNTS, null, 1).entries().isEmpty()) {
                return Optional.<AccessKey>empty();
            }
            Account account = newAccount(tx, accountName);
            return Optional.of(storeAccessKey(tx, account.id(), null, keyId, secret));
        });
    }

    private Account newAccount(Transaction tx, String name) {
        String id;
        do {
            id = AccountId.random(random);
        } while (tx.get(IdentityKeys.account(id)).isPresent());
        Account account = new Account(id, name, clock.instant());
        tx.put(IdentityKeys.account(id), StoredJson.write(account));
        return account;
    }

    public Optional<Account> account(String accountId) {
        return storage.get(IdentityKeys.account(accountId)).map(b -> StoredJson.read(b, Account.class));
    }

    public List<Account> accounts() {
        List<Account> out = new ArrayList<>();
        StorageScans.forEach(storage, IdentityKeys.ACCOUNTS, value -> out.add(StoredJson.read(value, Account.class)));
        return out;
    }

    /** CreateUser without a boundary or tags (the admin command's form); see {@link IamDirectory#createUser}. */
    public User createUser(String accountId, String userName, String path) {
        return iam.createUser(accountId, userName, path, null, List.of());
    }

    /** A user by name (any case), or NoSuchEntity. */
    public User requireUser(String accountId, String userName) {
        return storage.transaction(tx -> IamStore.requireUser(tx, accountId, userName));
    }

    public Optional<User> user(String accountId, String userName) {
        return storage.transaction(tx -> IamStore.user(tx, accountId, userName));
    }

    public List<User> users(String accountId) {
        List<User> out = new ArrayList<>();
        StorageScans.forEach(storage, IdentityKeys.usersPrefix(accountId), value -> out.add(StoredJson.read(value, User.class)));
        return out;
    }

    /** Issues a new key for the root user ({@code userName} null) or an IAM user. */
    public AccessKey createAccessKey(String accountId, String userName) {
        return importAccessKey(accountId, userName, newAccessKeyId(), newSecret());
    }

    private String newAccessKeyId() {
        return "AKIA" + randomChars(BASE32, 16);
    }

    private String newSecret() {
        return randomChars(SECRET_ALPHABET, 40);
    }

    /** Stores a key pair chosen by the operator (fixed bootstrap credentials for their CI). */
    public AccessKey importAccessKey(String accountId, String userName, String accessKeyId, String secretAccessKey) {
        requireAccount(accountId);
        return storage.transaction(tx -> storeAccessKey(tx, accountId, userName, accessKeyId, secretAccessKey));
    }

    private AccessKey storeAccessKey(Transaction tx, String accountId, String userName, String accessKeyId,
                                     String secretAccessKey) {
        String canonicalUser = userName == null ? null : IamStore.requireUser(tx, accountId, userName).name();
        String indexPrefix = IdentityKeys.principalKeysPrefix(accountId, canonicalUser);
        if (tx.scan(indexPrefix, null, ACCESS_KEYS_PER_PRINCIPAL + 1).entries().size() >= ACCESS_KEYS_PER_PRINCIPAL) {
            throw new ServiceException(IdentityErrors.LIMIT_EXCEEDED,
                    "Cannot exceed quota for AccessKeysPerUser: " + ACCESS_KEYS_PER_PRINCIPAL);
        }
        if (tx.get(IdentityKeys.accessKey(accessKeyId)).isPresent()) {
            throw new ServiceException(IdentityErrors.ENTITY_ALREADY_EXISTS, "Access key " + accessKeyId + " already exists.");
        }
        AccessKey key = new AccessKey(accessKeyId, secretAccessKey, accountId, canonicalUser, AccessKey.Status.Active,
                clock.instant());
        tx.put(IdentityKeys.accessKey(accessKeyId), StoredJson.write(key));
        tx.put(indexPrefix + accessKeyId, new byte[0]);
        return key;
    }

    String newAccessKeyId(String prefix) {
        return prefix + randomChars(BASE32, 16);
    }

    String newSecretAccessKey() {
        return newSecret();
    }

    /** An IAM unique id: the 4-letter prefix (AIDA, AROA, AGPA, ANPA) and 17 characters of A-Z, 2-7. */
    String newUniqueId(String prefix) {
        return prefix + randomChars(BASE32, 17);
    }

    /** Random bytes for session tokens. */
    byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    Optional<Role> iamRole(String accountId, String roleName) {
        return storage.get(IdentityKeys.role(accountId, roleName)).map(b -> StoredJson.read(b, Role.class));
    }

    public Optional<AccessKey> accessKey(String accessKeyId) {
        return storage.get(IdentityKeys.accessKey(accessKeyId)).map(b -> StoredJson.read(b, AccessKey.class));
    }

    public AccessKey setAccessKeyStatus(String accountId, String accessKeyId, AccessKey.Status status) {
        AccessKey result = storage.transaction(tx -> {
            AccessKey key = tx.get(IdentityKeys.accessKey(accessKeyId))
                    .map(b -> StoredJson.read(b, AccessKey.class))
                    .filter(k -> k.accountId().equals(accountId))
                    .orElseThrow(() -> new ServiceException(IdentityErrors.NO_SUCH_ENTITY,
                            "The Access Key with id " + accessKeyId + " cannot be found."));
            AccessKey updated = key.withStatus(status);
            tx.put(IdentityKeys.accessKey(accessKeyId), StoredJson.write(updated));
            return updated;
        });
        changed();
        return result;
    }

    /**
     * UpdateAccessKey: like {@link #setAccessKeyStatus} but, as IAM does, only for a key of the named
     * user ({@code userName} null: the root user).
     */
    public AccessKey setAccessKeyStatus(String accountId, String userName, String accessKeyId, AccessKey.Status status) {
        requireOwnedKey(accountId, userName, accessKeyId);
        return setAccessKeyStatus(accountId, accessKeyId, status);
    }

    /** DeleteAccessKey: removes the key, its index entry and its last-use record in one transaction. */
    public void deleteAccessKey(String accountId, String userName, String accessKeyId) {
        storage.transaction(tx -> {
            AccessKey key = ownedKey(tx, accountId, userName, accessKeyId);
            tx.delete(IdentityKeys.accessKey(accessKeyId));
            tx.delete(IdentityKeys.principalKeysPrefix(accountId, key.userName()) + accessKeyId);
            tx.delete(IdentityKeys.accessKeyLastUsed(accessKeyId));
            return null;
        });
        changed();
    }

    private void requireOwnedKey(String accountId, String userName, String accessKeyId) {
        storage.transaction(tx -> ownedKey(tx, accountId, userName, accessKeyId));
    }

    private static AccessKey ownedKey(Transaction tx, String accountId, String userName, String accessKeyId) {
        String owner = userName == null ? null : IamStore.requireUser(tx, accountId, userName).name();
        return tx.get(IdentityKeys.accessKey(accessKeyId))
                .map(b -> StoredJson.read(b, AccessKey.class))
                .filter(k -> k.accountId().equals(accountId) && Objects.equals(k.userName(), owner))
                .orElseThrow(() -> IdentityErrors.noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found."));
    }

    /**
     * Notes that a key signed a request that verified. Writes at most once per
     * {@link #LAST_USE_WRITE_INTERVAL} per key and node, so calling it on every request is cheap.
     */
    public void recordAccessKeyUse(String accessKeyId, String serviceName, String region) {
        Instant now = clock.instant();
        Instant written = lastUseWritten.get(accessKeyId);
        if (written != null && now.isBefore(written.plus(LAST_USE_WRITE_INTERVAL))) {
            return;
        }
        if (lastUseWritten.size() >= LAST_USE_TRACKED_KEYS) {
            lastUseWritten.clear();
        }
        lastUseWritten.put(accessKeyId, now);
        if (storage.get(IdentityKeys.accessKey(accessKeyId)).isEmpty()) {
            return;
        }
        storage.put(IdentityKeys.accessKeyLastUsed(accessKeyId),
                StoredJson.write(new AccessKeyLastUse(now, serviceName, region)));
    }

    /** GetAccessKeyLastUsed, for a key of this account. */
    public AccessKeyLastUse accessKeyLastUse(String accountId, String accessKeyId) {
        AccessKey key = accessKey(accessKeyId).filter(k -> k.accountId().equals(accountId)).orElseThrow(() ->
                IdentityErrors.noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found."));
        return storage.get(IdentityKeys.accessKeyLastUsed(key.accessKeyId()))
                .map(b -> StoredJson.read(b, AccessKeyLastUse.class))
                .orElse(AccessKeyLastUse.NEVER);
    }

    /** The keys of the root user ({@code userName} null) or of an IAM user. */
    public List<AccessKey> accessKeys(String accountId, String userName) {
        String canonicalUser = userName == null ? null : storage.transaction(tx -> IamStore.requireUser(tx, accountId, userName).name());
        List<AccessKey> out = new ArrayList<>();
        String prefix = IdentityKeys.principalKeysPrefix(accountId, canonicalUser);
        StorageScans.forEachKey(storage, prefix, key -> accessKey(key.substring(prefix.length())).ifPresent(out::add));
        return out;
    }

    /** Who signs with this key, formatted as GetCallerIdentity reports it. */
    public Principal principalOf(AccessKey key) {
        if (key.isRoot()) {
            return Principal.root(key.accountId(), key.accessKeyId());
        }
        User user = user(key.accountId(), key.userName()).orElseThrow(() ->
                new IllegalStateException("access key " + key.accessKeyId() + " belongs to a missing user"));
        return Principal.user(key.accountId(), user.path(), user.name(), user.userId(), key.accessKeyId());
    }

    void requireAccount(String accountId) {
        if (!AccountId.isValid(accountId) || account(accountId).isEmpty()) {
            throw new ServiceException(IdentityErrors.NO_SUCH_ENTITY, "The account " + accountId + " cannot be found.");
        }
    }

    private String randomChars(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
