package io.citadel.server;

import io.citadel.core.crypto.pki.Pem;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The key and certificate chain (leaf first) a TLS listener presents. The constructor proves that the key
 * belongs to the leaf (one signature, verified with the leaf's public key), so a half-written pair of files or a
 * mixed-up renewal is refused before any client sees it.
 */
public record TlsIdentity(PrivateKey privateKey, List<X509Certificate> chain) {

    public TlsIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain: empty (expected: the leaf certificate first)");
        }
        checkKeyMatches(privateKey, chain.getFirst());
    }

    /** Parses a PEM chain (CERTIFICATE blocks, leaf first) and a PEM PKCS#8 key (PRIVATE KEY: RSA, EC or Ed25519). */
    public static TlsIdentity fromPem(String chainPem, String privateKeyPem) {
        return new TlsIdentity(privateKey(privateKeyPem), certificates(chainPem, "certificate chain"));
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public BigInteger serial() {
        return leaf().getSerialNumber();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Names the certificate only: some JDK keys print their private parts. */
    @Override
    public String toString() {
        return "TlsIdentity[" + leaf().getSubjectX500Principal().getName() + ", serial " + serial().toString(16)
                + ", valid until " + notAfter() + ", chain of " + chain.size() + "]";
    }

    /** Every CERTIFICATE block of {@code pem}, in order; {@code what} names the input in error messages. */
    public static List<X509Certificate> certificates(String pem, String what) {
        List<byte[]> ders;
        try {
            ders = Pem.decodeEvery(pem, Pem.CERTIFICATE);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        if (ders.isEmpty()) {
            throw new IllegalArgumentException(what + ": no PEM CERTIFICATE block");
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (byte[] der : ders) {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + ": malformed certificate (" + e.getMessage() + ")", e);
        }
        return out;
    }

    private static PrivateKey privateKey(String pem) {
        List<Pem.Block> blocks = Pem.decodeAll(pem);
        if (blocks.size() != 1 || !blocks.getFirst().label().equals(Pem.PRIVATE_KEY)) {
            throw new IllegalArgumentException("private key: expected one PEM PRIVATE KEY (PKCS#8) block, found "
                    + blocks.stream().map(Pem.Block::label).toList()
                    + " (convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem)");
        }
        byte[] der = blocks.getFirst().der();
        for (String algorithm : List.of("EC", "RSA", "Ed25519", "RSASSA-PSS")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm; try the next
            }
        }
        throw new IllegalArgumentException("private key: not an RSA, EC or Ed25519 PKCS#8 key");
    }

    private static void checkKeyMatches(PrivateKey key, X509Certificate leaf) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("private key: algorithm " + key.getAlgorithm()
                    + " (expected: RSA, EC or Ed25519)");
        };
        byte[] probe = "citadel tls key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another algorithm than the certificate's: the same answer as a wrong key
        }
        throw new IllegalArgumentException("private key: does not belong to certificate "
                + leaf.getSubjectX500Principal().getName() + " (serial " + leaf.getSerialNumber().toString(16) + ")");
    }
}
