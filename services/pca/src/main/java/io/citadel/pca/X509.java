package io.citadel.pca;

import io.citadel.core.crypto.pki.Pem;
import io.citadel.core.crypto.pki.X509Certificates;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Certificates as the JDK reads them (BouncyCastle's provider for SM2 ones, through the core's {@link X509Certificates}):
 * PEM or DER in, X509Certificate out, and PKIX path validation for imported CA certificates.
 */
final class X509 {

    private X509() {
    }

    /** The DER of every certificate in {@code bytes} (PEM text, or one DER certificate); throws MalformedCertificateException. */
    static List<byte[]> ders(byte[] bytes, String what) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN")) {
            try {
                List<byte[]> out = Pem.decodeEvery(text, Pem.CERTIFICATE);
                if (out.isEmpty()) {
                    throw PcaErrors.error(PcaErrors.MALFORMED_CERTIFICATE, what + ": no PEM CERTIFICATE block");
                }
                out.forEach(der -> parse(der, what));
                return out;
            } catch (IllegalArgumentException e) {
                throw PcaErrors.error(PcaErrors.MALFORMED_CERTIFICATE, what + ": " + e.getMessage());
            }
        }
        parse(bytes, what);
        return List.of(bytes);
    }

    static X509Certificate parse(byte[] der, String what) {
        try {
            return X509Certificates.parse(der);
        } catch (CertificateException | RuntimeException e) {
            throw PcaErrors.error(PcaErrors.MALFORMED_CERTIFICATE, what + ": not an X.509 certificate");
        }
    }

    static boolean isSelfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static boolean hasPublicKey(X509Certificate cert, byte[] spki) {
        return Arrays.equals(cert.getPublicKey().getEncoded(), spki);
    }

    /**
     * Validates {@code leaf} up the {@code chain} (issuer first, the self-signed root last, which is the trust anchor) at
     * {@code at}, with PKIX's rules (signatures, names, basicConstraints, path length, key usage); null when it verifies,
     * else the reason.
     */
    static String verifyChain(X509Certificate leaf, List<X509Certificate> chain, Instant at) {
        if (chain.isEmpty()) {
            return "the chain is empty";
        }
        X509Certificate root = chain.get(chain.size() - 1);
        if (!isSelfSigned(root)) {
            return "the last certificate of the chain (" + root.getSubjectX500Principal().getName() + ") is not a self-signed root";
        }
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            path.addAll(chain.subList(0, chain.size() - 1));
            X509Certificates.validate(path, root, at);
            return null;
        } catch (GeneralSecurityException e) {
            return e.getMessage();
        }
    }

    static String pem(byte[] der) {
        return Pem.encode(Pem.CERTIFICATE, der);
    }

    static String pem(List<byte[]> ders) {
        StringBuilder out = new StringBuilder();
        ders.forEach(d -> out.append(pem(d)));
        return out.toString();
    }
}
