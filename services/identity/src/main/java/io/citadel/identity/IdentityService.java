package io.citadel.identity;

import io.citadel.core.AccountId;
import io.citadel.core.Principal;
import io.citadel.core.ServiceException;
import io.citadel.storage.Storage;
import io.citadel.storage.Transaction;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Accounts, IAM users and their access keys. Every change that touches more than one storage key
 * (a key and its per-principal index entry) happens in one transaction.
 */
public final class IdentityService {

    /** AWS allows two access keys per user (and per root user). */
    static final int ACCESS_KEYS_PER_PRINCIPAL = 2;

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;

    public IdentityService(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
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

    public User createUser(String accountId, String userName, String path) {
        User.requireValidName(userName);
        requireAccount(accountId);
        return storage.transaction(tx -> {
            String key = IdentityKeys.user(accountId, userName);
            if (tx.get(key).isPresent()) {
                throw new ServiceException(IdentityErrors.ENTITY_ALREADY_EXISTS, "User with name " + userName + " already exists.");
            }
            User user = new User(accountId, userName, path == null ? "/" : path, "AIDA" + randomChars(BASE32, 17), clock.instant());
            tx.put(key, StoredJson.write(user));
            return user;
        });
    }

    public Optional<User> user(String accountId, String userName) {
        return storage.get(IdentityKeys.user(accountId, userName)).map(b -> StoredJson.read(b, User.class));
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
        String canonicalUser = userName == null ? null : requireUser(tx, accountId, userName).name();
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

    public Optional<AccessKey> accessKey(String accessKeyId) {
        return storage.get(IdentityKeys.accessKey(accessKeyId)).map(b -> StoredJson.read(b, AccessKey.class));
    }

    public AccessKey setAccessKeyStatus(String accountId, String accessKeyId, AccessKey.Status status) {
        return storage.transaction(tx -> {
            AccessKey key = tx.get(IdentityKeys.accessKey(accessKeyId))
                    .map(b -> StoredJson.read(b, AccessKey.class))
                    .filter(k -> k.accountId().equals(accountId))
                    .orElseThrow(() -> new ServiceException(IdentityErrors.NO_SUCH_ENTITY,
                            "The Access Key with id " + accessKeyId + " cannot be found."));
            AccessKey updated = key.withStatus(status);
            tx.put(IdentityKeys.accessKey(accessKeyId), StoredJson.write(updated));
            return updated;
        });
    }

    /** The keys of the root user ({@code userName} null) or of an IAM user. */
    public List<AccessKey> accessKeys(String accountId, String userName) {
        String canonicalUser = userName == null ? null : storage.transaction(tx -> requireUser(tx, accountId, userName).name());
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

    private void requireAccount(String accountId) {
        if (!AccountId.isValid(accountId) || account(accountId).isEmpty()) {
            throw new ServiceException(IdentityErrors.NO_SUCH_ENTITY, "The account " + accountId + " cannot be found.");
        }
    }

    private static User requireUser(Transaction tx, String accountId, String userName) {
        return tx.get(IdentityKeys.user(accountId, User.requireValidName(userName)))
                .map(b -> StoredJson.read(b, User.class))
                .orElseThrow(() -> new ServiceException(IdentityErrors.NO_SUCH_ENTITY,
                        "The user with name " + userName + " cannot be found."));
    }

    private String randomChars(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
