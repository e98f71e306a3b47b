package io.citadel.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Prehash;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.signers.RSADigestSigner;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * Signing and verification with AWS KMS semantics: a {@link SignInput#MESSAGE} is hashed with the scheme's hash
 * (or handed to Ed25519 / ML-DSA as is), a {@link SignInput#DIGEST} is that hash already computed, and an
 * {@link SignInput#EXTERNAL_MU} is ML-DSA's mu. RSA-PSS salts are digest-length with MGF1 of the same hash,
 * ECDSA signatures are DER, Ed25519ph and ML-DSA use the empty context, and ML-DSA signing is hedged. SM2DSA signs
 * SM3(Z || M) with Z over the default user ID "1234567812345678" (GM/T 0009, RFC 8998), DER-encoded as ECDSA.
 */
public final class Signatures {

    private static final byte[] EMPTY_CONTEXT = new byte[0];

    private Signatures() {
    }

    /** Signs {@code input} of {@code kind} with a PKCS#8 private key; see {@link Signer#sign}. */
    public static byte[] sign(SignatureScheme scheme, byte[] privatePkcs8, byte[] input, SignInput kind, SecureRandom random) {
        return signer(scheme, privatePkcs8).sign(input, kind, random);
    }

    /**
     * Whether {@code signature} is valid for {@code input} under the SubjectPublicKeyInfo public key: false for any
     * bad signature (malformed DER, wrong length, another key), never an exception. A key or input that does not
     * fit the scheme is a caller's mistake and throws {@link IllegalArgumentException}.
     */
    public static boolean verify(SignatureScheme scheme, byte[] publicSpki, byte[] input, SignInput kind, byte[] signature) {
        return verifier(scheme, publicSpki).verify(input, kind, signature);
    }

    /** Parses a PKCS#8 private key once for many signatures; throws {@link IllegalArgumentException} if the scheme does not fit the key. */
    public static Signer signer(SignatureScheme scheme, byte[] privatePkcs8) {
        Objects.requireNonNull(scheme, "scheme");
        AsymmetricKeys.Private key = AsymmetricKeys.parsePrivate(privatePkcs8, scheme + " private key");
        checkFits(scheme, key.type());
        return new Signer(scheme, key.type(), key.key());
    }

    /** Parses a SubjectPublicKeyInfo public key once for many verifications; throws {@link IllegalArgumentException} if the scheme does not fit the key. */
    public static Verifier verifier(SignatureScheme scheme, byte[] publicSpki) {
        Objects.requireNonNull(scheme, "scheme");
        AsymmetricKeys.Public key = AsymmetricKeys.parsePublic(publicSpki, scheme + " public key");
        checkFits(scheme, key.type());
        return new Verifier(scheme, key.type(), key.key());
    }

    /** One parsed private key and scheme; safe for concurrent use, since every signature builds its own signer state. */
    public static final class Signer {

        private final SignatureScheme scheme;
        private final KeyPairType keyType;
        private final AsymmetricKeyParameter key;

        private Signer(SignatureScheme scheme, KeyPairType keyType, AsymmetricKeyParameter key) {
            this.scheme = scheme;
            this.keyType = keyType;
            this.key = key;
        }

        public SignatureScheme scheme() {
            return scheme;
        }

        public KeyPairType keyType() {
            return keyType;
        }

        /** Signs {@code input} of {@code kind}; throws {@link IllegalArgumentException} if the scheme takes no such input or a digest has the wrong length. */
        public byte[] sign(byte[] input, SignInput kind, SecureRandom random) {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(random, "random");
            checkInput(scheme, input, kind);
            try {
                return switch (scheme) {
                    case RSA_PSS_SHA_256, RSA_PSS_SHA_384, RSA_PSS_SHA_512, RSA_PKCS1_SHA_256, RSA_PKCS1_SHA_384, RSA_PKCS1_SHA_512 -> {
                        org.bouncycastle.crypto.Signer signer = rsaSigner(scheme, kind);
                        signer.init(true, new ParametersWithRandom(key, random));
                        signer.update(input, 0, input.length);
                        yield signer.generateSignature();
                    }
                    case ECDSA_SHA_256, ECDSA_SHA_384, ECDSA_SHA_512 -> {
                        ECDSASigner signer = new ECDSASigner();
                        signer.init(true, new ParametersWithRandom(key, random));
                        BigInteger[] rs = signer.generateSignature(kind == SignInput.DIGEST ? input : hash(scheme, input));
                        yield StandardDSAEncoding.INSTANCE.encode(signer.getOrder(), rs[0], rs[1]);
                    }
                    case ED25519 -> {
                        Ed25519Signer signer = new Ed25519Signer();
                        signer.init(true, key);
                        signer.update(input, 0, input.length);
                        yield signer.generateSignature();
                    }
                    case ED25519_PH -> {
                        byte[] prehash = kind == SignInput.DIGEST ? input : hash(scheme, input);
                        byte[] signature = new byte[Ed25519.SIGNATURE_BYTES];
                        ((Ed25519PrivateKeyParameters) key).sign(
                                org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519ph, EMPTY_CONTEXT, prehash, 0, prehash.length, signature, 0);
                        yield signature;
                    }
                    case ML_DSA -> {
                        MLDSASigner signer = new MLDSASigner();
                        signer.init(true, new ParametersWithRandom(key, random));
                        if (kind == SignInput.EXTERNAL_MU) {
                            yield signer.generateMuSignature(input);
                        }
                        signer.update(input, 0, input.length);
                        yield signer.generateSignature();
                    }
                    case SM2DSA -> {
                        // no ParametersWithID: BouncyCastle then uses the default user ID, 1234567812345678
                        SM2Signer signer = new SM2Signer();
                        signer.init(true, new ParametersWithRandom(key, random));
                        signer.update(input, 0, input.length);
                        yield signer.generateSignature();
                    }
                };
            } catch (CryptoException | IOException e) {
                throw new IllegalStateException(scheme + " signing failed", e);
            }
        }
    }

    /** One parsed public key and scheme; safe for concurrent use. */
    public static final class Verifier {

        private final SignatureScheme scheme;
        private final KeyPairType keyType;
        private final AsymmetricKeyParameter key;

        private Verifier(SignatureScheme scheme, KeyPairType keyType, AsymmetricKeyParameter key) {
            this.scheme = scheme;
            this.keyType = keyType;
            this.key = key;
        }

        public SignatureScheme scheme() {
            return scheme;
        }

        public KeyPairType keyType() {
            return keyType;
        }

        /** Whether {@code signature} is valid for {@code input} of {@code kind}; false, never an exception, for any bad signature. */
        public boolean verify(byte[] input, SignInput kind, byte[] signature) {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(signature, "signature");
            checkInput(scheme, input, kind);
            return switch (scheme) {
                case RSA_PSS_SHA_256, RSA_PSS_SHA_384, RSA_PSS_SHA_512, RSA_PKCS1_SHA_256, RSA_PKCS1_SHA_384, RSA_PKCS1_SHA_512 -> {
                    if (signature.length != (((RSAKeyParameters) key).getModulus().bitLength() + 7) / 8) {
                        yield false;
                    }
                    org.bouncycastle.crypto.Signer verifier = rsaSigner(scheme, kind);
                    verifier.init(false, key);
                    verifier.update(input, 0, input.length);
                    try {
                        yield verifier.verifySignature(signature);
                    } catch (DataLengthException e) {
                        yield false; // a signature value at or above the modulus
                    }
                }
                case ECDSA_SHA_256, ECDSA_SHA_384, ECDSA_SHA_512 -> {
                    BigInteger order = ((ECPublicKeyParameters) key).getParameters().getN();
                    BigInteger[] rs;
                    try {
                        rs = StandardDSAEncoding.INSTANCE.decode(order, signature);
                    } catch (IOException | RuntimeException e) {
                        // Untrusted bytes: BouncyCastle's ASN.1 parser reports malformed input with several
                        // exception types; each of them only means "not a signature".
                        yield false;
                    }
                    ECDSASigner verifier = new ECDSASigner();
                    verifier.init(false, key);
                    yield verifier.verifySignature(kind == SignInput.DIGEST ? input : hash(scheme, input), rs[0], rs[1]);
                }
                case ED25519 -> {
                    if (signature.length != Ed25519.SIGNATURE_BYTES) {
                        yield false;
                    }
                    Ed25519Signer verifier = new Ed25519Signer();
                    verifier.init(false, key);
                    verifier.update(input, 0, input.length);
                    yield verifier.verifySignature(signature);
                }
                case ED25519_PH -> {
                    if (signature.length != Ed25519.SIGNATURE_BYTES) {
                        yield false;
                    }
                    byte[] prehash = kind == SignInput.DIGEST ? input : hash(scheme, input);
                    yield ((Ed25519PublicKeyParameters) key).verify(
                            org.bouncycastle.math.ec.rfc8032.Ed25519.Algorithm.Ed25519ph, EMPTY_CONTEXT, prehash, 0, prehash.length, signature, 0);
                }
                case ML_DSA -> {
                    if (signature.length != mlDsaSignatureBytes(keyType)) {
                        yield false;
                    }
                    MLDSASigner verifier = new MLDSASigner();
                    verifier.init(false, key);
                    if (kind == SignInput.EXTERNAL_MU) {
                        yield verifier.verifyMuSignature(input, signature);
                    }
                    verifier.update(input, 0, input.length);
                    yield verifier.verifySignature(signature);
                }
                case SM2DSA -> {
                    // BouncyCastle's SM2Signer answers false (not an exception) for a signature that is not DER (r, s)
                    SM2Signer verifier = new SM2Signer();
                    verifier.init(false, key);
                    verifier.update(input, 0, input.length);
                    yield verifier.verifySignature(signature);
                }
            };
        }
    }

    /**
     * ML-DSA's external mu of {@code message} for the SubjectPublicKeyInfo public key (FIPS 204 algorithm 7 line 6,
     * pure ML-DSA with the empty context): what a signer holding the key only behind an API (KMS Sign with MessageType
     * EXTERNAL_MU) signs instead of a message of any length.
     */
    public static byte[] mlDsaExternalMu(byte[] publicSpki, byte[] message) {
        Objects.requireNonNull(message, "message");
        AsymmetricKeys.Public key = AsymmetricKeys.parsePublic(publicSpki, "ML-DSA public key");
        checkFits(SignatureScheme.ML_DSA, key.type());
        MLDSASigner signer = new MLDSASigner();
        signer.init(false, key.key());
        signer.update(message, 0, message.length);
        try {
            return signer.generateMu();
        } catch (CryptoException e) {
            throw new IllegalStateException("ML-DSA mu failed", e);
        }
    }

    /** Bytes of an ML-DSA signature (FIPS 204 table 2). */
    static int mlDsaSignatureBytes(KeyPairType type) {
        return switch (type) {
            case ML_DSA_44 -> 2420;
            case ML_DSA_65 -> 3309;
            case ML_DSA_87 -> 4627;
            default -> throw new IllegalArgumentException("key type: " + type + " (expected: an ML_DSA type)");
        };
    }

    private static void checkFits(SignatureScheme scheme, KeyPairType type) {
        if (!scheme.supports(type)) {
            throw new IllegalArgumentException(scheme + " key: " + type + " (expected: a key type the scheme supports)");
        }
    }

    private static void checkInput(SignatureScheme scheme, byte[] input, SignInput kind) {
        Objects.requireNonNull(kind, "kind");
        if (!scheme.accepts(kind)) {
            throw new IllegalArgumentException(scheme + " input: " + kind + " (not accepted by this scheme)");
        }
        if (kind == SignInput.DIGEST && input.length != scheme.digestBytes()) {
            throw new IllegalArgumentException(scheme + " digest: " + input.length + " bytes (expected: " + scheme.digestBytes() + ")");
        }
        if (kind == SignInput.EXTERNAL_MU && input.length != SignatureScheme.MU_BYTES) {
            throw new IllegalArgumentException(scheme + " mu: " + input.length + " bytes (expected: " + SignatureScheme.MU_BYTES + ")");
        }
    }

    private static org.bouncycastle.crypto.Signer rsaSigner(SignatureScheme scheme, SignInput kind) {
        boolean digest = kind == SignInput.DIGEST;
        int saltBytes = scheme.digestBytes();
        return switch (scheme) {
            case RSA_PKCS1_SHA_256, RSA_PKCS1_SHA_384, RSA_PKCS1_SHA_512 ->
                    new RSADigestSigner(digest ? Prehash.forDigest(newDigest(scheme)) : newDigest(scheme));
            case RSA_PSS_SHA_256, RSA_PSS_SHA_384, RSA_PSS_SHA_512 -> digest
                    ? PSSSigner.createRawSigner(new RSABlindedEngine(), newDigest(scheme), newDigest(scheme), saltBytes, PSSSigner.TRAILER_IMPLICIT)
                    : new PSSSigner(new RSABlindedEngine(), newDigest(scheme), newDigest(scheme), saltBytes);
            default -> throw new IllegalArgumentException("RSA scheme: " + scheme + " (expected: RSA_PSS_* or RSA_PKCS1_*)");
        };
    }

    private static byte[] hash(SignatureScheme scheme, byte[] message) {
        Digest digest = newDigest(scheme);
        digest.update(message, 0, message.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    private static Digest newDigest(SignatureScheme scheme) {
        return switch (scheme.digestBytes()) {
            case 32 -> new SHA256Digest();
            case 48 -> new SHA384Digest();
            case 64 -> new SHA512Digest();
            default -> throw new IllegalArgumentException(scheme + ": no hash");
        };
    }
}
