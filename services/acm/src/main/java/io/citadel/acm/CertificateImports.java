package io.citadel.acm;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * ImportCertificate: one PEM certificate, its unencrypted PKCS#8 private key and an optional chain, checked as AWS
 * checks them (one certificate, valid now, a supported key, a key that matches, an issuer, a chain that signs it).
 * With a CertificateArn the import replaces that imported certificate's material and keeps its ARN and tags.
 */
public final class CertificateImports {

    static final List<String> IMPORT_KEY_ALGORITHMS = List.of("RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1",
            "EC_secp384r1", "EC_secp521r1");

    private final AcmEnvironment env;

    CertificateImports(AcmEnvironment env) {
        this.env = env;
    }

    public String importCertificate(RequestContext ctx, String arn, byte[] certificate, byte[] privateKey, byte[] chain,
                                    Map<String, String> tags) {
        StoredCertificate existing = null;
        if (arn != null) {
            existing = env.find(ctx, arn);
            env.require(ctx, "ImportCertificate", existing);
            if (existing.type() != StoredCertificate.Type.IMPORTED) {
                throw AcmErrors.validation("Certificate " + arn + " is of type " + existing.type()
                        + ": only imported certificates can be reimported");
            }
            if (tags != null && !tags.isEmpty()) {
                throw AcmErrors.invalidParameter("Tags: cannot be given when reimporting certificate " + arn
                        + " (use AddTagsToCertificate)");
            }
        } else {
            env.requireWithout(ctx, "ImportCertificate");
        }
        Map<String, String> checkedTags = CertificateTags.check(tags);
        String certText = text(certificate, "Certificate");
        List<Pem.Block> certBlocks = blocks(certText, "Certificate");
        if (certBlocks.size() != 1) {
            throw AcmErrors.validation("The certificate field contains " + certBlocks.size()
                    + " certificates. You can specify only one certificate in this field.");
        }
        if (!certBlocks.get(0).label().equals(Pem.CERTIFICATE)) {
            throw AcmErrors.validation("Certificate: found a PEM " + certBlocks.get(0).label() + " block (expected: CERTIFICATE)");
        }
        X509Certificate cert = parse(certBlocks.get(0).der(), "Certificate");
        X509Facts facts;
        try {
            facts = X509Facts.of(cert);
        } catch (IllegalArgumentException e) {
            throw AcmErrors.validation("Certificate: " + e.getMessage());
        }
        Instant now = env.now();
        if (now.isBefore(facts.notBefore())) {
            throw AcmErrors.validation("The certificate is not valid yet: NotBefore is " + facts.notBefore());
        }
        if (!now.isBefore(facts.notAfter())) {
            throw AcmErrors.validation("The certificate has expired: NotAfter was " + facts.notAfter());
        }
        if (facts.issuer().isEmpty()) {
            throw AcmErrors.validation("The certificate's issuer is empty (expected: a non-empty issuer name)");
        }
        if (!IMPORT_KEY_ALGORITHMS.contains(facts.keyAlgorithm())) {
            throw AcmErrors.validation("The certificate's public key is not supported (" + facts.keyAlgorithm() + "; expected one of "
                    + IMPORT_KEY_ALGORITHMS + ")");
        }
        byte[] keyDer = privateKey(text(privateKey, "PrivateKey"));
        checkKeyMatches(cert, facts.keyAlgorithm(), keyDer);
        String chainPem = null;
        if (chain != null) {
            List<Pem.Block> chainBlocks = blocks(text(chain, "CertificateChain"), "CertificateChain");
            if (chainBlocks.isEmpty()) {
                throw AcmErrors.validation("CertificateChain: no PEM CERTIFICATE block found");
            }
            StringBuilder out = new StringBuilder();
            X509Certificate child = cert;
            for (Pem.Block b : chainBlocks) {
                if (!b.label().equals(Pem.CERTIFICATE)) {
                    throw AcmErrors.validation("CertificateChain: found a PEM " + b.label() + " block (expected: CERTIFICATE blocks only)");
                }
                X509Certificate parent = parse(b.der(), "CertificateChain");
                try {
                    child.verify(parent.getPublicKey());
                } catch (GeneralSecurityException e) {
                    throw AcmErrors.validation("The certificate chain provided is not valid: " + child.getSubjectX500Principal().getName()
                            + " is not signed by " + parent.getSubjectX500Principal().getName());
                }
                out.append(Pem.encode(Pem.CERTIFICATE, b.der()));
                child = parent;
            }
            chainPem = out.toString();
        }
        String domain = facts.commonName() != null ? facts.commonName() : facts.dnsNames().isEmpty() ? "" : facts.dnsNames().get(0);
        List<String> sans = facts.dnsNames().isEmpty() ? (domain.isEmpty() ? List.of() : List.of(domain)) : facts.dnsNames();
        StoredCertificate.Material material = new StoredCertificate.Material(Pem.encode(Pem.CERTIFICATE, certBlocks.get(0).der()), chainPem,
                keyDer);
        StoredCertificate.X509 x509 = StoredCertificate.X509.of(facts);
        String account = ctx.principal().accountId();
        StoredCertificate previous = existing;
        return env.storage.transaction(tx -> {
            StoredCertificate c;
            if (previous != null) {
                StoredCertificate fresh = CertificateRepository.find(tx, account, ctx.region(), previous.id())
                        .orElseThrow(() -> AcmErrors.notFound(previous.arn()));
                c = fresh.imported(x509, now, facts.keyAlgorithm(), domain, sans);
            } else {
                if (CertificateRepository.count(tx, account, ctx.region()) >= env.settings.maxCertificates()) {
                    throw AcmErrors.error(AcmErrors.LIMIT_EXCEEDED, "certificates in " + ctx.region() + ": " + env.settings.maxCertificates()
                            + " (expected: fewer, the account's quota)");
                }
                String id = UUID.randomUUID().toString();
                c = new StoredCertificate(account, ctx.region(), id, AcmEnvironment.arn(ctx.region(), account, id), StoredCertificate.Type.IMPORTED,
                        StoredCertificate.Status.ISSUED, domain, sans, null, List.of(), facts.keyAlgorithm(), null, now, null, now, null,
                        null, checkedTags, "ENABLED", "DISABLED", false, null, x509);
            }
            CertificateRepository.put(tx, c);
            CertificateRepository.putMaterial(tx, c, material);
            AcmJobs.scheduleLifecycle(tx, c, env.settings);
            AcmEvents.available(tx, c, now, previous != null ? "REIMPORT" : "IMPORT");
            return c.arn();
        });
    }

