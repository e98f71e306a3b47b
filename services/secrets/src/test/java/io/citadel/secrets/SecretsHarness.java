package io.citadel.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.identity.Account;
import io.citadel.identity.EntityKind;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.kms.Kms;
import io.citadel.secrets.rotation.RotationFunction;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Secrets Manager as a node wires it, on fakes: storage behind a real barrier (in memory or
 * SQLite), a movable clock, the durable scheduler, the real policy engine over a real identity
 * service with accounts A and B, real KMS, rotation functions from a test registry, and rotations
 * run when the test says so ({@link #runRotations()}), so a test can "kill" a node by dropping them.
 */
final class SecretsHarness implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String WEST = "us-west-2";
    static final String LAMBDA = "arn:aws:lambda:us-east-1:%s:function:test-rotator";

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SecureRandom random = new SecureRandom();
    final Storage raw;
    final Barrier storage;
    final IdentityService identity;
    final PolicyAccess access;
    final Kms kms;
    final Map<String, RotationFunction> functions = new ConcurrentHashMap<>();
    /** What the rotation engine recorded in the audit trail (a recording fake of it). */
    final java.util.List<io.citadel.core.audit.ServiceEvent> serviceEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Node node1;
    final String accountA;
    final String accountB;
    final Principal rootA;
    final Principal rootB;
    private final AtomicLong requests = new AtomicLong();

    /** One node: its scheduler, its Secrets and the rotations it was handed but has not run yet. */
    final class Node {
        final StorageScheduler scheduler;
        final Secrets secrets;
        final Deque<Runnable> pending = new ArrayDeque<>();

        Node(String id, SecretLimits limits) {
            this.scheduler = new StorageScheduler(storage, clock, id);
            this.secrets = new Secrets(storage, clock, random, access, kms, scheduler,
                    (account, region, arn) -> Optional.ofNullable(functions.get(arn)), pending::add, limits, serviceEvents::add);
        }

        /** The scheduler runs due jobs, then the claimed rotations run (each until done, failed or "crashed"). */
        void tick() {
            scheduler.runDue();
            secrets.runClaimedRotations();
            runRotations();
        }

        void runRotations() {
            for (Runnable r = pending.poll(); r != null; r = pending.poll()) {
                try {
                    r.run();
                } catch (FakeRotationFunction.Crash crash) {
                    pending.clear();
                    return;
                }
            }
        }
    }

    SecretsHarness() {
        this(new InMemoryStorage(), new SecretLimits(100, Duration.ofHours(24), 50, 5));
    }

    SecretsHarness(Storage raw, SecretLimits limits) {
        this.raw = raw;
        byte[] rootKey = new byte[RootKey.BYTES];
        random.nextBytes(rootKey);
        try (RootKey key = new RootKey(rootKey)) {
            this.storage = Barrier.open(raw, key);
        }
        this.identity = new IdentityService(storage, clock, random);
        this.access = new PolicyAccess(identity);
        this.kms = new Kms(storage, clock, random, access, new StorageScheduler(storage, clock, "kms"));
        this.node1 = new Node("node-1", limits);
        this.accountA = identity.accounts().stream().filter(a -> a.name().equals("a")).map(Account::id).findFirst()
                .orElseGet(() -> identity.createAccount("a").id());
        this.accountB = identity.createAccount("b").id();
        this.rootA = identity.principalOf(identity.createAccessKey(accountA, null));
        this.rootB = identity.principalOf(identity.createAccessKey(accountB, null));
    }

    Secrets secrets() {
        return node1.secrets;
    }

    Node secondNode() {
        return new Node("node-2", SecretLimits.AWS);
    }

    RequestContext ctx(Principal principal, String region) {
        return new RequestContext("req-" + requests.incrementAndGet(), clock.instant(), "10.0.0.1", "secrets-test", true, principal,
                region, "secretsmanager", "Test");
    }

    RequestContext a() {
        return ctx(rootA, REGION);
    }

    RequestContext b() {
        return ctx(rootB, REGION);
    }

    Principal user(String name, String... policies) {
        identity.iam().createUser(accountA, name, "/", null, null);
        for (int i = 0; i < policies.length; i++) {
            identity.policies().putInlinePolicy(accountA, EntityKind.USER, name, "inline-" + i, policies[i]);
        }
        return identity.principalOf(identity.createAccessKey(accountA, name));
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\""
                + resource + "\"}]}";
    }

    String lambda() {
        return String.format(LAMBDA, accountA);
    }

    FakeRotationFunction registerFunction() {
        FakeRotationFunction f = new FakeRotationFunction();
        functions.put(lambda(), f);
        return f;
    }

    SecretWrites.Written create(String name, String value) {
        return secrets().writes().create(a(), new SecretWrites.CreateInput(name, null, null, null, value, null, null, null, false)).written();
    }

    String current(String secretId) {
        return secrets().reads().get(a(), secretId, null, null).secretString();
    }

    StoredSecret describe(String secretId) {
        return secrets().reads().describe(a(), secretId);
    }

    static ServiceException error(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a ServiceException").isInstanceOf(ServiceException.class);
        return (ServiceException) thrown;
    }

    static String code(ThrowingCallable call) {
        return error(call).errorCode().code();
    }

    @Override
    public void close() {
        storage.close();
    }
}
