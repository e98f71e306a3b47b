package io.citadel.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.acme.api.AcmeRoutes;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.pki.Jws;
import io.citadel.protocol.WireRequest;
import io.citadel.protocol.WireResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal ACME client for tests: signs JWS requests (ES256, RS256 or EdDSA) and hands them to the routes directly. */
final class TestAcmeClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String HOST = "acme.test:4566";

    final AcmeRoutes routes;
    final String base;
    AsymmetricKeyPair key;
    String alg;
    String kid;

    TestAcmeClient(AcmeRoutes routes, String directory) {
        this.routes = routes;
        this.base = "http://" + HOST + "/acme/" + directory;
        useKey(KeyPairType.EC_P256);
    }

    TestAcmeClient useKey(KeyPairType type) {
        key = KeyPairs.generate(type, new SecureRandom());
        alg = switch (type.family()) {
            case RSA -> "RS256";
            case EC -> "ES256";
            case ED25519 -> "EdDSA";
            default -> throw new IllegalArgumentException(type.toString());
        };
        return this;
    }

    String url(String resource) {
        return base + "/" + resource;
    }

    WireResponse send(String method, String url, String contentType, byte[] body) {
        String path = url.substring(("http://" + HOST).length());
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of(HOST));
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
        }
        return routes.handle(new WireRequest(method, path, "", headers, body, "127.0.0.1", false));
    }

    String nonce() {
        return send("HEAD", url("new-nonce"), null, null).headers().get("Replay-Nonce");
    }

    /** POST with {@code payload} (null: POST-as-GET), signed with kid when the client has an account, else jwk. */
    WireResponse post(String url, Object payload) {
        return postWith(url, payload, kid == null, nonce(), url);
    }

    WireResponse postWith(String url, Object payload, boolean withJwk, String nonce, String headerUrl) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        if (nonce != null) {
            header.put("nonce", nonce);
        }
        header.put("url", headerUrl);
        if (withJwk) {
            header.put("jwk", jwk(key.publicSpki()));
        } else {
            header.put("kid", kid);
        }
        return send("POST", url, "application/jose+json", jws(header, payload, key, alg));
    }

    /** newAccount, remembering the account URL as kid. */
    WireResponse register(Map<String, Object> payload) {
        WireResponse r = postWith(url("new-account"), payload, true, nonce(), url("new-account"));
        if (r.status() == 201 || r.status() == 200) {
            kid = r.headers().get("Location");
        }
        return r;
    }

    static byte[] jws(Map<String, Object> header, Object payload, AsymmetricKeyPair key, String alg) {
        try {
            String protectedB64 = Jws.base64url(JSON.writeValueAsBytes(header));
            String payloadB64 = payload == null ? "" : payload instanceof byte[] raw ? Jws.base64url(raw)
                    : Jws.base64url(JSON.writeValueAsBytes(payload));
            byte[] signature = sign(alg, key, (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII));
            return JSON.writeValueAsBytes(Map.of("protected", protectedB64, "payload", payloadB64, "signature", Jws.base64url(signature)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] sign(String alg, AsymmetricKeyPair key, byte[] input) {
        try {
            String family = alg.startsWith("RS") ? "RSA" : alg.startsWith("ES") ? "EC" : "Ed25519";
            PrivateKey privateKey = KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(key.privatePkcs8()));
            Signature s = Signature.getInstance(switch (alg) {
                case "RS256" -> "SHA256withRSA";
                case "ES256" -> "SHA256withECDSAinP1363Format";
                case "ES384" -> "SHA384withECDSAinP1363Format";
                default -> "Ed25519";
            });
            s.initSign(privateKey);
            s.update(input);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> jwk(byte[] spki) {
        try {
            Map<String, Object> jwk = new LinkedHashMap<>();
            String algorithm = io.citadel.core.crypto.pki.CertificateRequests.publicKey(spki).getAlgorithm();
            switch (algorithm) {
                case "RSA" -> {
                    RSAPublicKey k = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
                    jwk.put("kty", "RSA");
                    jwk.put("n", Jws.base64url(unsigned(k.getModulus(), 0)));
                    jwk.put("e", Jws.base64url(unsigned(k.getPublicExponent(), 0)));
                }
                case "EC" -> {
                    ECPublicKey k = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
                    int size = (k.getParams().getCurve().getField().getFieldSize() + 7) / 8;
                    jwk.put("kty", "EC");
                    jwk.put("crv", size == 32 ? "P-256" : size == 48 ? "P-384" : "P-521");
                    jwk.put("x", Jws.base64url(unsigned(k.getW().getAffineX(), size)));
                    jwk.put("y", Jws.base64url(unsigned(k.getW().getAffineY(), size)));
                }
                default -> {
                    jwk.put("kty", "OKP");
                    jwk.put("crv", "Ed25519");
                    jwk.put("x", Jws.base64url(Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
                }
            }
            return jwk;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] unsigned(BigInteger value, int size) {
        byte[] raw = value.toByteArray();
        if (raw.length > 1 && raw[0] == 0) {
            raw = Arrays.copyOfRange(raw, 1, raw.length);
        }
        if (size > raw.length) {
            byte[] padded = new byte[size];
            System.arraycopy(raw, 0, padded, size - raw.length, raw.length);
            return padded;
        }
        return raw;
    }

    static JsonNode body(WireResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
