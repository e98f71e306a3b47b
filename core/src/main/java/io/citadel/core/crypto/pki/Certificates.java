package io.citadel.core.crypto.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;

/** Issues X.509 v3 certificates from a {@link CertificateSpec}, signed by an {@link Issuer}. */
public final class Certificates {

    /** The signing side: the issuer's name and public key (for the authority key identifier) and its signer. */
    public record Issuer(byte[] subject, byte[] publicKey, CertificateSigner signer) {
        public Issuer {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(signer, "signer");
        }

        /** The issuer of a self-signed certificate for {@code spec}. */
        public static Issuer selfSigned(CertificateSpec spec, CertificateSigner signer) {
            return new Issuer(spec.subject(), spec.subjectPublicKey(), signer);
        }
    }

    private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Certificates() {
    }

    /** A random positive serial of 159 bits, as CAs/Browser Forum asks (at least 64 bits of entropy). */
    public static BigInteger randomSerial(SecureRandom random) {
        BigInteger serial;
        do {
            serial = new BigInteger(159, random);
        } while (serial.signum() == 0);
        return serial;
    }

    /** The DER of a new certificate. Throws {@link IllegalArgumentException} when the spec holds a malformed key, name or SAN. */
    public static byte[] issue(CertificateSpec spec, Issuer issuer) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(issuer, "issuer");
        SubjectPublicKeyInfo subjectKey = spki(spec.subjectPublicKey(), "subject public key");
        SubjectPublicKeyInfo issuerKey = spki(issuer.publicKey(), "issuer public key");
        BcX509ExtensionUtils ids = new BcX509ExtensionUtils();
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                DistinguishedNames.name(issuer.subject()), spec.serial(),
                time(spec.notBefore()), time(spec.notAfter()),
                DistinguishedNames.name(spec.subject()), subjectKey);
        try {
            if (spec.basicConstraints() != null) {
                CertificateSpec.BasicConstraints bc = spec.basicConstraints();
                builder.addExtension(Extension.basicConstraints, true, !bc.ca()
                        ? new org.bouncycastle.asn1.x509.BasicConstraints(false)
                        : bc.pathLength() == null ? new org.bouncycastle.asn1.x509.BasicConstraints(true)
                        : new org.bouncycastle.asn1.x509.BasicConstraints(bc.pathLength()));
            }
            if (!spec.keyUsage().isEmpty()) {
                int bits = 0;
                for (KeyUsage usage : spec.keyUsage()) {
                    bits |= usage.bit;
                }
                builder.addExtension(Extension.keyUsage, true, new org.bouncycastle.asn1.x509.KeyUsage(bits));
            }
            if (!spec.extendedKeyUsage().isEmpty()) {
                KeyPurposeId[] purposes = spec.extendedKeyUsage().stream()
                        .map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            if (!spec.subjectAlternativeNames().isEmpty()) {
                // RFC 5280 4.2.1.6: critical when the subject is empty
                boolean critical = DistinguishedNames.name(spec.subject()).getRDNs().length == 0;
                builder.addExtension(Extension.subjectAlternativeName, critical, generalNames(spec.subjectAlternativeNames()));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(issuerKey));
            if (!spec.crlDistributionPoints().isEmpty()) {
                DistributionPoint[] points = spec.crlDistributionPoints().stream()
                        .map(url -> new DistributionPoint(new DistributionPointName(
                                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))), null, null))
                        .toArray(DistributionPoint[]::new);
                builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
            }
            if (!spec.ocspUrls().isEmpty()) {
                AccessDescription[] access = spec.ocspUrls().stream()
                        .map(url -> new AccessDescription(X509ObjectIdentifiers.id_ad_ocsp,
                                new GeneralName(GeneralName.uniformResourceIdentifier, url)))
                        .toArray(AccessDescription[]::new);
                builder.addExtension(Extension.authorityInfoAccess, false, AuthorityInformationAccess.getInstance(new DERSequence(access)));
            }
            for (CertificateSpec.CustomExtension custom : spec.customExtensions()) {
                builder.addExtension(new ASN1ObjectIdentifier(custom.oid()), custom.critical(), custom.value());
            }
            return builder.build(contentSigner(issuer.signer())).getEncoded();
        } catch (CertIOException e) {
            throw new IllegalArgumentException("certificate extension could not be encoded: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("certificate encoding failed", e);
        }
    }

    /**
     * An X.509 Time (RFC 5280 4.1.2.5: UTCTime for 1950 through 2049, GeneralizedTime otherwise, whole seconds), encoded
     * directly: BouncyCastle's {@code new Time(Date)} formats and re-parses through SimpleDateFormat, a tenth of the
     * work of issuing a certificate besides the signature. The encoding is byte for byte the same.
     */
    static Time time(Instant at) {
        int year = at.atOffset(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            return new Time(Date.from(at));
        }
        boolean utcTime = year >= 1950 && year <= 2049;
        byte[] text = (utcTime ? UTC_TIME : GENERALIZED_TIME).format(at).getBytes(StandardCharsets.US_ASCII);
        byte[] der = new byte[2 + text.length];
        der[0] = (byte) (utcTime ? BERTags.UTC_TIME : BERTags.GENERALIZED_TIME);
        der[1] = (byte) text.length;
        System.arraycopy(text, 0, der, 2, text.length);
        try {
            return Time.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException e) {
            throw new IllegalStateException("time encoding failed", e);
        }
    }

    /** RFC 5280 GeneralNames for the given SANs; throws {@link IllegalArgumentException} for a malformed IP address. */
    static GeneralNames generalNames(List<SubjectAlternativeName> names) {
        List<GeneralName> out = new ArrayList<>();
        for (SubjectAlternativeName san : names) {
            out.add(switch (san) {
                case SubjectAlternativeName.Dns d -> new GeneralName(GeneralName.dNSName, d.value());
                case SubjectAlternativeName.Ip ip -> {
                    try {
                        yield new GeneralName(GeneralName.iPAddress, ip.value());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("not an IP address: " + ip.value());
                    }
                }
                case SubjectAlternativeName.Email e -> new GeneralName(GeneralName.rfc822Name, e.value());
                case SubjectAlternativeName.Uri u -> new GeneralName(GeneralName.uniformResourceIdentifier, u.value());
                case SubjectAlternativeName.Directory dir -> new GeneralName(DistinguishedNames.name(dir.der()));
            });
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    static SubjectPublicKeyInfo spki(byte[] der, String what) {
        try {
            return SubjectPublicKeyInfo.getInstance(der);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(what + ": malformed SubjectPublicKeyInfo");
        }
    }

    /** A BouncyCastle ContentSigner that collects the to-be-signed bytes and hands them to our signer. */
    static ContentSigner contentSigner(CertificateSigner signer) {
        AlgorithmIdentifier algorithm = SignatureAlgorithms.identifier(signer.scheme(), signer.keyType());
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return algorithm;
            }

            @Override
            public OutputStream getOutputStream() {
                return tbs;
            }

            @Override
            public byte[] getSignature() {
                return signer.sign(tbs.toByteArray());
            }
        };
    }
}
