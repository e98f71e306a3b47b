package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.pki.DistinguishedNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaAuthoritiesTest {

    @TempDir
    Path reports;
    PcaHarness h;

    private PcaHarness h() {
        if (h == null) {
            h = new PcaHarness(reports);
        }
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void createRoot_startsPendingCertificate_withACsrForItsKey() {
        String arn = h().createCa("ROOT", "Root", null);
        Authorities.View view = h.pca.authorities().describe(h.a(), arn);
        assertThat(view.status()).isEqualTo("PENDING_CERTIFICATE");
        assertThat(view.type()).isEqualTo("ROOT");
        assertThat(arn).matches("arn:aws:acm-pca:us-east-1:" + h.accountA + ":certificate-authority/[0-9a-f-]{36}");
        assertThat(h.pca.authorities().csr(h.a(), arn)).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(code(() -> h.pca.authorities().certificate(h.a(), arn))).isEqualTo("InvalidStateException");
    }

    @Test
    void rootSelfIssuedAndImported_becomesActive_withItsCertificate() {
        String arn = h().activeRoot(null);
        Authorities.View view = h.pca.authorities().describe(h.a(), arn);
        assertThat(view.status()).isEqualTo("ACTIVE");
        assertThat(view.notAfter()).isAfter(h.clock.instant().plus(Duration.ofDays(3000)));
        Authorities.CaCertificate cert = h.pca.authorities().certificate(h.a(), arn);
        X509Certificate x = PcaHarness.x509(cert.certificate());
        assertThat(x.getSubjectX500Principal()).isEqualTo(x.getIssuerX500Principal());
        assertThat(x.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(x.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(cert.chain()).isNull();
        assertThat(view.serial()).contains(":");
    }

    @Test
    void subordinateSignedByOurRoot_importsWithChain_andVerifies() {
        String root = h().activeRoot(null);
        String sub = h.activeSubordinate(root, 0, null);
        Authorities.CaCertificate cert = h.pca.authorities().certificate(h.a(), sub);
        assertThat(PcaHarness.x509(cert.certificate()).getBasicConstraints()).isEqualTo(0);
        assertThat(PcaHarness.chain(cert.chain())).hasSize(1);
        assertThat(h.pca.authorities().describe(h.a(), sub).status()).isEqualTo("ACTIVE");
    }

    @Test
    void import_withAnotherKeysCertificate_isCertificateMismatch() {
        String root = h().activeRoot(null);
        String other = h.createCa("ROOT", "Other", null);
        byte[] rootCert = h.pca.authorities().certificate(h.a(), root).certificate().getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> h.pca.authorities().importCertificate(h.a(), other, rootCert, null))).isEqualTo("CertificateMismatchException");
        assertThat(code(() -> h.pca.authorities().importCertificate(h.a(), other, "junk".getBytes(), null)))
                .isEqualTo("MalformedCertificateException");
    }

    @Test
    void importSubordinate_withoutChain_orWithAForeignChain_isInvalidRequest() {
        String root = h().activeRoot(null);
        String otherRoot = h.activeRoot(null);
        String sub = h.createCa("SUBORDINATE", "Sub", null);
        String csr = h.pca.authorities().csr(h.a(), sub);
        String certArn = h.pca.issuance().issue(h.a(), new Issuance.IssueInput(root, csr.getBytes(StandardCharsets.US_ASCII),
                null, Templates.PREFIX + "SubordinateCACertificate_PathLen0/V1", new Issuance.Validity(1, "YEARS"), null, null, null));
        byte[] cert = h.pca.issuance().get(h.a(), root, certArn).certificate().getBytes(StandardCharsets.US_ASCII);
        byte[] foreign = h.pca.authorities().certificate(h.a(), otherRoot).certificate().getBytes(StandardCharsets.US_ASCII);
        assertThat(code(() -> h.pca.authorities().importCertificate(h.a(), sub, cert, null))).isEqualTo("InvalidRequestException");
        assertThat(PcaHarness.error(() -> h.pca.authorities().importCertificate(h.a(), sub, cert, foreign)).getMessage())
                .startsWith("The certificate does not verify up its chain");
        assertThat(h.pca.authorities().describe(h.a(), sub).status()).isEqualTo("PENDING_CERTIFICATE");
    }

    @Test
    void signingAlgorithmThatDoesNotFitTheKey_isInvalidArgs() {
        assertThat(code(() -> h().pca.authorities().create(h.a(), new Authorities.CreateInput("ROOT", "EC_prime256v1", "SHA256WITHRSA",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "x")), null, null, null, null, null))))
                .isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.authorities().create(h.a(), new Authorities.CreateInput("ROOT", "SM2", "SHA256WITHECDSA",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "x")), null, null, null, null, null))))
                .isEqualTo("InvalidArgsException");
    }

    @Test
    void idempotencyToken_returnsTheSameCaWithinFiveMinutes() {
        var input = new Authorities.CreateInput("ROOT", "EC_prime256v1", "SHA256WITHECDSA",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "idem")), null, "token-1", null, null, null);
        String first = h().pca.authorities().create(h.a(), input);
        assertThat(h.pca.authorities().create(h.a(), input)).isEqualTo(first);
        h.clock.advance(Duration.ofMinutes(6));
        assertThat(h.pca.authorities().create(h.a(), input)).isNotEqualTo(first);
    }

    @Test
    void quota_isLimitExceeded() {
        for (int i = 0; i < 5; i++) {
            h().createCa("ROOT", "ca" + i, null);
        }
        assertThat(code(() -> h.createCa("ROOT", "one too many", null))).isEqualTo("LimitExceededException");
    }

    @Test
    void list_pagesThroughTheAccountsCas() {
        for (int i = 0; i < 3; i++) {
            h().createCa("ROOT", "ca" + i, null);
        }
        Authorities.Page first = h.pca.authorities().list(h.a(), 2, null, null);
        assertThat(first.items()).hasSize(2);
        Authorities.Page second = h.pca.authorities().list(h.a(), 2, first.nextToken(), null);
        assertThat(second.items()).hasSize(1);
        assertThat(second.nextToken()).isNull();
        assertThat(h.pca.authorities().list(h.b(), null, null, null).items()).isEmpty();
        assertThat(code(() -> h.pca.authorities().list(h.a(), 2, "!!!", null))).isEqualTo("InvalidNextTokenException");
    }

    @Test
    void deleteActive_isInvalidState_disableThenDeleteThenRestore() {
        String arn = h().activeRoot(null);
        assertThat(code(() -> h.pca.authorities().delete(h.a(), arn, 7))).isEqualTo("InvalidStateException");
        h.pca.authorities().update(h.a(), arn, null, "DISABLED");
        h.pca.authorities().delete(h.a(), arn, 7);
        Authorities.View deleted = h.pca.authorities().describe(h.a(), arn);
        assertThat(deleted.status()).isEqualTo("DELETED");
        assertThat(deleted.restorableUntil()).isEqualTo(h.clock.instant().plus(Duration.ofDays(7)));
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(arn, h.csr(io.citadel.core.crypto.KeyPairType.EC_P256, "x", List.of()), null))))
                .isEqualTo("InvalidStateException");
        h.pca.authorities().restore(h.a(), arn);
        assertThat(h.pca.authorities().describe(h.a(), arn).status()).isEqualTo("DISABLED");
        assertThat(code(() -> h.pca.authorities().restore(h.a(), arn))).isEqualTo("InvalidStateException");
    }

    @Test
    void deletedCa_isPurgedByTheSchedulerAfterItsWindow() {
        String arn = h().activeRoot(null);
        h.pca.authorities().update(h.a(), arn, null, "DISABLED");
        h.pca.authorities().delete(h.a(), arn, 7);
        h.clock.advance(Duration.ofDays(6));
        h.scheduler.runDue();
        assertThat(h.pca.authorities().describe(h.a(), arn).status()).isEqualTo("DELETED");
        h.clock.advance(Duration.ofDays(1).plusSeconds(1));
        h.scheduler.runDue();
        assertThat(code(() -> h.pca.authorities().describe(h.a(), arn))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void restoredCa_isNotPurged() {
        String arn = h().activeRoot(null);
        h.pca.authorities().update(h.a(), arn, null, "DISABLED");
        h.pca.authorities().delete(h.a(), arn, 7);
        h.pca.authorities().restore(h.a(), arn);
        h.clock.advance(Duration.ofDays(8));
        h.scheduler.runDue();
        assertThat(h.pca.authorities().describe(h.a(), arn).status()).isEqualTo("DISABLED");
    }

    @Test
    void pendingCa_isDeletedAtOnce() {
        String arn = h().createCa("SUBORDINATE", "pending", null);
        h.pca.authorities().delete(h.a(), arn, null);
        assertThat(code(() -> h.pca.authorities().describe(h.a(), arn))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void badArn_isInvalidArn_unknownCa_isNotFound() {
        assertThat(code(() -> h().pca.authorities().describe(h.a(), "arn:aws:acm-pca:us-east-1:123:nope"))).isEqualTo("InvalidArnException");
        assertThat(code(() -> h.pca.authorities().describe(h.a(), PcaEnvironment.arn("us-east-1", h.accountA,
                "00000000-0000-0000-0000-000000000000")))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void update_toAnUnsupportedStatus_isInvalidArgs_onAPendingCa_isInvalidState() {
        String arn = h().createCa("ROOT", "pending", null);
        assertThat(code(() -> h.pca.authorities().update(h.a(), arn, null, "EXPIRED"))).isEqualTo("InvalidArgsException");
        assertThat(code(() -> h.pca.authorities().update(h.a(), arn, null, "ACTIVE"))).isEqualTo("InvalidStateException");
    }

    @Test
    void caPrivateKey_isOnlyInTheSealedStorage_neverInTheClear() {
        String arn = h().activeRoot(null);
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        byte[] pkcs8 = h.storage.get(PcaRepository.base(h.accountA, PcaHarness.REGION) + "key/" + id).orElseThrow();
        byte[] probe = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 40, pkcs8.length);
        String after = null;
        io.citadel.storage.ScanPage page;
        int values = 0;
        do {
            page = h.raw.scan("", after, 1000);
            for (io.citadel.storage.Entry e : page.entries()) {
                values++;
                assertThat(indexOf(e.value(), probe)).as("raw value of %s", e.key()).isEqualTo(-1);
            }
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        assertThat(values).isGreaterThan(3);
    }

    @Test
    void caPastItsCertificatesEnd_showsExpired_andIssuesNothing() {
        String arn = h().activeRoot(null);
        h.clock.advance(Duration.ofDays(3660));
        assertThat(h.pca.authorities().describe(h.a(), arn).status()).isEqualTo("EXPIRED");
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(arn, h.csr(io.citadel.core.crypto.KeyPairType.EC_P256, "x",
                List.of()), null)))).isEqualTo("InvalidStateException");
        h.pca.authorities().delete(h.a(), arn, 7);
        assertThat(h.pca.authorities().describe(h.a(), arn).status()).isEqualTo("DELETED");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
