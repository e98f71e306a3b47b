package io.citadel.parameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.identity.EntityKind;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.kms.Kms;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Parameter Store as a node wires it, on fakes: in-memory storage behind a real barrier, a fixed
 * clock, the real policy engine over a real identity service, real KMS. Limits are small so tests
 * reach them: 5 Standard and 3 Advanced parameters, 4 versions, 3 tags.
 */
final class ParametersHarness {

    static final String REGION = "us-east-1";
    static final ParameterLimits LIMITS = new ParameterLimits(5, 3, 4, 3);

    final InMemoryStorage raw = new InMemoryStorage();
    final Barrier storage;
    final IdentityService identity;
    final PolicyAccess access;
    final Kms kms;
    final Parameters parameters;
    final String accountA;
    final Principal rootA;
    private final AtomicLong requests = new AtomicLong();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final StorageScheduler scheduler;

    ParametersHarness() {
        this(LIMITS);
    }

    ParametersHarness(ParameterLimits limits) {
        byte[] rootKey = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(rootKey);
        try (RootKey key = new RootKey(rootKey)) {
            this.storage = Barrier.open(raw, key);
        }
        SecureRandom random = new SecureRandom();
        this.identity = new IdentityService(storage, clock, random);
        this.access = new PolicyAccess(identity);
        this.scheduler = new StorageScheduler(storage, clock, "node-1");
        this.kms = new Kms(storage, clock, random, access, scheduler);
        this.parameters = new Parameters(storage, clock, random, access, kms, scheduler, limits);
        this.accountA = identity.createAccount("a").id();
        this.rootA = identity.principalOf(identity.createAccessKey(accountA, null));
    }

    /** A clock tests move instead of sleeping. */
    static final class MutableClock implements InstantSource {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }
    }

    RequestContext ctx(Principal principal) {
        return new RequestContext("req-" + requests.incrementAndGet(), clock.instant(), "10.0.0.1", "ssm-test", true, principal,
                REGION, "ssm", "Test");
    }

    RequestContext a() {
        return ctx(rootA);
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

    String arn(String name) {
        return ParameterNames.arn(REGION, accountA, name);
    }

    long put(String name, String value) {
        return parameters.writes().put(a(), input(name, value, "String", false)).version();
    }

    long overwrite(String name, String value) {
        return parameters.writes().put(a(), input(name, value, null, true)).version();
    }

    static ParameterWrites.PutInput input(String name, String value, String type, boolean overwrite) {
        return new ParameterWrites.PutInput(name, null, value, type, null, overwrite, null, null, null, null, null);
    }

    static ParameterWrites.PutInput input(String name, String value, String type, String tier, String allowedPattern,
                                          Map<String, String> tags) {
        return new ParameterWrites.PutInput(name, null, value, type, null, false, allowedPattern, tags, tier, null, null);
    }

    String value(String selector) {
        return parameters.reads().get(a(), selector, true).value();
    }

    static ServiceException error(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a ServiceException").isInstanceOf(ServiceException.class);
        return (ServiceException) thrown;
    }

    static String code(ThrowingCallable call) {
        return error(call).errorCode().code();
    }
}