    private static String text(byte[] bytes, String member) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (!s.contains("-----BEGIN ")) {
            throw AcmErrors.validation(member + ": not PEM-encoded (expected: -----BEGIN ...----- blocks)");
        }
        return s;
    }

    private static List<Pem.Block> blocks(String text, String member) {
        try {
            return Pem.decodeAll(text);
        } catch (IllegalArgumentException e) {
            throw AcmErrors.validation(member + ": " + e.getMessage());
        }
    }

    private static X509Certificate parse(byte[] der, String member) {
        try {
            return X509Facts.parse(der);
        } catch (IllegalArgumentException e) {
            throw AcmErrors.validation(member + ": could not be parsed as an X.509 certificate");
        }
    }

    private static byte[] privateKey(String text) {
        List<Pem.Block> blocks = blocks(text, "PrivateKey");
        if (blocks.size() != 1) {
            throw AcmErrors.validation("PrivateKey: " + blocks.size() + " PEM blocks (expected: exactly one PRIVATE KEY block)");
        }
        String label = blocks.get(0).label();
        if (label.equals(Pem.ENCRYPTED_PRIVATE_KEY) || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw AcmErrors.validation("PrivateKey: the private key is encrypted (expected: an unencrypted PKCS#8 key)");
        }
        if (!label.equals(Pem.PRIVATE_KEY)) {
            throw AcmErrors.validation("PrivateKey: a PEM " + label + " block is not supported (expected: PKCS#8, -----BEGIN PRIVATE KEY-----; "
                    + "convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        return blocks.get(0).der();
    }

    /** The key must parse, be internally consistent, and sign what the certificate's public key verifies. */
    private static void checkKeyMatches(X509Certificate cert, String keyAlgorithm, byte[] pkcs8) {
        boolean rsa = keyAlgorithm.startsWith("RSA_");
        KeyPairType type = switch (keyAlgorithm) {
            case "RSA_2048" -> KeyPairType.RSA_2048;
            case "RSA_3072" -> KeyPairType.RSA_3072;
            case "RSA_4096" -> KeyPairType.RSA_4096;
            case "EC_prime256v1" -> KeyPairType.EC_P256;
            case "EC_secp384r1" -> KeyPairType.EC_P384;
            case "EC_secp521r1" -> KeyPairType.EC_P521;
            default -> null;
        };
        String mismatch = "The private key does not match the public key in the certificate (" + keyAlgorithm + ")";
        if (type != null) {
            try {
                KeyPairs.fromPrivate(type, pkcs8);
            } catch (IllegalArgumentException e) {
                throw AcmErrors.validation(mismatch + ": " + e.getMessage());
            }
        }
        try {
            PrivateKey key = KeyFactory.getInstance(rsa ? "RSA" : "EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
            String algorithm = rsa ? "SHA256withRSA" : "SHA256withECDSA";
            byte[] challenge = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw AcmErrors.validation(mismatch);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw AcmErrors.validation(mismatch);
        }
    }

}
