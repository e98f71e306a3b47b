package io.citadel.core.crypto.pki;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.SignatureScheme;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The certificates a TLS deployment needs, all EC P-256 with ECDSA-SHA256: a self-signed root CA, server
 * certificates and client certificates issued by it. Used by a node's bootstrap CA, by tests and by the benchmark.
 */
public final class TlsCertificates {

    /** A certificate (DER) with its subject (DER) and key pair. */
    public record Issued(byte[] certificate, byte[] subject, AsymmetricKeyPair key) {
        public Issued {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(key, "key");
        }

        /** An issued certificate read back from its DER and its PKCS#8 P-256 private key (checked to be a P-256 key). */
        public static Issued of(byte[] certificateDer, byte[] privatePkcs8) {
            X509Certificate parsed = parse(certificateDer);
            return new Issued(certificateDer, parsed.getSubjectX500Principal().getEncoded(),
                    KeyPairs.fromPrivate(KeyPairType.EC_P256, privatePkcs8));
        }

        public String certificatePem() {
            return Pem.encode(Pem.CERTIFICATE, certificate);
        }

        public String privateKeyPem() {
            return Pem.encode(Pem.PRIVATE_KEY, key.privatePkcs8());
        }

        public BigInteger serial() {
            return parse(certificate).getSerialNumber();
        }

        public Instant notAfter() {
            return parse(certificate).getNotAfter().toInstant();
        }

        Certificates.Issuer asIssuer(SecureRandom random) {
            return new Certificates.Issuer(subject, key.publicSpki(),
                    CertificateSigner.ofPrivateKey(SignatureScheme.ECDSA_SHA_256, key.privatePkcs8(), random));
        }

        @Override
        public String toString() {
            return "Issued[" + DistinguishedNames.toString(subject) + "]";
        }
    }

    private TlsCertificates() {
    }

    /** A self-signed root: basicConstraints cA (critical, path length 0), keyUsage keyCertSign and cRLSign. */
    public static Issued rootCa(String commonName, Instant notBefore, Duration validity, SecureRandom random) {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.EC_P256, random);
        byte[] subject = name(commonName);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(random), subject, key.publicSpki(),
                notBefore, notBefore.plus(validity), List.of(), Set.of(KeyUsage.KEY_CERT_SIGN, KeyUsage.CRL_SIGN), List.of(),
                new CertificateSpec.BasicConstraints(true, 0), List.of(), List.of(), List.of());
        Issued unsigned = new Issued(new byte[0], subject, key);
        return new Issued(Certificates.issue(spec, unsigned.asIssuer(random)), subject, key);
    }

    /** A server certificate for {@code names} (extendedKeyUsage serverAuth), with a fresh key. */
    public static Issued serverCertificate(Issued ca, String commonName, List<SubjectAlternativeName> names, Instant notBefore,
                                           Duration validity, SecureRandom random) {
        return leaf(ca, commonName, names, CertificateSpec.EKU_SERVER_AUTH, notBefore, validity, random);
    }

    /** A client certificate (extendedKeyUsage clientAuth), with a fresh key. */
    public static Issued clientCertificate(Issued ca, String commonName, Instant notBefore, Duration validity, SecureRandom random) {
        return leaf(ca, commonName, List.of(), CertificateSpec.EKU_CLIENT_AUTH, notBefore, validity, random);
    }

    private static Issued leaf(Issued ca, String commonName, List<SubjectAlternativeName> names, String usage, Instant notBefore,
                               Duration validity, SecureRandom random) {
        AsymmetricKeyPair key = KeyPairs.generate(KeyPairType.EC_P256, random);
        byte[] subject = name(commonName);
        CertificateSpec spec = new CertificateSpec(Certificates.randomSerial(random), subject, key.publicSpki(),
                notBefore, notBefore.plus(validity), names, Set.of(KeyUsage.DIGITAL_SIGNATURE), List.of(usage),
                new CertificateSpec.BasicConstraints(false, null), List.of(), List.of(), List.of());
        return new Issued(Certificates.issue(spec, ca.asIssuer(random)), subject, key);
    }

    private static byte[] name(String commonName) {
        return DistinguishedNames.encode(List.of(new DistinguishedNames.Attribute(DistinguishedNames.COMMON_NAME, commonName)));
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("malformed certificate: " + e.getMessage(), e);
        }
    }
}
