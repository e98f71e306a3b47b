package io.citadel.core.crypto.pki;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JOSE pieces ACME needs (RFC 7515, 7517, 7518, 7638, 8037): public JWKs (RSA, EC P-256/384/521, Ed25519)
 * turned into keys, JWS signature checks for RS256, ES256/384/512 and EdDSA, JWK thumbprints, and the HMAC
 * (HS256/384/512) of an External Account Binding. Every failure of untrusted input is an
 * {@link IllegalArgumentException} naming the member and the rule; a wrong signature is just {@code false}.
 */
public final class Jws {

    /** The smallest and largest RSA account keys accepted, in bits. */
    public static final int RSA_MIN_BITS = 2048;
    public static final int RSA_MAX_BITS = 8192;

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();
    private static final Base64.Encoder B64_OUT = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Jws() {
    }

    /** A public JWK: only the members that define the key are kept (kty, n, e, crv, x, y). */
    public record PublicJwk(Map<String, String> members) {

        public PublicJwk {
            members = Map.copyOf(members);
        }

        /** Reads a JWK object's members; throws {@link IllegalArgumentException} when it is not a supported public key. */
        public static PublicJwk of(Map<String, ?> jwk) {
            Objects.requireNonNull(jwk, "jwk");
            Object kty = jwk.get("kty");
            if (!(kty instanceof String type)) {
                throw new IllegalArgumentException("jwk.kty: missing (expected: RSA, EC or OKP)");
            }
            if (jwk.containsKey("d") || jwk.containsKey("k")) {
                throw new IllegalArgumentException("jwk: holds private key material (expected: a public key)");
            }
            String[] names = switch (type) {
                case "RSA" -> new String[] {"kty", "n", "e"};
                case "EC" -> new String[] {"kty", "crv", "x", "y"};
                case "OKP" -> new String[] {"kty", "crv", "x"};
                default -> throw new IllegalArgumentException("jwk.kty: " + type + " (expected: RSA, EC or OKP)");
            };
            Map<String, String> kept = new TreeMap<>();
            for (String name : names) {
                if (!(jwk.get(name) instanceof String value) || value.isEmpty()) {
                    throw new IllegalArgumentException("jwk." + name + ": missing (required for kty " + type + ")");
                }
                kept.put(name, value);
            }
            PublicJwk key = new PublicJwk(kept);
            key.publicKey();
            return key;
        }

        public String kty() {
            return members.get("kty");
        }

        /** The JCA public key; throws {@link IllegalArgumentException} when the members do not make a valid key. */
        public PublicKey publicKey() {
            try {
                return switch (kty()) {
                    case "RSA" -> rsa(this);
                    case "EC" -> ec(this);
                    case "OKP" -> ed25519(this);
                    default -> throw new IllegalArgumentException("jwk.kty: " + kty() + " (expected: RSA, EC or OKP)");
                };
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("jwk: not a valid " + kty() + " public key");
            }
        }

        /** The key as SubjectPublicKeyInfo DER, to compare with a CSR's or certificate's key. */
        public byte[] spki() {
            return publicKey().getEncoded();
        }

