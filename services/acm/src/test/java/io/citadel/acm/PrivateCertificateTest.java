package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.pki.EncryptedPrivateKeys;
import io.citadel.core.crypto.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Private certificates (CertificateAuthorityArn): issued at once through the issuer port, exported with an encrypted key, renewed. */
class PrivateCertificateTest {

    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void privateCertificate_isIssuedAtOnce_andVerifiesWithItsChain() throws Exception {
        String arn = h.requestPrivate("internal.corp.example", "EC_prime256v1");
        StoredCertificate c = h.describe(arn);
        assertThat(c.status()).isEqualTo(StoredCertificate.Status.ISSUED);
        assertThat(c.type()).isEqualTo(StoredCertificate.Type.PRIVATE);
        assertThat(c.certificateAuthorityArn()).isEqualTo(AcmHarness.CA_ARN);
        assertThat(c.keyAlgorithm()).isEqualTo("EC_prime256v1");
        assertThat(c.renewalEligible()).isTrue();
        assertThat(c.x509().keyUsages()).containsExactly("DIGITAL_SIGNATURE");
        CertificateReads.Pems pems = h.acm.reads().get(h.ctx(), arn);
        X509Certificate leaf = AcmHarness.verifyChain(pems.certificate(), pems.chain(), h.clock.instant());
        assertThat(leaf.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(pems.privateKeyPem()).isNull();
    }

    @Test
    void export_returnsTheKeyEncryptedUnderThePassphrase_matchingTheCertificate() throws Exception {
        String arn = h.requestPrivate("export.corp.example", null);
        byte[] passphrase = "correct horse".getBytes(StandardCharsets.UTF_8);
        CertificateReads.Pems exported = h.acm.reads().export(h.ctx(), arn, passphrase);
        assertThat(exported.privateKeyPem()).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        byte[] pkcs8 = EncryptedPrivateKeys.decrypt(Pem.decodeOne(exported.privateKeyPem(), Pem.ENCRYPTED_PRIVATE_KEY), passphrase);
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        X509Certificate leaf = AcmHarness.verifyChain(exported.certificate(), exported.chain(), h.clock.instant());
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(new byte[] {1, 2, 3});
        byte[] sig = s.sign();
        s.initVerify(leaf.getPublicKey());
        s.update(new byte[] {1, 2, 3});
        assertThat(s.verify(sig)).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EncryptedPrivateKeys.decrypt(
                Pem.decodeOne(exported.privateKeyPem(), Pem.ENCRYPTED_PRIVATE_KEY), "wrong".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong passphrase");
        assertThat(h.describe(arn).exported()).isTrue();
        assertThat(AcmHarness.code(() -> h.acm.reads().export(h.ctx(), arn, new byte[] {(byte) 0xff, (byte) 0xfe, 1, 2})))
                .isEqualTo("ValidationException");
    }

    @Test
    void export_ofAPublicCertificate_isRefused() {
        String arn = h.requestDns("public.example.com");
        h.publishRecords(arn);
        h.tick();
        assertThat(AcmHarness.error(() -> h.acm.reads().export(h.ctx(), arn, "pass".getBytes(StandardCharsets.UTF_8))).getMessage())
                .contains("is not a private certificate");
    }

    @Test
    void renewCertificate_issuesANewCertificateUnderTheSameArn() {
        String arn = h.requestPrivate("renew.corp.example", "RSA_2048");
        String serial = h.describe(arn).x509().serial();
        h.clock.advance(java.time.Duration.ofDays(1));
        h.acm.issuance().renew(h.ctx(), arn);
        StoredCertificate renewed = h.describe(arn);
        assertThat(renewed.x509().serial()).isNotEqualTo(serial);
        assertThat(renewed.renewal().status()).isEqualTo("SUCCESS");
        assertThat(h.events(e -> e.contains("\"Action\":\"RENEWAL\""))).hasSize(1);
        String publicArn = h.requestDns("public2.example.com");
        assertThat(AcmHarness.code(() -> h.acm.issuance().renew(h.ctx(), publicArn))).isEqualTo("ValidationException");
    }

    @Test
    void unknownCertificateAuthority_leavesTheCertificateFailed() {
        String arn = h.acm.issuance().request(h.ctx(), new CertificateIssuance.RequestInput("x.corp.example", null, null, null, null,
                "arn:aws:acm-pca:us-east-1:111122223333:certificate-authority/99999999-2222-3333-4444-555555555555", null, null, null, null, null));
        StoredCertificate c = h.describe(arn);
        assertThat(c.status()).isEqualTo(StoredCertificate.Status.FAILED);
        assertThat(c.failureReason()).isEqualTo("PCA_RESOURCE_NOT_FOUND");
        assertThat(AcmHarness.code(() -> h.acm.reads().get(h.ctx(), arn))).isEqualTo("RequestInProgressException");
    }
}
