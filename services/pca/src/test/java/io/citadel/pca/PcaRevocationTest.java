package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcaRevocationTest {

    @TempDir
    Path reports;
    PcaHarness h;
    String root;
    String caId;

    @BeforeEach
    void start() {
        h = new PcaHarness(reports);
        root = h.activeRoot(PcaHarness.CRL_AND_OCSP);
        caId = root.substring(root.lastIndexOf('/') + 1);
    }

    @AfterEach
    void close() {
        h.close();
    }

    private X509CRL crl() throws Exception {
        byte[] der = h.pca.revocation().crl(caId).orElseThrow();
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] ext = crl.getExtensionValue("2.5.29.20");
        // OCTET STRING { INTEGER }: skip the two tag/length pairs
        return new BigInteger(Arrays.copyOfRange(ext, 4, ext.length));
    }

    private Issuance.Issued issue() {
        String arn = h.pca.issuance().issue(h.a(), h.endEntity(root, h.csr(KeyPairType.EC_P256, "leaf", List.of()), null));
        return h.pca.issuance().get(h.a(), root, arn);
    }

    @Test
    void crl_isSignedByTheCa_andListsRevokedCertificatesWithTheirReason() throws Exception {
        X509Certificate rootCert = PcaHarness.x509(h.pca.authorities().certificate(h.a(), root).certificate());
        X509CRL empty = crl();
        empty.verify(rootCert.getPublicKey());
        assertThat(empty.getRevokedCertificates()).isNull();
        assertThat(empty.getNextUpdate().toInstant()).isEqualTo(h.clock.instant().plus(Duration.ofDays(7)));
        BigInteger before = crlNumber(empty);

        Issuance.Issued leaf = issue();
        Issuance.Issued kept = issue();
        h.pca.issuance().revoke(h.a(), root, leaf.serial(), "KEY_COMPROMISE");
        X509CRL after = crl();
        after.verify(rootCert.getPublicKey());
        X509Certificate revoked = PcaHarness.x509(leaf.certificate());
        assertThat(after.isRevoked(revoked)).isTrue();
        assertThat(after.getRevokedCertificate(revoked).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(after.isRevoked(PcaHarness.x509(kept.certificate()))).isFalse();
        assertThat(crlNumber(after)).isGreaterThan(before);
    }

    @Test
    void revoke_twice_isAlreadyProcessed_unknown_isNotFound_badSerial_isInvalidArgs() {
        Issuance.Issued leaf = issue();
        String serialWithoutColons = leaf.serial().replace(":", "");
        h.pca.issuance().revoke(h.a(), root, serialWithoutColons, "SUPERSEDED");
        assertThat(code(() -> h.pca.issuance().revoke(h.a(), root, leaf.serial(), "SUPERSEDED"))).isEqualTo("RequestAlreadyProcessedException");
        assertThat(code(() -> h.pca.issuance().revoke(h.a(), root, "01:02", "SUPERSEDED"))).isEqualTo("ResourceNotFoundException");
        assertThat(code(() -> h.pca.issuance().revoke(h.a(), root, "xyz", "SUPERSEDED"))).isEqualTo("InvalidArgsException");
    }

    @Test
    void revokingTheCasOwnCertificate_isInvalidRequest() {
        String serial = h.pca.authorities().describe(h.a(), root).serial();
        assertThat(code(() -> h.pca.issuance().revoke(h.a(), root, serial, "UNSPECIFIED"))).isEqualTo("InvalidRequestException");
    }

    @Test
    void theScheduler_regeneratesTheCrlBeforeNextUpdate() throws Exception {
        BigInteger first = crlNumber(crl());
        h.clock.advance(Duration.ofDays(3).plusHours(13));
        h.scheduler.runDue();
        assertThat(h.pca.publishDueCrls()).isEqualTo(1);
        X509CRL regenerated = crl();
        assertThat(crlNumber(regenerated)).isGreaterThan(first);
        assertThat(regenerated.getNextUpdate().toInstant()).isEqualTo(h.clock.instant().plus(Duration.ofDays(7)));
    }

    @Test
    void aLateCrl_isRemadeWhenFetched() throws Exception {
        h.clock.advance(Duration.ofDays(8));
        assertThat(crl().getNextUpdate().toInstant()).isAfter(h.clock.instant());
    }

    @Test
    void crlDisabled_servesNothing_andIssuedCertificatesNameNoCrl() {
        h.pca.authorities().update(h.a(), root, new Authorities.RevocationInput(false, null, null, null, null, null, null, null, false, null), null);
        assertThat(h.pca.revocation().crl(caId)).isEmpty();
        assertThat(PcaHarness.x509(issue().certificate()).getExtensionValue("2.5.29.31")).isNull();
        assertThat(h.pca.revocation().crl("not-an-id")).isEmpty();
    }

    @Test
    void customCname_isTheCrlUrlsHost() {
        h.pca.authorities().update(h.a(), root, new Authorities.RevocationInput(true, 1, "crl.example.com", null, null, null, null, null,
                false, null), null);
        byte[] ext = PcaHarness.x509(issue().certificate()).getExtensionValue("2.5.29.31");
        assertThat(new String(ext, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("http://crl.example.com/pca/crl/" + caId + ".crl");
    }

    @Test
    void ocsp_withGarbage_isAMalformedRequestResponse() {
        byte[] response = h.pca.revocation().ocsp(caId, new byte[] {1, 2, 3});
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED { malformedRequest (1) } }
        assertThat(response).containsExactly(0x30, 0x03, 0x0a, 0x01, 0x01);
    }

    @Test
    void concurrentRevocations_allReachTheCrl() throws Exception {
        List<Issuance.Issued> leaves = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            leaves.add(issue());
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (Issuance.Issued leaf : leaves) {
                done.add(pool.submit(() -> h.pca.issuance().revoke(h.a(), root, leaf.serial(), "SUPERSEDED")));
            }
            for (var f : done) {
                f.get();
            }
        }
        X509CRL crl = crl();
        for (Issuance.Issued leaf : leaves) {
            assertThat(crl.isRevoked(PcaHarness.x509(leaf.certificate()))).isTrue();
        }
    }
}
