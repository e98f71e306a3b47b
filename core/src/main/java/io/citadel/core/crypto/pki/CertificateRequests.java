package io.citadel.core.crypto.pki;

import io.citadel.core.crypto.SignInput;
import io.citadel.core.crypto.SignatureScheme;
import io.citadel.core.crypto.Signatures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.pkcs.PKCSException;

/** PKCS#10 certificate signing requests: built for keys we generate (ACM, a subordinate CA), parsed and verified when a client sends one. */
public final class CertificateRequests {

    /**
     * A parsed request: its subject (DER), public key (SubjectPublicKeyInfo DER), requested SANs, the key's algorithm
     * ("RSA", "EC", "Ed25519", {@link #ML_DSA} or {@link #SM2}) and whether its self-signature verifies.
     */
    public record CertificateRequest(byte[] subject, byte[] publicKey, List<SubjectAlternativeName> subjectAlternativeNames,
                                     String publicKeyAlgorithm, boolean signatureValid) {
        public CertificateRequest {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(publicKey, "publicKey");
            subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
        }
    }

    /** {@link CertificateRequest#publicKeyAlgorithm()} of an ML-DSA key, whatever its parameter set. */
    public static final String ML_DSA = "ML-DSA";

    /** {@link CertificateRequest#publicKeyAlgorithm()} of an SM2 key (an EC key on the sm2p256v1 curve). */
    public static final String SM2 = "SM2";

    /** The SubjectPublicKeyInfo algorithm of each ML-DSA parameter set (FIPS 204; RFC 9881). */
    private static final Set<ASN1ObjectIdentifier> ML_DSA_LEVELS = Set.of(
            NISTObjectIdentifiers.id_ml_dsa_44, NISTObjectIdentifiers.id_ml_dsa_65, NISTObjectIdentifiers.id_ml_dsa_87);

    private CertificateRequests() {
    }

