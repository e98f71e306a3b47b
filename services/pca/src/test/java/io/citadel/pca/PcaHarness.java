package io.citadel.pca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateRequests;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import io.citadel.identity.Account;
import io.citadel.identity.EntityKind;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.kms.Kms;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.schedule.StorageScheduler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * ACM PCA as a node wires it, on fakes: in-memory storage behind a real barrier, a movable clock, the durable
 * scheduler, the real policy engine over a real identity service with accounts A and B.
 */
final class PcaHarness implements AutoCloseable {

    static final String REGION = "us-east-1";
    static final String BASE_URL = "http://pca.test:4566";

    final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SecureRandom random = new SecureRandom();
    final InMemoryStorage raw = new InMemoryStorage();
    final Barrier storage;
    final IdentityService identity;
    final PolicyAccess access;
    final StorageScheduler scheduler;
    final Kms kms;
    final Pca pca;
    final String accountA;
    final String accountB;
    final Principal rootA;
    final Principal rootB;
    private final AtomicLong requests = new AtomicLong();

    PcaHarness(Path reportDir) {
        byte[] rootKey = new byte[RootKey.BYTES];
        random.nextBytes(rootKey);
        try (RootKey key = new RootKey(rootKey)) {
            this.storage = Barrier.open(raw, key);
        }
        this.identity = new IdentityService(storage, clock, random);
        this.access = new PolicyAccess(identity);
        this.scheduler = new StorageScheduler(storage, clock, "node-1");
        this.kms = new Kms(storage, clock, random, access, scheduler);
        this.pca = new Pca(storage, clock, random, access, scheduler, new PcaSettings(() -> BASE_URL, reportDir, 5), kms);
        this.accountA = identity.accounts().stream().filter(a -> a.name().equals("a")).map(Account::id).findFirst()
                .orElseGet(() -> identity.createAccount("a").id());
        this.accountB = identity.createAccount("b").id();
        this.rootA = identity.principalOf(identity.createAccessKey(accountA, null));
        this.rootB = identity.principalOf(identity.createAccessKey(accountB, null));
    }

    RequestContext ctx(Principal principal) {
        return new RequestContext("req-" + requests.incrementAndGet(), clock.instant(), "10.0.0.1", "pca-test", true, principal,
                REGION, "acm-pca", "Test");
    }

    RequestContext a() {
        return ctx(rootA);
    }

    RequestContext b() {
        return ctx(rootB);
    }

    Principal user(String name, String... policies) {
        identity.iam().createUser(accountA, name, "/", null, null);
        for (int i = 0; i < policies.length; i++) {
            identity.policies().putInlinePolicy(accountA, EntityKind.USER, name, "inline-" + i, policies[i]);
        }
        return identity.principalOf(identity.createAccessKey(accountA, name));
    }

    static final Authorities.RevocationInput CRL_AND_OCSP =
            new Authorities.RevocationInput(true, 7, null, null, null, null, null, null, true, null);

    String createCa(String type, String commonName, Authorities.RevocationInput revocation) {
        return pca.authorities().create(a(), new Authorities.CreateInput(type, "EC_prime256v1", "SHA256WITHECDSA",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.ORGANIZATION, "Citadel Test"),
                        new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName)),
                revocation, null, null, null, null));
    }

    /** A ROOT CA made ACTIVE the AWS way: CSR, IssueCertificate with RootCACertificate/V1, import. */
    String activeRoot(Authorities.RevocationInput revocation) {
        String arn = createCa("ROOT", "Test Root", revocation);
        String csr = pca.authorities().csr(a(), arn);
        String certArn = pca.issuance().issue(a(), new Issuance.IssueInput(arn, csr.getBytes(StandardCharsets.US_ASCII), "SHA256WITHECDSA",
                Templates.PREFIX + "RootCACertificate/V1", new Issuance.Validity(10, "YEARS"), null, null, null));
        String cert = pca.issuance().get(a(), arn, certArn).certificate();
        pca.authorities().importCertificate(a(), arn, cert.getBytes(StandardCharsets.US_ASCII), null);
        return arn;
    }

    /** A SUBORDINATE CA signed by {@code parent} with SubordinateCACertificate_PathLen{pathLen}/V1 and made ACTIVE. */
    String activeSubordinate(String parent, int pathLen, Authorities.RevocationInput revocation) {
        String arn = createCa("SUBORDINATE", "Test Issuing CA " + pathLen, revocation);
        String csr = pca.authorities().csr(a(), arn);
        String certArn = pca.issuance().issue(a(), new Issuance.IssueInput(parent, csr.getBytes(StandardCharsets.US_ASCII), "SHA256WITHECDSA",
                Templates.PREFIX + "SubordinateCACertificate_PathLen" + pathLen + "/V1", new Issuance.Validity(5, "YEARS"), null, null, null));
        Issuance.Issued issued = pca.issuance().get(a(), parent, certArn);
        pca.authorities().importCertificate(a(), arn, issued.certificate().getBytes(StandardCharsets.US_ASCII),
                issued.chain().getBytes(StandardCharsets.US_ASCII));
        return arn;
    }

    /** A PEM CSR for a fresh key, naming {@code commonName} and requesting {@code sans}. */
    String csr(KeyPairType type, String commonName, List<SubjectAlternativeName> sans) {
        AsymmetricKeyPair pair = KeyPairs.generate(type, random);
        SignatureScheme scheme = switch (type.family()) {
            case RSA -> SignatureScheme.RSA_PKCS1_SHA_256;
            case ML_DSA -> SignatureScheme.ML_DSA;
            default -> type == KeyPairType.SM2 ? SignatureScheme.SM2DSA : SignatureScheme.ECDSA_SHA_256;
        };
        byte[] der = CertificateRequests.create(DistinguishedNames.encode(List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME,
                commonName))), pair.publicSpki(), sans, CertificateSigner.ofPrivateKey(scheme, pair.privatePkcs8(), random));
        return Pem.encode(Pem.CERTIFICATE_REQUEST, der);
    }

    Issuance.IssueInput endEntity(String caArn, String csr, String template) {
        return new Issuance.IssueInput(caArn, csr.getBytes(StandardCharsets.US_ASCII), "SHA256WITHECDSA", template,
                new Issuance.Validity(30, "DAYS"), null, null, null);
    }

    static X509Certificate x509(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }

    static List<X509Certificate> chain(String pem) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(c -> (X509Certificate) c).toList();
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\""
                + resource + "\"}]}";
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
