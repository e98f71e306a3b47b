package io.citadel.core.crypto.pki;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * X.509 certificates as {@link X509Certificate}s, and PKIX path validation, by the JDK, except where SM2 is involved:
 * the JDK cannot even parse a certificate whose key is on the sm2p256v1 curve ("Unknown named curve") nor verify
 * SM2-with-SM3, so a certificate with an SM2 key or signature is read by BouncyCastle's provider (an instance, not
 * registered), and a path with one is validated by it. Everything else keeps the JDK's behaviour exactly.
 */
public final class X509Certificates {

    /**
     * BouncyCastle's provider as an instance (registering it would change every other lookup in the process), made on
     * first use: building it takes a noticeable fraction of a second, which no node without SM2 should pay.
     */
    private static final class Bc {
        static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    /** The signature algorithm SM2-with-SM3 (GM/T 0006), as {@link X509Certificate#getSigAlgOID()} names it. */
    public static final String SM2_WITH_SM3 = GMObjectIdentifiers.sm2sign_with_sm3.getId();

    private X509Certificates() {
    }

    /**
     * The certificate {@code der} holds; throws {@link CertificateException} when it is not one. The JDK parses it; one
     * the JDK cannot parse because its key is SM2, or one signed with SM2-with-SM3, BouncyCastle's provider parses.
     */
    public static X509Certificate parse(byte[] der) throws CertificateException {
        Objects.requireNonNull(der, "der");
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            if (!hasSm2Key(der)) {
                throw e;
            }
            return parseWithBouncyCastle(der);
        }
        return cert.getSigAlgOID().equals(SM2_WITH_SM3) ? parseWithBouncyCastle(der) : cert;
    }

    /** Whether {@code cert} has an SM2 key or an SM2-with-SM3 signature, so that only BouncyCastle can check it. */
    public static boolean isSm2(X509Certificate cert) {
        try {
            return cert.getSigAlgOID().equals(SM2_WITH_SM3) || hasSm2Key(cert.getEncoded());
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static boolean hasSm2Key(byte[] der) {
        try {
            return isSm2Key(Certificate.getInstance(der).getSubjectPublicKeyInfo());
        } catch (RuntimeException e) {
            return false; // not a certificate at all: the JDK's exception says so
        }
    }

    /** Whether {@code spki} is an EC key on the sm2p256v1 curve (GB/T 32918, OID 1.2.156.10197.1.301). */
    static boolean isSm2Key(SubjectPublicKeyInfo spki) {
        return spki.getAlgorithm().getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
                && GMObjectIdentifiers.sm2p256v1.equals(spki.getAlgorithm().getParameters());
    }

    /**
     * Validates {@code path} (the certificate first, then the intermediates above it) up to the trust anchor {@code root}
     * at {@code at} with PKIX's rules (signatures, names, basicConstraints, path length, key usage), without revocation
     * checks; throws {@link GeneralSecurityException} with the validator's reason when it does not validate. The JDK's
     * validator checks a path without SM2; BouncyCastle's, over certificates it parsed itself, one with SM2 anywhere.
     */
    public static void validate(List<X509Certificate> path, X509Certificate root, Instant at) throws GeneralSecurityException {
        boolean sm2 = isSm2(root) || path.stream().anyMatch(X509Certificates::isSm2);
        Provider provider = sm2 ? Bc.PROVIDER : null;
        List<X509Certificate> certificates = new ArrayList<>();
        for (X509Certificate cert : path) {
            certificates.add(sm2 ? reparse(cert) : cert);
        }
        X509Certificate anchor = sm2 ? reparse(root) : root;
        CertificateFactory factory = sm2 ? CertificateFactory.getInstance("X.509", provider) : CertificateFactory.getInstance("X.509");
        CertPath certPath = factory.generateCertPath(certificates);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        CertPathValidator validator = sm2 ? CertPathValidator.getInstance("PKIX", provider) : CertPathValidator.getInstance("PKIX");
        validator.validate(certPath, params);
    }

    private static X509Certificate reparse(X509Certificate cert) throws CertificateException {
        return parseWithBouncyCastle(cert.getEncoded());
    }

    private static X509Certificate parseWithBouncyCastle(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509", Bc.PROVIDER).generateCertificate(new ByteArrayInputStream(der));
    }
}