    /** The DER of a CSR for {@code subject} and {@code publicKey}, requesting {@code sans}, signed by the key's own signer. */
    public static byte[] create(byte[] subject, byte[] publicKey, List<SubjectAlternativeName> sans, CertificateSigner signer) {
        PKCS10CertificationRequestBuilder builder = new PKCS10CertificationRequestBuilder(
                DistinguishedNames.name(subject), Certificates.spki(publicKey, "public key"));
        try {
            if (!sans.isEmpty()) {
                ExtensionsGenerator extensions = new ExtensionsGenerator();
                extensions.addExtension(Extension.subjectAlternativeName, false, Certificates.generalNames(sans));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
            }
            return builder.build(Certificates.contentSigner(signer)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("CSR encoding failed", e);
        }
    }

    /** Parses a DER CSR; throws {@link IllegalArgumentException} naming the problem when it is not one. */
    public static CertificateRequest parse(byte[] der) {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed certificate signing request");
        }
        try {
            SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
            byte[] spkiDer = spki.getEncoded(ASN1Encoding.DER);
            String algorithm;
            boolean valid;
            if (ML_DSA_LEVELS.contains(spki.getAlgorithm().getAlgorithm())) {
                algorithm = ML_DSA;
                valid = mlDsaSignatureValid(csr, spkiDer);
            } else if (X509Certificates.isSm2Key(spki)) {
                algorithm = SM2;
                valid = sm2SignatureValid(csr, spkiDer);
            } else {
                PublicKey key = publicKey(spkiDer);
                algorithm = key.getAlgorithm();
                try {
                    valid = csr.isSignatureValid(verifierFor(spki, key));
                } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
                    valid = false;
                }
            }
            X500Name subject = csr.getSubject();
            return new CertificateRequest(subject.getEncoded(ASN1Encoding.DER), spkiDer, requestedSans(csr), algorithm, valid);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed certificate signing request");
        }
    }

    /**
     * EC signatures verify with BouncyCastle's lightweight ECDSA, about five times faster than the JDK's constant-time
     * P-256 code on this path (a verification handles only public values, so it needs no constant time); RSA and
     * Ed25519 verify with the JDK.
     */
    private static ContentVerifierProvider verifierFor(SubjectPublicKeyInfo spki, PublicKey key) throws OperatorCreationException, IOException {
        if (key.getAlgorithm().equals("EC")) {
            return new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                    .build(org.bouncycastle.crypto.util.PublicKeyFactory.createKey(spki));
        }
        return new JcaContentVerifierProviderBuilder().build(key);
    }

    /**
     * An ML-DSA request's signature: pure ML-DSA with the empty context, under the signature algorithm of the key's own
     * parameter set (RFC 9881), verified with BouncyCastle's ML-DSA through {@link Signatures}, so no JDK ML-DSA is needed.
     */
    private static boolean mlDsaSignatureValid(PKCS10CertificationRequest csr, byte[] spkiDer) {
        ASN1ObjectIdentifier keyLevel = csr.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm();
        AlgorithmIdentifier signatureAlgorithm = csr.getSignatureAlgorithm();
        if (!signatureAlgorithm.getAlgorithm().equals(keyLevel) || signatureAlgorithm.getParameters() != null) {
            return false;
        }
        try {
            byte[] signed = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
            return Signatures.verify(SignatureScheme.ML_DSA, spkiDer, signed, SignInput.MESSAGE, csr.getSignature());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * An SM2 request's signature: SM2-with-SM3 (parameters absent, or NULL as some tools write) with the default user ID
     * 1234567812345678, verified with BouncyCastle's SM2 through {@link Signatures}; the JDK has no SM2.
     */
    private static boolean sm2SignatureValid(PKCS10CertificationRequest csr, byte[] spkiDer) {
        AlgorithmIdentifier signatureAlgorithm = csr.getSignatureAlgorithm();
        if (!signatureAlgorithm.getAlgorithm().equals(GMObjectIdentifiers.sm2sign_with_sm3)
                || !(signatureAlgorithm.getParameters() == null || DERNull.INSTANCE.equals(signatureAlgorithm.getParameters()))) {
            return false;
        }
        try {
            byte[] signed = csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
            return Signatures.verify(SignatureScheme.SM2DSA, spkiDer, signed, SignInput.MESSAGE, csr.getSignature());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static List<SubjectAlternativeName> requestedSans(PKCS10CertificationRequest csr) {
        List<SubjectAlternativeName> out = new ArrayList<>();
        for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            if (attribute.getAttrValues().size() == 0) {
                continue;
            }
            Extensions extensions = Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
            GeneralNames names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
            if (names == null) {
                continue;
            }
            for (GeneralName name : names.getNames()) {
                out.add(san(name));
            }
        }
        return out;
    }

    static SubjectAlternativeName san(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> new SubjectAlternativeName.Dns(name.getName().toString());
            case GeneralName.rfc822Name -> new SubjectAlternativeName.Email(name.getName().toString());
            case GeneralName.uniformResourceIdentifier -> new SubjectAlternativeName.Uri(name.getName().toString());
            case GeneralName.iPAddress -> {
                try {
                    yield new SubjectAlternativeName.Ip(InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets()).getHostAddress());
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("malformed IP address in subjectAltName");
                }
            }
            case GeneralName.directoryName -> {
                try {
                    yield new SubjectAlternativeName.Directory(X500Name.getInstance(name.getName()).getEncoded(ASN1Encoding.DER));
                } catch (IOException e) {
                    throw new IllegalArgumentException("malformed directory name in subjectAltName");
                }
            }
            default -> throw new IllegalArgumentException("unsupported subjectAltName type " + name.getTagNo());
        };
    }

    /** A JCA public key for a SubjectPublicKeyInfo (RSA, EC, Ed25519), for verifying with the JDK's providers. */
    public static PublicKey publicKey(byte[] spki) {
        String algorithm = switch (Certificates.spki(spki, "public key").getAlgorithm().getAlgorithm().getId()) {
            case "1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10" -> "RSA";
            case "1.2.840.10045.2.1" -> "EC";
            case "1.3.101.112" -> "Ed25519";
            default -> throw new IllegalArgumentException("unsupported public key algorithm");
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalArgumentException("malformed " + algorithm + " public key");
        }
    }
}
