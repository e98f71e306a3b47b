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
import io.citadel.core.crypto.pki.Pem;
import io.citadel.core.crypto.pki.SubjectAlternativeName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ImportCertificate: what AWS checks (one certificate, validity, matching key, chain), and re-import under the same ARN. */
class ImportTest {

    private final AcmHarness h = new AcmHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** A CA and a leaf it signed, with the leaf's key, as an operator would bring them. */
    record Bundle(String certificate, String privateKey, String chain) {
        byte[] cert() {
            return certificate.getBytes(StandardCharsets.UTF_8);
        }

        byte[] key() {
            return privateKey.getBytes(StandardCharsets.UTF_8);
        }

        byte[] chainBytes() {
            return chain.getBytes(StandardCharsets.UTF_8);
        }
    }

    static Bundle bundle(String domain, KeyPairType type, Instant notBefore, Instant notAfter) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        AsymmetricKeyPair ca = KeyPairs.generate(KeyPairType.EC_P256, random);
        byte[] caName = DistinguishedNames.parse("CN=Import Test CA,O=Example");
        CertificateSpec caSpec = new CertificateSpec(Certificates.randomSerial(random), caName, ca.publicSpki(), notBefore.minus(Duration.ofDays(1)),
                notAfter.plus(Duration.ofDays(365)), List.of(), Set.of(KeyUsage.KEY_CERT_SIGN), List.of(),
                new CertificateSpec.BasicConstraints(true, null), List.of(), List.of(), List.of());
        CertificateSigner caSigner = CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, ca.privatePkcs8(), random);
        byte[] caDer = Certificates.issue(caSpec, Certificates.Issuer.selfSigned(caSpec, caSigner));
        AsymmetricKeyPair leaf = KeyPairs.generate(type, random);
        CertificateSpec leafSpec = new CertificateSpec(Certificates.randomSerial(random), DistinguishedNames.parse("CN=" + domain),
                leaf.publicSpki(), notBefore, notAfter, List.of(new SubjectAlternativeName.Dns(domain)), Set.of(KeyUsage.DIGITAL_SIGNATURE),
                List.of(CertificateSpec.EKU_SERVER_AUTH), new CertificateSpec.BasicConstraints(false, null), List.of(), List.of(), List.of());
        byte[] leafDer = Certificates.issue(leafSpec, new Certificates.Issuer(caName, ca.publicSpki(), caSigner));
        return new Bundle(Pem.encode(Pem.CERTIFICATE, leafDer), Pem.encode(Pem.PRIVATE_KEY, leaf.privatePkcs8()), Pem.encode(Pem.CERTIFICATE, caDer));
    }

    private Bundle valid(String domain) {
        return bundle(domain, KeyPairType.RSA_2048, h.clock.instant().minus(Duration.ofDays(1)), h.clock.instant().plus(Duration.ofDays(90)));
    }

    @Test
    void import_storesTheCertificate_andReimportKeepsTheArnAndTags() {
        Bundle b = valid("imported.example.com");
        String arn = h.acm.imports().importCertificate(h.ctx(), null, b.cert(), b.key(), b.chainBytes(), Map.of("team", "web"));
        StoredCertificate c = h.describe(arn);
        assertThat(c.type()).isEqualTo(StoredCertificate.Type.IMPORTED);
        assertThat(c.status()).isEqualTo(StoredCertificate.Status.ISSUED);
        assertThat(c.domainName()).isEqualTo("imported.example.com");
        assertThat(c.x509().issuer()).contains("CN=Import Test CA").contains("O=Example");
        assertThat(c.keyAlgorithm()).isEqualTo("RSA_2048");
        assertThat(c.renewalEligible()).isFalse();
        assertThat(h.acm.reads().get(h.ctx(), arn).chain()).isEqualTo(b.chain());

        Bundle next = bundle("imported.example.com", KeyPairType.EC_P384, h.clock.instant(), h.clock.instant().plus(Duration.ofDays(200)));
        assertThat(h.acm.imports().importCertificate(h.ctx(), arn, next.cert(), next.key(), null, null)).isEqualTo(arn);
        StoredCertificate re = h.describe(arn);
        assertThat(re.keyAlgorithm()).isEqualTo("EC_secp384r1");
        assertThat(re.tags()).containsEntry("team", "web");
        assertThat(h.acm.reads().get(h.ctx(), arn).chain()).isNull();
        assertThat(h.events(AcmEvents.AVAILABLE)).anyMatch(e -> e.contains("\"Action\":\"REIMPORT\""));
        assertThat(AcmHarness.code(() -> h.acm.imports().importCertificate(h.ctx(), arn, next.cert(), next.key(), null, Map.of("a", "b"))))
                .isEqualTo("InvalidParameterException");
    }

    @Test
    void import_refusesWhatAwsRefuses() {
        Bundle b = valid("bad.example.com");
        Bundle other = valid("other.example.com");
        assertThat(AcmHarness.error(() -> h.acm.imports().importCertificate(h.ctx(), null, b.cert(), other.key(), null, null)).getMessage())
                .contains("does not match");
        assertThat(AcmHarness.error(() -> h.acm.imports().importCertificate(h.ctx(), null, (b.certificate() + other.certificate())
                .getBytes(StandardCharsets.UTF_8), b.key(), null, null)).getMessage()).contains("You can specify only one certificate");
        assertThat(AcmHarness.error(() -> h.acm.imports().importCertificate(h.ctx(), null, b.cert(), b.key(), other.chainBytes(), null))
                .getMessage()).contains("chain provided is not valid");
        assertThat(AcmHarness.code(() -> h.acm.imports().importCertificate(h.ctx(), null, "garbage".getBytes(StandardCharsets.UTF_8), b.key(),
                null, null))).isEqualTo("ValidationException");
        Bundle expired = bundle("old.example.com", KeyPairType.EC_P256, h.clock.instant().minus(Duration.ofDays(30)),
                h.clock.instant().minus(Duration.ofDays(1)));
        assertThat(AcmHarness.error(() -> h.acm.imports().importCertificate(h.ctx(), null, expired.cert(), expired.key(), null, null))
                .getMessage()).contains("expired");
        Bundle future = bundle("new.example.com", KeyPairType.EC_P256, h.clock.instant().plus(Duration.ofDays(1)),
                h.clock.instant().plus(Duration.ofDays(30)));
        assertThat(AcmHarness.error(() -> h.acm.imports().importCertificate(h.ctx(), null, future.cert(), future.key(), null, null))
                .getMessage()).contains("not valid yet");
        assertThat(AcmHarness.code(() -> h.acm.imports().importCertificate(h.ctx(), null, b.cert(), b.key(), null, Map.of("aws:x", "y"))))
                .isEqualTo("InvalidTagException");
        String requested = h.requestDns("requested.example.com");
        assertThat(AcmHarness.code(() -> h.acm.imports().importCertificate(h.ctx(), requested, b.cert(), b.key(), null, null)))
                .isEqualTo("ValidationException");
    }
}
