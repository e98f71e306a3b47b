package io.citadel.acm;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import io.citadel.core.crypto.pki.X509Certificates;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/** What ACM shows of an X.509 certificate (DescribeCertificate's Serial, Subject, Issuer, validity, key and usages), read with the JDK. */
record X509Facts(String serial, String subject, String issuer, String commonName, List<String> dnsNames, Instant notBefore,
                 Instant notAfter, String keyAlgorithm, String signatureAlgorithm, List<String> keyUsages,
                 List<StoredCertificate.Eku> extendedKeyUsages, boolean isCa, boolean selfSigned) {

    private static final String[] KEY_USAGE_NAMES = {"DIGITAL_SIGNATURE", "NON_REPUDIATION", "KEY_ENCIPHERMENT", "DATA_ENCIPHERMENT",
            "KEY_AGREEMENT", "CERTIFICATE_SIGNING", "CRL_SIGNING", "ENCIPHER_ONLY", "DECIPHER_ONLY"};

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate");
        }
    }

    static X509Facts of(byte[] der) {
        return of(parse(der));
    }

    static X509Facts of(X509Certificate c) {
        List<String> usages = new ArrayList<>();
        boolean[] bits = c.getKeyUsage();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KEY_USAGE_NAMES.length; i++) {
                if (bits[i]) {
                    usages.add(KEY_USAGE_NAMES[i]);
                }
            }
        }
        List<StoredCertificate.Eku> ekus = new ArrayList<>();
        try {
            List<String> oids = c.getExtendedKeyUsage();
            if (oids != null) {
                oids.forEach(oid -> ekus.add(new StoredCertificate.Eku(ekuName(oid), oid)));
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("malformed extendedKeyUsage extension");
        }
        List<String> dns = new ArrayList<>();
        try {
            Collection<List<?>> sans = c.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        dns.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("malformed subjectAltName extension");
        }
        String subject = c.getSubjectX500Principal().getName(X500Principal.RFC2253);
        return new X509Facts(serial(c.getSerialNumber()), subject, c.getIssuerX500Principal().getName(X500Principal.RFC2253),
                commonName(subject), dns, c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), keyAlgorithm(c.getPublicKey()),
                signatureAlgorithm(c.getSigAlgOID(), c.getSigAlgName()), usages, ekus, c.getBasicConstraints() >= 0,
                c.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
    }

    /** AWS's Serial: the serial's bytes in lower-case hex, colon-separated. */
    static String serial(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        StringBuilder out = new StringBuilder();
        for (int i = start; i < bytes.length; i++) {
            if (out.length() > 0) {
                out.append(':');
            }
            out.append(HexFormat.of().toHexDigits(bytes[i]));
        }
        return out.toString();
    }

    private static String commonName(String rfc2253) {
        for (String part : rfc2253.split(",(?=(?:[^\\\\]|\\\\.)*$)")) {
            if (part.regionMatches(true, 0, "CN=", 0, 3)) {
                return part.substring(3).replace("\\", "");
            }
        }
        return null;
    }

    /** The model's KeyAlgorithm: RSA_2048, EC_prime256v1, ...; "UNSUPPORTED" for anything else. */
    static String keyAlgorithm(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA_" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getOrder().bitLength();
            boolean k1 = ec.getParams().getCurve().getA().signum() == 0;
            if (k1) {
                return "UNSUPPORTED";
            }
            return switch (bits) {
                case 256 -> "EC_prime256v1";
                case 384 -> "EC_secp384r1";
                case 521 -> "EC_secp521r1";
                default -> "UNSUPPORTED";
            };
        }
        return "UNSUPPORTED";
    }

    /**
     * AWS's SignatureAlgorithm form: SHA256WITHRSA, SHA384WITHECDSA, ...; SM3WITHSM2 for a private certificate from an SM2
     * CA of ACM PCA, for which the JDK has no name (it answers the OID).
     */
    private static String signatureAlgorithm(String oid, String jdkName) {
        if (oid.equals(X509Certificates.SM2_WITH_SM3)) {
            return "SM3WITHSM2";
        }
        return jdkName.toUpperCase(Locale.ROOT).replace("RSASSA-PSS", "SHA256WITHRSAANDMGF1");
    }

    private static String ekuName(String oid) {
        return switch (oid) {
            case "1.3.6.1.5.5.7.3.1" -> "TLS_WEB_SERVER_AUTHENTICATION";
            case "1.3.6.1.5.5.7.3.2" -> "TLS_WEB_CLIENT_AUTHENTICATION";
            case "1.3.6.1.5.5.7.3.3" -> "CODE_SIGNING";
            case "1.3.6.1.5.5.7.3.4" -> "EMAIL_PROTECTION";
            case "1.3.6.1.5.5.7.3.8" -> "TIME_STAMPING";
            case "1.3.6.1.5.5.7.3.9" -> "OCSP_SIGNING";
            case "1.3.6.1.5.5.7.3.5" -> "IPSEC_END_SYSTEM";
            case "1.3.6.1.5.5.7.3.6" -> "IPSEC_TUNNEL";
            case "1.3.6.1.5.5.7.3.7" -> "IPSEC_USER";
            default -> "CUSTOM";
        };
    }
}
