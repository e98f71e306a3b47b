package io.citadel.core.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class X509CertificatesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private record Ca(AsymmetricKeyPair key, CertificateSigner signer, byte[] name, X509Certificate cert) {
    }

    private static Ca root(KeyPairType type, SignatureScheme scheme, String cn) throws Exception {
        AsymmetricKeyPair key = KeyPairs.generate(type, RANDOM);
        CertificateSigner signer = CertificateSigner.ofPrivateKey(scheme, key.privatePkcs8(), RANDOM);
        byte[] name = DistinguishedNames.parse("CN=" + cn);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(RANDOM), name, key.publicSpki(), NOW, NOW.plus(3650, ChronoUnit.DAYS),
                List.of(), EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN, KeyUsage.DIGITAL_SIGNATURE), List.of(),
                new CertificateSpec.BasicConstraints(true, null), List.of(), List.of(), List.of());
        return new Ca(key, signer, name, X509Certificates.parse(Certificates.issue(spec, Certificates.Issuer.selfSigned(spec, signer))));
    }

    private static byte[] leaf(Ca ca, KeyPairType type) {
        AsymmetricKeyPair key = KeyPairs.generate(type, RANDOM);
        CertificateSpec spec = new CertificateSpec(BigInteger.TEN, DistinguishedNames.parse("CN=leaf"), key.publicSpki(), NOW,
                NOW.plus(30, ChronoUnit.DAYS), List.of(), EnumSet.of(KeyUsage.DIGITAL_SIGNATURE), List.of(CertificateSpec.EKU_SERVER_AUTH),
                new CertificateSpec.BasicConstraints(false, null), List.of(), List.of(), List.of());
        return Certificates.issue(spec, new Certificates.Issuer(ca.name(), ca.key().publicSpki(), ca.signer()));
    }

    @Test
    void sm2Certificates_areReadByBouncyCastle_andTheirChainsValidate_othersStayWithTheJdk() throws Exception {
        Ca sm2 = root(KeyPairType.SM2, SignatureScheme.SM2DSA, "SM2 Root");
        assertThat(sm2.cert().getSigAlgOID()).isEqualTo("1.2.156.10197.1.501");
        assertThat(X509Certificates.isSm2(sm2.cert())).isTrue();
        sm2.cert().verify(sm2.cert().getPublicKey());
        assertThat(sm2.cert().getPublicKey().getEncoded()).as("the public key as the certificate has it").isEqualTo(sm2.key().publicSpki());

        for (KeyPairType leafType : List.of(KeyPairType.SM2, KeyPairType.RSA_2048, KeyPairType.EC_P256)) {
            X509Certificate leaf = X509Certificates.parse(leaf(sm2, leafType));
            assertThat(X509Certificates.isSm2(leaf)).as(leafType + " leaf signed with SM2").isTrue();
            X509Certificates.validate(List.of(leaf), sm2.cert(), NOW.plus(1, ChronoUnit.DAYS));
            assertThatThrownBy(() -> X509Certificates.validate(List.of(leaf), sm2.cert(), NOW.plus(31, ChronoUnit.DAYS)))
                    .as("expired").isInstanceOf(GeneralSecurityException.class);
        }

        Ca p256 = root(KeyPairType.EC_P256, SignatureScheme.ECDSA_SHA_256, "P-256 Root");
        assertThat(p256.cert().getClass().getName()).as("the JDK's own").startsWith("sun.security.");
        X509Certificate sm2Leaf = X509Certificates.parse(leaf(p256, KeyPairType.SM2));
        assertThat(X509Certificates.isSm2(sm2Leaf)).as("an SM2 key, ECDSA signature").isTrue();
        X509Certificates.validate(List.of(sm2Leaf), p256.cert(), NOW.plus(1, ChronoUnit.DAYS));
        X509Certificate ecLeaf = X509Certificates.parse(leaf(p256, KeyPairType.EC_P256));
        assertThat(X509Certificates.isSm2(ecLeaf)).isFalse();
        X509Certificates.validate(List.of(ecLeaf), p256.cert(), NOW.plus(1, ChronoUnit.DAYS));

        Ca otherSm2 = root(KeyPairType.SM2, SignatureScheme.SM2DSA, "SM2 Root");
        X509Certificate foreign = X509Certificates.parse(leaf(otherSm2, KeyPairType.SM2));
        assertThatThrownBy(() -> X509Certificates.validate(List.of(foreign), sm2.cert(), NOW.plus(1, ChronoUnit.DAYS)))
                .as("same issuer name, another SM2 key").isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void aTamperedSm2Signature_failsValidation_andGarbageIsNoCertificate() throws Exception {
        Ca sm2 = root(KeyPairType.SM2, SignatureScheme.SM2DSA, "SM2 Root");
        byte[] der = leaf(sm2, KeyPairType.SM2);
        der[der.length - 5] ^= 1;
        X509Certificate tampered = X509Certificates.parse(der);
        assertThatThrownBy(() -> X509Certificates.validate(List.of(tampered), sm2.cert(), NOW.plus(1, ChronoUnit.DAYS)))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> X509Certificates.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01})).isInstanceOf(CertificateException.class);
    }

    @Test
    void anSm2Csr_parsesAsSm2_andVerifiesWithTheDefaultUserIdOnly() {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.SM2, RANDOM);
        byte[] csr = CertificateRequests.create(DistinguishedNames.parse("CN=sm2.example.cn"), key.publicSpki(),
                List.of(new SubjectAlternativeName.Dns("sm2.example.cn")), CertificateSigner.ofPrivateKey(SignatureScheme.SM2DSA, key.privatePkcs8(), RANDOM));
        CertificateRequests.CertificateRequest parsed = CertificateRequests.parse(csr);
        assertThat(parsed.publicKeyAlgorithm()).isEqualTo(CertificateRequests.SM2);
        assertThat(parsed.signatureValid()).isTrue();
        assertThat(parsed.subjectAlternativeNames()).containsExactly(new SubjectAlternativeName.Dns("sm2.example.cn"));
        csr[csr.length - 4] ^= 1;
        assertThat(CertificateRequests.parse(csr).signatureValid()).isFalse();
    }
}
