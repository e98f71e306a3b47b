package io.citadel.core.crypto.pki;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a certificate says about its subject; the issuer side comes from {@link Certificates.Issuer}.
 * Empty lists and sets leave their extension out. Subject key identifier and authority key identifier are always
 * written (RFC 5280 method 1), so chains can be built by key id.
 */
public record CertificateSpec(
        BigInteger serial,
        byte[] subject,
        byte[] subjectPublicKey,
        Instant notBefore,
        Instant notAfter,
        List<SubjectAlternativeName> subjectAlternativeNames,
        Set<KeyUsage> keyUsage,
        List<String> extendedKeyUsage,
        BasicConstraints basicConstraints,
        List<String> crlDistributionPoints,
        List<String> ocspUrls,
        List<CustomExtension> customExtensions) {

    public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    public static final String EKU_CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    public static final String EKU_EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    public static final String EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    public static final String EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";

    /** basicConstraints: {@code pathLength} null means no limit; it must be null unless {@code ca}. */
    public record BasicConstraints(boolean ca, Integer pathLength) {
        public BasicConstraints {
            if (pathLength != null && (!ca || pathLength < 0)) {
                throw new IllegalArgumentException("pathLength: " + pathLength + " (allowed only on a CA, >= 0)");
            }
        }
    }

    /** An extension passed through as DER (the value inside the OCTET STRING). */
    public record CustomExtension(String oid, boolean critical, byte[] value) {
        public CustomExtension {
            Objects.requireNonNull(oid, "oid");
            Objects.requireNonNull(value, "value");
        }
    }

    public CertificateSpec {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(subjectPublicKey, "subjectPublicKey");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (serial.signum() <= 0 || serial.bitLength() > 159) {
            throw new IllegalArgumentException("serial: must be positive and at most 20 octets");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        keyUsage = Set.copyOf(keyUsage);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
        ocspUrls = List.copyOf(ocspUrls);
        customExtensions = List.copyOf(customExtensions);
    }
}
