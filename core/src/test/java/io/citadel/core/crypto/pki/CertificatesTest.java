package io.citadel.core.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificatesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void rootAndLeaf_validateWithTheJdksCertPathValidator() throws Exception {
        AsymmetricKeyPair caKey = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        CertificateSigner caSigner = CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, caKey.privatePkcs8(), RANDOM);
        byte[] caName = DistinguishedNames.encode(List.of(
                new DistinguishedNames.Attribute(DistinguishedNames.COUNTRY, "US"),
                new DistinguishedNames.Attribute(DistinguishedNames.ORGANIZATION, "Citadel"),
                new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "Citadel Test Root")));
        CertificateSpec rootSpec = new CertificateSpec(Certificates.randomSerial(RANDOM), caName, caKey.publicSpki(),
                NOW, NOW.plus(3650, ChronoUnit.DAYS), List.of(), EnumSet.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN, KeyUsage.DIGITAL_SIGNATURE),
                List.of(), new CertificateSpec.BasicConstraints(true, null), List.of(), List.of(), List.of());
        X509Certificate root = parse(Certificates.issue(rootSpec, Certificates.Issuer.selfSigned(rootSpec, caSigner)));

        AsymmetricKeyPair leafKey = KeyPairs.generate(KeyPairType.RSA_2048, RANDOM);
        byte[] csr = CertificateRequests.create(DistinguishedNames.parse("CN=www.example.com"), leafKey.publicSpki(),
                List.of(new SubjectAlternativeName.Dns("www.example.com"), new SubjectAlternativeName.Ip("127.0.0.1")),
                CertificateSigner.ofPrivateKey(SignatureScheme.RSA_PKCS1_SHA_256, leafKey.privatePkcs8(), RANDOM));
        CertificateRequests.CertificateRequest request = CertificateRequests.parse(csr);
        assertThat(request.signatureValid()).isTrue();
        assertThat(request.publicKeyAlgorithm()).isEqualTo("RSA");
        assertThat(request.subjectAlternativeNames()).containsExactly(
                new SubjectAlternativeName.Dns("www.example.com"), new SubjectAlternativeName.Ip("127.0.0.1"));

        CertificateSpec leafSpec = new CertificateSpec(BigInteger.valueOf(4242), request.subject(), request.publicKey(),
                NOW, NOW.plus(395, ChronoUnit.DAYS), request.subjectAlternativeNames(),
                EnumSet.of(KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_ENCIPHERMENT), List.of(CertificateSpec.EKU_SERVER_AUTH),
                new CertificateSpec.BasicConstraints(false, null), List.of("http://127.0.0.1/crl/ca.crl"),
                List.of("http://127.0.0.1/ocsp"), List.of());
        X509Certificate leaf = parse(Certificates.issue(leafSpec, new Certificates.Issuer(caName, caKey.publicSpki(), caSigner)));

        assertThat(leaf.getSerialNumber()).isEqualTo(BigInteger.valueOf(4242));
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=www.example.com");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CertificateSpec.EKU_SERVER_AUTH);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(root.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList()).containsExactly("www.example.com", "127.0.0.1");
        assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withECDSA");

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(NOW.plus(1, ChronoUnit.DAYS)));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
    }

    @Test
    void rsaPssAndPathLength_areEncodedAsX509Says() throws Exception {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.RSA_2048, RANDOM);
        CertificateSpec spec = new CertificateSpec(BigInteger.ONE, DistinguishedNames.parse("CN=Sub,O=Citadel"), key.publicSpki(),
                NOW, NOW.plus(1, ChronoUnit.DAYS), List.of(), EnumSet.of(KeyUsage.KEY_CERT_SIGN), List.of(),
                new CertificateSpec.BasicConstraints(true, 0), List.of(), List.of(), List.of());
        X509Certificate cert = parse(Certificates.issue(spec, Certificates.Issuer.selfSigned(spec,
                CertificateSigner.ofPrivateKey(SignatureScheme.RSA_PSS_SHA_256, key.privatePkcs8(), RANDOM))));
        assertThat(cert.getBasicConstraints()).isZero();
        assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("RSASSA-PSS");
        cert.verify(cert.getPublicKey());
        assertThat(DistinguishedNames.attributes(spec.subject())).containsExactly(
                new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, "Sub"),
                new DistinguishedNames.Attribute(DistinguishedNames.ORGANIZATION, "Citadel"));
    }

    @Test
    void csrWithBrokenSignature_isReportedInvalid() {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        AsymmetricKeyPair other = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        byte[] csr = CertificateRequests.create(DistinguishedNames.parse("CN=a"), key.publicSpki(), List.of(),
                CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, other.privatePkcs8(), RANDOM));
        assertThat(CertificateRequests.parse(csr).signatureValid()).isFalse();
        assertThatThrownBy(() -> CertificateRequests.parse(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed certificate signing request");
    }

    @Test
    void ecCsr_verifiesForEachCurveAndFailsWhenAByteFlips() {
        record Case(KeyPairType type, SignatureScheme scheme) {
        }
        for (Case c : List.of(new Case(KeyPairType.EC_P256, SignatureScheme.ECDSA_SHA_256),
                new Case(KeyPairType.EC_P384, SignatureScheme.ECDSA_SHA_384), new Case(KeyPairType.EC_P521, SignatureScheme.ECDSA_SHA_512))) {
            AsymmetricKeyPair key = KeyPairs.generate(c.type(), RANDOM);
            byte[] csr = CertificateRequests.create(DistinguishedNames.parse("CN=ec.example.com"), key.publicSpki(),
                    List.of(new SubjectAlternativeName.Dns("ec.example.com")), CertificateSigner.ofPrivateKey(c.scheme(), key.privatePkcs8(), RANDOM));
            assertThat(CertificateRequests.parse(csr).signatureValid()).as(c.toString()).isTrue();
            assertThat(CertificateRequests.parse(csr).publicKeyAlgorithm()).isEqualTo("EC");

            byte[] badSignature = csr.clone();
            badSignature[badSignature.length - 3] ^= 1; // inside s, the signature's last integer
            assertThat(CertificateRequests.parse(badSignature).signatureValid()).as(c + " signature flipped").isFalse();

            byte[] badName = csr.clone();
            int at = indexOf(badName, "ec.example.com".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            badName[at] ^= 1; // the subject's CN, inside the signed part
            assertThat(CertificateRequests.parse(badName).signatureValid()).as(c + " subject flipped").isFalse();
        }
    }

    @Test
    void time_isEncodedAsBouncyCastleEncodesIt_onBothSidesOf2050() throws Exception {
        java.util.Random random = new java.util.Random(7);
        List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.parse("1949-12-31T23:59:59Z"), Instant.parse("1950-01-01T00:00:00Z"),
                Instant.parse("2049-12-31T23:59:59.999Z"), Instant.parse("2050-01-01T00:00:00Z"), Instant.parse("2026-12-01T10:00:00.123Z"),
                Instant.parse("9999-12-31T23:59:59Z")));
        for (int i = 0; i < 2000; i++) {
            instants.add(Instant.ofEpochMilli((long) (random.nextDouble() * 4_102_444_800_000L)));
        }
        for (Instant at : instants) {
            assertThat(Certificates.time(at).getEncoded()).as(at.toString())
                    .isEqualTo(new org.bouncycastle.asn1.x509.Time(Date.from(at)).getEncoded());
        }
        assertThat(Certificates.time(Instant.parse("2049-12-31T23:59:59Z")).getEncoded()[0]).as("UTCTime").isEqualTo((byte) 0x17);
        assertThat(Certificates.time(Instant.parse("2050-01-01T00:00:00Z")).getEncoded()[0]).as("GeneralizedTime").isEqualTo((byte) 0x18);
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
        throw new AssertionError("not found");
    }

    @Test
    void pem_roundTripsAndNamesWhatIsWrong() {
        byte[] der = new byte[100];
        RANDOM.nextBytes(der);
        String pem = Pem.encode(Pem.CERTIFICATE, der) + Pem.encode(Pem.CERTIFICATE, der);
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Pem.decodeEvery(pem, Pem.CERTIFICATE)).hasSize(2).allSatisfy(d -> assertThat(d).isEqualTo(der));
        assertThatThrownBy(() -> Pem.decodeOne(pem, Pem.CERTIFICATE)).hasMessage("expected one PEM CERTIFICATE block, found 2");
        assertThatThrownBy(() -> Pem.decodeOne(Pem.encode(Pem.PRIVATE_KEY, der), Pem.CERTIFICATE))
                .hasMessage("expected a PEM CERTIFICATE block, found PRIVATE KEY");
    }

    private static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
