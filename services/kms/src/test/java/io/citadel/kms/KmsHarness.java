package io.citadel.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.identity.Account;
import io.citadel.identity.EntityKind;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.identity.SecurityTokens;
import io.citadel.storage.Barrier;
import io.citadel.storage.Entry;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.KeyRules;
import io.citadel.storage.RootKey;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * KMS as a node wires it, on fakes: storage behind a real barrier (in memory unless a test passes
 * another backend), a movable clock, the durable scheduler, and the real policy engine over a real
 * identity service with two accounts, A and B.
 */
public final class KmsHarness implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String WEST = "us-west-2";
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    public final TestClock clock = new TestClock(START);
    public final SecureRandom random = new SecureRandom();
    public final byte[] rootKey;
    public final Barrier storage;
    public final IdentityService identity;
    public final PolicyAccess access;
    public final StorageScheduler scheduler;
    public final Kms kms;
    public final String accountA;
    public final String accountB;
    public final Principal rootA;
    public final Principal rootB;
    private final AtomicLong requests = new AtomicLong();

    public KmsHarness() {
        this(new InMemoryStorage(), newRootKey());
    }

    /** Over {@code raw} sealed with {@code rootKey}; reuses accounts "a" and "b" when the store already has them. */
    public KmsHarness(Storage raw, byte[] rootKey) {
        this.rootKey = rootKey.clone();
        try (RootKey key = new RootKey(rootKey)) {
            this.storage = Barrier.open(raw, key);
        }
        this.identity = new IdentityService(storage, clock, random);
        this.access = new PolicyAccess(identity);
        this.scheduler = new StorageScheduler(storage, clock, "node-1");
        this.kms = new Kms(storage, clock, random, access, scheduler);
        this.accountA = account("a");
        this.accountB = account("b");
        this.rootA = identity.principalOf(identity.createAccessKey(accountA, null));
        this.rootB = identity.principalOf(identity.createAccessKey(accountB, null));
    }

    public static byte[] newRootKey() {
        byte[] key = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private String account(String name) {
        return identity.accounts().stream().filter(a -> a.name().equals(name)).map(Account::id).findFirst()
                .orElseGet(() -> identity.createAccount(name).id());
    }

    /** Another node on the same storage: its own Kms, scheduler and caches. */
    public Kms secondNode() {
        return new Kms(storage, clock, random, access, new StorageScheduler(storage, clock, "node-2"));
    }

    // ---- callers

    public RequestContext ctx(Principal principal) {
        return ctx(principal, REGION);
    }

    public RequestContext ctx(Principal principal, String region) {
        return new RequestContext("req-" + requests.incrementAndGet(), clock.instant(), "10.0.0.1", "kms-test", true,
                principal, region, "kms", "Test");
    }

    public RequestContext a() {
        return ctx(rootA);
    }

    public RequestContext b() {
        return ctx(rootB);
    }

    public Principal rootOf(String account) {
        return account.equals(accountA) ? rootA : rootB;
    }

    /** An IAM user with the given inline identity policies. */
    public Principal user(String account, String name, String... identityPolicies) {
        identity.iam().createUser(account, name, "/", null, null);
        for (int i = 0; i < identityPolicies.length; i++) {
            identity.policies().putInlinePolicy(account, EntityKind.USER, name, "inline-" + i, identityPolicies[i]);
        }
        return identity.principalOf(identity.createAccessKey(account, name));
    }

    public String userArn(String account, String name) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    /** A role its own account may assume, with the given inline policies, and a session of it from STS. */
    public Principal roleSession(String account, String roleName, String... identityPolicies) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + account + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
        identity.iam().createRole(account, roleName, "/", trust, null, null, null, null);
        for (int i = 0; i < identityPolicies.length; i++) {
            identity.policies().putInlinePolicy(account, EntityKind.ROLE, roleName, "inline-" + i, identityPolicies[i]);
        }
        SecurityTokens.Issued issued = identity.sts().assumeRole(ctx(rootOf(account)), new SecurityTokens.AssumeRoleInput(
                roleArn(account, roleName), roleName + "-session", null, null, null, null, null, null), access);
        return identity.sts().principalOf(issued.credential());
    }

    public String roleArn(String account, String roleName) {
        return "arn:aws:iam::" + account + ":role/" + roleName;
    }

    /** An identity policy of one Allow statement. */
    public static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    /** A key policy of the given statements. */
    public static String keyPolicy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** The default policy's statement: the account may use IAM policies for the key. */
    public static String rootStatement(String account) {
        return "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
                + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}";
    }

    // ---- keys

    public static KeyAdministration.CreateKeyInput input(String keySpec, String keyUsage) {
        return new KeyAdministration.CreateKeyInput(null, null, keyUsage, keySpec, null, null, null, false, List.of(), false, null);
    }

    public static KeyAdministration.CreateKeyInput withPolicy(String policy, boolean bypass) {
        return new KeyAdministration.CreateKeyInput(policy, null, null, null, null, null, null, bypass, List.of(), false, null);
    }

    public static KeyAdministration.CreateKeyInput external(String keySpec, String keyUsage) {
        return new KeyAdministration.CreateKeyInput(null, null, keyUsage, keySpec, null, "EXTERNAL", null, false, List.of(), false,
                null);
    }

    public static KeyAdministration.CreateKeyInput multiRegion() {
        return new KeyAdministration.CreateKeyInput(null, "multi-Region key", null, null, null, null, null, false, List.of(), true,
                null);
    }

    public KmsKey createKey(RequestContext ctx, KeyAdministration.CreateKeyInput in) {
        return kms.administration().createKey(ctx, in);
    }

    /** A symmetric encryption key of account A. */
    public KmsKey symmetricKey() {
        return createKey(a(), input(null, null));
    }

    public KmsKey key(String keySpec, String keyUsage) {
        return createKey(a(), input(keySpec, keyUsage));
    }

    public KmsKey describe(RequestContext ctx, String keyId) {
        return kms.administration().describeKey(ctx, Call.DIRECT, keyId);
    }

    public byte[] encrypt(RequestContext ctx, String keyId, byte[] plaintext, Map<String, String> context) {
        return kms.cryptography().encrypt(ctx, Call.DIRECT, keyId, plaintext, context, null, false).ciphertext();
    }

    public byte[] decrypt(RequestContext ctx, byte[] ciphertext, Map<String, String> context) {
        return kms.cryptography().decrypt(ctx, Call.DIRECT, ciphertext, context, null, null, false).plaintext();
    }

    public byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the scheduler and storage

    /** Runs every job due at the clock's time, including follow-ups already due. */
    public int runDue() {
        int total = 0;
        int ran;
        do {
            ran = scheduler.runDue();
            total += ran;
        } while (ran > 0 && total < 100_000);
        return total;
    }

    /** Every entry of a store, in key order. */
    public static List<Entry> entries(Storage store) {
        List<Entry> out = new ArrayList<>();
        String after = null;
        ScanPage page;
        do {
            page = store.scan("", after, KeyRules.MAX_SCAN_LIMIT);
            out.addAll(page.entries());
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        return out;
    }

    /** The storage keys (read through the barrier, with the root key) that mention {@code fragment}. */
    public List<String> keysMentioning(String fragment) {
        return entries(storage).stream().map(Entry::key).filter(k -> k.contains(fragment)).sorted(Comparator.naturalOrder())
                .toList();
    }

    // ---- errors

    /** The ServiceException {@code call} throws; fails the test when it throws nothing or something else. */
    public static ServiceException error(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a ServiceException").isInstanceOf(ServiceException.class);
        return (ServiceException) thrown;
    }

    /** The AWS error code {@code call} fails with. */
    public static String code(ThrowingCallable call) {
        return error(call).errorCode().code();
    }

    @Override
    public void close() {
        storage.close();
    }
}
