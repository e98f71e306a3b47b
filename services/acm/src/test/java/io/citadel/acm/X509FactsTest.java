package io.citadel.acm;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.pki.CertificateSigner;
import io.citadel.core.crypto.pki.CertificateSpec;
import io.citadel.core.crypto.pki.Certificates;
import io.citadel.core.crypto.pki.DistinguishedNames;
import io.citadel.core.crypto.pki.KeyUsage;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class X509FactsTest {

    @Test
    void aPrivateCertificateFromAnSm2Ca_isSignedSm3WithSm2_andKeepsItsEcKeyAlgorithm() {
        SecureRandom random = new SecureRandom();
        AsymmetricKeyPair caKey = KeyPairs.generate(KeyPairType.SM2, random);
        AsymmetricKeyPair leafKey = KeyPairs.generate(KeyPairType.EC_P256, random);
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        CertificateSpec spec = new CertificateSpec(BigInteger.TEN, DistinguishedNames.parse("CN=internal.corp.example"), leafKey.publicSpki(),
                now, now.plusSeconds(86_400), List.of(), EnumSet.of(KeyUsage.DIGITAL_SIGNATURE), List.of(CertificateSpec.EKU_SERVER_AUTH),
                new CertificateSpec.BasicConstraints(false, null), List.of(), List.of(), List.of());
        byte[] der = Certificates.issue(spec, new Certificates.Issuer(DistinguishedNames.parse("CN=SM2 CA"), caKey.publicSpki(),
                CertificateSigner.ofPrivateKey(SignatureScheme.SM2DSA, caKey.privatePkcs8(), random)));

        X509Facts facts = X509Facts.of(der);

        assertThat(facts.signatureAlgorithm()).isEqualTo("SM3WITHSM2");
        assertThat(facts.keyAlgorithm()).isEqualTo("EC_prime256v1");
    }
}
