package io.citadel.pca;

import static io.citadel.pca.PcaHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.kms.KeyAdministration;
import io.citadel.kms.KmsKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CAs whose key is a KMS key (the citadel:kms-key-id tag): no private key in PCA's storage, every signature by KMS Sign. */
class PcaKmsKeyTest {

    @TempDir
    Path reports;
    PcaHarness h;

    @AfterEach
    void close() {
        h.close();
    }

    private KmsKey signingKey(String spec) {
        return h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(null, null, "SIGN_VERIFY", spec, null, null,
                null, false, List.of(), false, null));
    }

    private String create(String keyAlgorithm, String signing, String keyId) {
        return h.pca.authorities().create(h.a(), new Authorities.CreateInput("ROOT", keyAlgorithm, signing,
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "KMS Root")), PcaHarness.CRL_AND_OCSP, null,
                Map.of(KmsKeys.TAG, keyId), null, null));
    }

    private String activate(String arn, String signing) {
        String csr = h.pca.authorities().csr(h.a(), arn);
        String certArn = h.pca.issuance().issue(h.a(), new Issuance.IssueInput(arn, csr.getBytes(StandardCharsets.US_ASCII), signing,
                Templates.PREFIX + "RootCACertificate/V1", new Issuance.Validity(5, "YEARS"), null, null, null));
        pca().authorities().importCertificate(h.a(), arn, pca().issuance().get(h.a(), arn, certArn).certificate().getBytes(StandardCharsets.US_ASCII), null);
        return arn;
    }

    private Pca pca() {
        return h.pca;
    }

    @Test
    void kmsBackedRoot_issuesAndPublishesACrl_withTheKmsKey_andStoresNoPrivateKey() throws Exception {
        h = new PcaHarness(reports);
        for (String[] alg : List.of(new String[] {"ECC_NIST_P384", "EC_secp384r1", "SHA384WITHECDSA"},
                new String[] {"RSA_2048", "RSA_2048", "SHA256WITHRSA"}, new String[] {"ML_DSA_65", "ML_DSA_65", "ML_DSA_65"})) {
            KmsKey key = signingKey(alg[0]);
            String arn = activate(create(alg[1], alg[2], key.arn()), alg[2]);
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            assertThat(h.storage.get(PcaRepository.base(h.accountA, PcaHarness.REGION) + "key/" + id)).isEmpty();
            X509Certificate root = PcaHarness.x509(h.pca.authorities().certificate(h.a(), arn).certificate());
            assertThat(root.getPublicKey().getEncoded())
                    .isEqualTo(h.kms.keyPairs().getPublicKey(h.a(), io.citadel.kms.Call.DIRECT, key.arn()).publicKey());
            root.verify(root.getPublicKey());
            String leafArn = h.pca.issuance().issue(h.a(), new Issuance.IssueInput(arn, h.csr(KeyPairType.EC_P256, "leaf", List.of())
                    .getBytes(StandardCharsets.US_ASCII), alg[2], null, new Issuance.Validity(1, "DAYS"), null, null, null));
            X509Certificate leaf = PcaHarness.x509(h.pca.issuance().get(h.a(), arn, leafArn).certificate());
            leaf.verify(root.getPublicKey());
            h.pca.issuance().revoke(h.a(), arn, leaf.getSerialNumber().toString(16), "KEY_COMPROMISE");
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(
                    h.pca.revocation().crl(id).orElseThrow()));
            crl.verify(root.getPublicKey());
            assertThat(crl.isRevoked(leaf)).isTrue();
        }
    }

    @Test
    void aKmsKeyOfTheWrongSpec_isInvalidArgs_oneTheCallerMayNotUse_isAccessDenied() {
        h = new PcaHarness(reports);
        KmsKey p256 = signingKey("ECC_NIST_P256");
        assertThat(code(() -> create("EC_secp384r1", "SHA384WITHECDSA", p256.arn()))).isEqualTo("InvalidArgsException");
        KmsKey symmetric = h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(null, null, null, null, null, null,
                null, false, List.of(), false, null));
        assertThat(code(() -> create("EC_prime256v1", "SHA256WITHECDSA", symmetric.arn()))).isEqualTo("InvalidArgsException");
        var user = h.ctx(h.user("ca-maker", PcaHarness.allow("acm-pca:*", "*")));
        assertThat(code(() -> h.pca.authorities().create(user, new Authorities.CreateInput("ROOT", "EC_prime256v1", "SHA256WITHECDSA",
                List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "x")), null, null, Map.of(KmsKeys.TAG, p256.arn()),
                null, null)))).isEqualTo("AccessDeniedException");
    }

    @Test
    void aDisabledKmsKey_stopsTheCaFromSigning_withRequestFailed() {
        h = new PcaHarness(reports);
        KmsKey key = signingKey("ECC_NIST_P256");
        String arn = activate(create("EC_prime256v1", "SHA256WITHECDSA", key.arn()), "SHA256WITHECDSA");
        h.kms.administration().disableKey(h.a(), key.arn());
        assertThat(code(() -> h.pca.issuance().issue(h.a(), h.endEntity(arn, h.csr(KeyPairType.EC_P256, "x", List.of()), null))))
                .isEqualTo("RequestFailedException");
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        h.clock.advance(java.time.Duration.ofDays(8));
        assertThat(h.pca.revocation().crl(id)).as("the last CRL, though late").isPresent();
    }
}
