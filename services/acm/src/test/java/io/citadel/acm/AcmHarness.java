package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.access.Access;
import io.citadel.core.access.AccessDeniedException;
import io.citadel.core.access.Authorization;
import io.citadel.core.policy.Decision;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * ACM as a node wires it, on fakes: storage behind a real barrier in memory, a movable clock, the durable scheduler,
 * the in-process issuer, a DNS table the test fills, and a mailer that records what it was given.
 */
final class AcmHarness implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String ACCOUNT = "111122223333";
    static final String CA_ARN = "arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/11111111-2222-3333-4444-555555555555";

    /** One message the fake mailer was handed. */
    record Mail(String from, List<String> to, String subject, String body) {
        String token() {
            Matcher m = Pattern.compile(Validations.APPROVAL_PATH + "([A-Za-z0-9_-]+)").matcher(body);
            assertThat(m.find()).as("approval link in mail").isTrue();
            return m.group(1);
        }
    }

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SecureRandom random = new SecureRandom();
    final Barrier storage;
    final StorageScheduler scheduler;
    final Map<String, String> dns = new ConcurrentHashMap<>();
    final List<Mail> mails = new CopyOnWriteArrayList<>();
    final InProcessIssuer issuer;
    final Acm acm;
    /** Actions the fake policy engine denies. */
    final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();

    AcmHarness() {
        this(s -> s);
    }

    AcmHarness(java.util.function.UnaryOperator<AcmSettings> tweak) {
        byte[] rootKey = new byte[RootKey.BYTES];
        random.nextBytes(rootKey);
        try (RootKey key = new RootKey(rootKey)) {
            this.storage = Barrier.open(new InMemoryStorage(), key);
        }
        this.scheduler = new StorageScheduler(storage, clock, "node-1");
        this.issuer = new InProcessIssuer(storage, clock, random);
        issuer.createAuthority(CA_ARN);
        Access access = new Access() {
            @Override
            public Decision decide(RequestContext context, Authorization authorization) {
                return new Decision(denied.contains(authorization.action()) ? Decision.Outcome.IMPLICIT_DENY : Decision.Outcome.ALLOW, null, "test");
            }

            @Override
            public AccessDeniedException denied(RequestContext context, Authorization authorization, Decision decision) {
                return new AccessDeniedException("User: " + context.principal().arn() + " is not authorized to perform: "
                        + authorization.action() + " on resource: " + authorization.resource());
            }
        };
        AcmSettings settings = tweak.apply(AcmSettings.aws(name -> {
            String target = dns.get(name.endsWith(".") ? name : name + ".");
            return target == null ? List.of() : List.of(target);
        }, (from, to, subject, body) -> mails.add(new Mail(from, to, subject, body)), () -> "https://acm.test"));
        this.acm = new Acm(storage, clock, random, access, scheduler, issuer, settings, Runnable::run);
    }

    RequestContext ctx() {
        return new RequestContext("req-" + requests.incrementAndGet(), clock.instant(), "10.0.0.1", "acm-test", true,
                Principal.root(ACCOUNT, "AKIATEST"), REGION, "acm", "Test");
    }

    /** The scheduler runs due jobs, then the claimed checks run; repeated while jobs come due in the same instant. */
    void tick() {
        for (int i = 0; i < 5; i++) {
            scheduler.runDue();
            acm.runClaimedChecks();
        }
    }

    /** Moves the clock in steps of {@code step}, ticking after each, until {@code total} has passed. */
    void travel(Duration total, Duration step) {
        Duration left = total;
        while (!left.isZero() && !left.isNegative()) {
            Duration d = left.compareTo(step) < 0 ? left : step;
            clock.advance(d);
            tick();
            left = left.minus(d);
        }
    }

    String requestDns(String domain, String... sans) {
        return acm.issuance().request(ctx(), new CertificateIssuance.RequestInput(domain, "DNS", sans.length == 0 ? null : List.of(sans), null,
                null, null, null, null, null, null, null));
    }

    String requestPrivate(String domain, String keyAlgorithm) {
        return acm.issuance().request(ctx(), new CertificateIssuance.RequestInput(domain, null, null, null, null, CA_ARN, null, keyAlgorithm,
                null, null, null));
    }

    StoredCertificate describe(String arn) {
        return acm.reads().describe(ctx(), arn);
    }

    /** Puts every DNS validation record the certificate asks for in place. */
    void publishRecords(String arn) {
        for (StoredCertificate.Validation v : describe(arn).validations()) {
            dns.put(v.recordName(), v.recordValue());
        }
    }

    List<String> events(Predicate<String> filter) {
        return acm.events().list(ACCOUNT, REGION).stream().filter(filter).toList();
    }

    List<String> events(String detailType) {
        return events(e -> e.contains("\"detail-type\":\"" + detailType + "\""));
    }

    /** The chain the issuer returned, verified with the JDK's PKIX validator against its own root; returns the leaf. */
    static X509Certificate verifyChain(String certificatePem, String chainPem, Instant at) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate leaf = (X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(Pem.decodeOne(certificatePem, Pem.CERTIFICATE)));
        List<X509Certificate> chain = new ArrayList<>();
        for (byte[] der : Pem.decodeEvery(chainPem, Pem.CERTIFICATE)) {
            chain.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(der)));
        }
        X509Certificate root = chain.getLast();
        List<X509Certificate> path = new ArrayList<>();
        path.add(leaf);
        path.addAll(chain.subList(0, chain.size() - 1));
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(path), params);
        return leaf;
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
