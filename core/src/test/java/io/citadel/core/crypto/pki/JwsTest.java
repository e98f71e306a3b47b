package io.citadel.core.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JOSE for ACME: RFC 7638's thumbprint vector, signatures made by the JDK, the checks on untrusted JWKs, and HMAC. */
class JwsTest {

    /** RFC 7638 section 3.1. */
    private static final String RFC7638_N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMs"
            + "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91"
            + "CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
    private static final Map<String, Object> RFC7638_KEY = Map.of("kty", "RSA", "n", RFC7638_N, "e", "AQAB", "alg", "RS256",
            "kid", "2011-04-29");

    @Test
    void thumbprint_matchesRfc7638_andIgnoresNonKeyMembers() {
        assertThat(Jws.PublicJwk.of(RFC7638_KEY).thumbprint()).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void es256_rs256_andEdDsaSignatures_verify_andATamperedOneDoesNot() throws Exception {
        byte[] input = "eyJhbGciOiJFUzI1NiJ9.e30".getBytes(StandardCharsets.US_ASCII);

        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ecPair = ec.generateKeyPair();
        ECPublicKey ecPublic = (ECPublicKey) ecPair.getPublic();
        Jws.PublicJwk ecJwk = Jws.PublicJwk.of(Map.of("kty", "EC", "crv", "P-256",
                "x", Jws.base64url(fixed(ecPublic.getW().getAffineX().toByteArray(), 32)),
                "y", Jws.base64url(fixed(ecPublic.getW().getAffineY().toByteArray(), 32))));
        byte[] ecSig = sign("SHA256withECDSAinP1363Format", ecPair, input);
        assertThat(Jws.verify("ES256", ecJwk, input, ecSig)).isTrue();
        ecSig[10] ^= 1;
        assertThat(Jws.verify("ES256", ecJwk, input, ecSig)).isFalse();
        assertThat(Jws.verify("ES256", ecJwk, input, new byte[10])).isFalse();

        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rsaPair = rsa.generateKeyPair();
        RSAPublicKey rsaPublic = (RSAPublicKey) rsaPair.getPublic();
        Jws.PublicJwk rsaJwk = Jws.PublicJwk.of(Map.of("kty", "RSA", "n", Jws.base64url(strip(rsaPublic.getModulus().toByteArray())),
                "e", Jws.base64url(strip(rsaPublic.getPublicExponent().toByteArray()))));
        assertThat(Jws.verify("RS256", rsaJwk, input, sign("SHA256withRSA", rsaPair, input))).isTrue();
        assertThat(rsaJwk.spki()).isEqualTo(rsaPublic.getEncoded());

        KeyPair edPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = edPair.getPublic().getEncoded();
        Jws.PublicJwk edJwk = Jws.PublicJwk.of(Map.of("kty", "OKP", "crv", "Ed25519",
                "x", Jws.base64url(Arrays.copyOfRange(spki, spki.length - 32, spki.length))));
        assertThat(Jws.verify("EdDSA", edJwk, input, sign("Ed25519", edPair, input))).isTrue();
    }

    @Test
    void algorithmsThatDoNotFitTheKey_orAreUnknown_areRefused() {
        Jws.PublicJwk rsa = Jws.PublicJwk.of(RFC7638_KEY);
        assertThatThrownBy(() -> Jws.verify("ES256", rsa, new byte[1], new byte[64])).hasMessageContaining("does not fit the key");
        assertThatThrownBy(() -> Jws.verify("none", rsa, new byte[1], new byte[0])).hasMessageContaining("alg: none");
    }

    @Test
    void untrustedJwks_areCheckedMemberByMember() {
        assertThatThrownBy(() -> Jws.PublicJwk.of(Map.of("kty", "oct", "k", "AAAA"))).hasMessageContaining("private key material");
        assertThatThrownBy(() -> Jws.PublicJwk.of(Map.of("kty", "EC", "crv", "P-256", "x", "AAAA"))).hasMessageContaining("jwk.y: missing");
        assertThatThrownBy(() -> Jws.PublicJwk.of(Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB"))).hasMessageContaining("bits");
        String zero = Jws.base64url(new byte[32]);
        String one = Jws.base64url(fixed(new byte[] {1}, 32));
        assertThatThrownBy(() -> Jws.PublicJwk.of(Map.of("kty", "EC", "crv", "P-256", "x", zero, "y", one)))
                .hasMessageContaining("not on P-256");
        assertThatThrownBy(() -> Jws.PublicJwk.of(Map.of("kty", "EC", "crv", "P-256", "x", zero + "=", "y", one)))
                .hasMessageContaining("base64url");
    }

    @Test
    void hmac_verifiesForTheRightKeyOnly() {
        byte[] key = "secret-key-material-32-bytes-lng".getBytes(StandardCharsets.US_ASCII);
        byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
        byte[] mac = Jws.mac("HS256", key, input);
        assertThat(Jws.verifyMac("HS256", key, input, mac)).isTrue();
        assertThat(Jws.verifyMac("HS256", "other".getBytes(StandardCharsets.US_ASCII), input, mac)).isFalse();
        assertThat(Jws.mac("HS512", key, input)).hasSize(64);
        assertThatThrownBy(() -> Jws.mac("RS256", key, input)).hasMessageContaining("expected: HS256");
    }

    private static byte[] sign(String algorithm, KeyPair pair, byte[] input) throws Exception {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(pair.getPrivate());
        s.update(input);
        return s.sign();
    }

    private static byte[] strip(byte[] b) {
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static byte[] fixed(byte[] b, int size) {
        byte[] s = strip(b);
        byte[] out = new byte[size];
        System.arraycopy(s, 0, out, size - s.length, s.length);
        return out;
    }
}