        /** The RFC 7638 thumbprint: base64url(SHA-256) of the required members in lexicographic order, no whitespace. */
        public String thumbprint() {
            StringBuilder json = new StringBuilder("{");
            for (Map.Entry<String, String> e : new TreeMap<>(members).entrySet()) {
                if (json.length() > 1) {
                    json.append(',');
                }
                // values are base64url or curve names: no character needs escaping
                json.append('"').append(e.getKey()).append("\":\"").append(e.getValue()).append('"');
            }
            json.append('}');
            return B64_OUT.encodeToString(sha256(json.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Whether {@code signature} over {@code signingInput} verifies with {@code key} under {@code alg}. Throws
     * {@link IllegalArgumentException} when the algorithm is unsupported or does not fit the key.
     */
    public static boolean verify(String alg, PublicJwk key, byte[] signingInput, byte[] signature) {
        Objects.requireNonNull(alg, "alg");
        String kty = key.kty();
        String crv = key.members().get("crv");
        String jca = switch (alg) {
            case "RS256" -> fits(alg, kty.equals("RSA"), "SHA256withRSA");
            case "RS384" -> fits(alg, kty.equals("RSA"), "SHA384withRSA");
            case "RS512" -> fits(alg, kty.equals("RSA"), "SHA512withRSA");
            case "ES256" -> fits(alg, kty.equals("EC") && "P-256".equals(crv), "SHA256withECDSAinP1363Format");
            case "ES384" -> fits(alg, kty.equals("EC") && "P-384".equals(crv), "SHA384withECDSAinP1363Format");
            case "ES512" -> fits(alg, kty.equals("EC") && "P-521".equals(crv), "SHA512withECDSAinP1363Format");
            case "EdDSA" -> fits(alg, kty.equals("OKP") && "Ed25519".equals(crv), "Ed25519");
            default -> throw new IllegalArgumentException("alg: " + alg + " (expected: RS256, RS384, RS512, ES256, ES384, ES512 or EdDSA)");
        };
        if (alg.startsWith("ES") && signature.length != 2 * coordinateBytes(crv)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(jca);
            verifier.initVerify(key.publicKey());
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (SignatureException | InvalidKeyException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " unavailable", e);
        }
    }

    /** Whether {@code mac} is the HMAC of {@code signingInput} under {@code key} for HS256/HS384/HS512, compared in constant time. */
    public static boolean verifyMac(String alg, byte[] key, byte[] signingInput, byte[] mac) {
        byte[] expected = mac(alg, key, signingInput);
        return MessageDigest.isEqual(expected, mac);
    }

    /** The HMAC of {@code signingInput} for HS256/HS384/HS512 (for clients and tests that build an External Account Binding). */
    public static byte[] mac(String alg, byte[] key, byte[] signingInput) {
        String jca = switch (Objects.requireNonNull(alg, "alg")) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> throw new IllegalArgumentException("alg: " + alg + " (expected: HS256, HS384 or HS512 for a MAC)");
        };
        if (key.length == 0) {
            throw new IllegalArgumentException("MAC key: empty (expected: at least one byte)");
        }
        try {
            Mac m = Mac.getInstance(jca);
            m.init(new SecretKeySpec(key, jca));
            return m.doFinal(signingInput);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jca + " unavailable", e);
        }
    }

    /** Strict base64url (RFC 7515 section 2: no padding, no line breaks); throws {@link IllegalArgumentException} naming {@code what}. */
    public static byte[] base64url(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + ": missing");
        }
        if (value.indexOf('=') >= 0 || value.indexOf('+') >= 0 || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException(what + ": not base64url without padding");
        }
        try {
            return B64.decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not base64url without padding");
        }
    }

    public static String base64url(byte[] bytes) {
        return B64_OUT.encodeToString(bytes);
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static String fits(String alg, boolean fits, String jca) {
        if (!fits) {
            throw new IllegalArgumentException("alg: " + alg + " does not fit the key (check the key type and curve)");
        }
        return jca;
    }

    private static PublicKey rsa(PublicJwk jwk) throws GeneralSecurityException {
        BigInteger n = new BigInteger(1, base64url(jwk.members().get("n"), "jwk.n"));
        BigInteger e = new BigInteger(1, base64url(jwk.members().get("e"), "jwk.e"));
        if (n.bitLength() < RSA_MIN_BITS || n.bitLength() > RSA_MAX_BITS) {
            throw new IllegalArgumentException("jwk.n: " + n.bitLength() + " bits (expected: " + RSA_MIN_BITS + ".." + RSA_MAX_BITS + ")");
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new IllegalArgumentException("jwk.e: " + e + " (expected: an odd exponent >= 3)");
        }
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
        return key;
    }

    private static PublicKey ec(PublicJwk jwk) throws GeneralSecurityException {
        String crv = jwk.members().get("crv");
        String name = switch (crv) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            case "P-521" -> "secp521r1";
            default -> throw new IllegalArgumentException("jwk.crv: " + crv + " (expected: P-256, P-384 or P-521)");
        };
        byte[] xb = base64url(jwk.members().get("x"), "jwk.x");
        byte[] yb = base64url(jwk.members().get("y"), "jwk.y");
        int size = coordinateBytes(crv);
        if (xb.length != size || yb.length != size) {
            throw new IllegalArgumentException("jwk.x/y: " + xb.length + "/" + yb.length + " bytes (expected: " + size + " for " + crv + ")");
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(name));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        BigInteger x = new BigInteger(1, xb);
        BigInteger y = new BigInteger(1, yb);
        BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !left.equals(right)) {
            throw new IllegalArgumentException("jwk: the point (x, y) is not on " + crv);
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    }

    private static PublicKey ed25519(PublicJwk jwk) throws GeneralSecurityException {
        String crv = jwk.members().get("crv");
        if (!"Ed25519".equals(crv)) {
            throw new IllegalArgumentException("jwk.crv: " + crv + " (expected: Ed25519 for kty OKP)");
        }
        byte[] x = base64url(jwk.members().get("x"), "jwk.x");
        if (x.length != 32) {
            throw new IllegalArgumentException("jwk.x: " + x.length + " bytes (expected: 32 for Ed25519)");
        }
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static int coordinateBytes(String crv) {
        return switch (crv == null ? "" : crv) {
            case "P-256" -> 32;
            case "P-384" -> 48;
            case "P-521" -> 66;
            default -> 0;
        };
    }
}
