package io.citadel.acme.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.acme.AcmeProblem;
import io.citadel.core.crypto.pki.Jws;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One flattened JWS (RFC 7515 section 7.2.2) as ACME sends it (RFC 8555 section 6.2): the protected header decoded,
 * the payload decoded (empty for POST-as-GET), and the bytes the signature covers. Parsing checks the shape;
 * {@link #verify} checks the signature.
 */
record JwsMessage(String protectedB64, String payloadB64, byte[] signature, JsonNode header, byte[] payload) {

    static final List<String> ALGORITHMS = List.of("RS256", "ES256", "ES384", "ES512", "EdDSA");
    static final ObjectMapper JSON = new ObjectMapper();

    static JwsMessage parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "request body: not JSON (expected: a flattened JWS)");
        }
        return of(root, "JWS");
    }

    static JwsMessage of(JsonNode root, String what) {
        if (root == null || !root.isObject()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + ": not a JSON object (expected: a flattened JWS)");
        }
        if (root.has("header") || root.has("signatures")) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + ": unprotected header or general serialization"
                    + " (expected: the flattened serialization with only a protected header)");
        }
        String protectedB64 = text(root, "protected", what);
        String payloadB64 = text(root, "payload", what);
        String signatureB64 = text(root, "signature", what);
        byte[] headerBytes = decode(protectedB64, what + ".protected");
        JsonNode header;
        try {
            header = JSON.readTree(headerBytes);
        } catch (IOException e) {
            header = null;
        }
        if (header == null || !header.isObject()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + ".protected: not a JSON object");
        }
        return new JwsMessage(protectedB64, payloadB64, decode(signatureB64, what + ".signature"), header,
                decode(payloadB64, what + ".payload"));
    }

    String alg() {
        JsonNode alg = header.get("alg");
        return alg == null || !alg.isTextual() ? null : alg.asText();
    }

    String headerText(String name) {
        JsonNode value = header.get(name);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    /** The jwk header as a key, or null when the header has none. */
    Jws.PublicJwk jwk() {
        JsonNode jwk = header.get("jwk");
        if (jwk == null) {
            return null;
        }
        return toKey(jwk, "jwk");
    }

    static Jws.PublicJwk toKey(JsonNode jwk, String what) {
        if (!jwk.isObject()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + ": not a JSON object");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = JSON.convertValue(jwk, Map.class);
            return Jws.PublicJwk.of(members);
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_PUBLIC_KEY, what + ": " + e.getMessage());
        }
    }

    /** Checks the algorithm (RFC 8555 section 6.2: no "none", no MAC) and the signature under {@code key}. */
    void verify(Jws.PublicJwk key) {
        String alg = alg();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw new AcmeProblem(AcmeProblem.Type.BAD_SIGNATURE_ALGORITHM, "alg: " + alg + " (expected: one of " + ALGORITHMS + ")");
        }
        boolean valid;
        try {
            valid = Jws.verify(alg, key, signingInput(), signature);
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "JWS: " + e.getMessage());
        }
        if (!valid) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "JWS: the signature does not verify with the "
                    + (header.has("jwk") ? "jwk" : "account key"));
        }
    }

    byte[] signingInput() {
        return (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    }

    boolean postAsGet() {
        return payload.length == 0;
    }

    /** The payload as a JSON object; an empty payload (POST-as-GET) is an empty object. */
    ObjectNode payloadObject() {
        if (payload.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new AcmeProblem(AcmeProblem.Type.MALFORMED, "payload: not a JSON object");
    }

    private static String text(JsonNode root, String name, String what) {
        JsonNode value = root.get(name);
        if (value == null || !value.isTextual()) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, what + "." + name + ": missing or not a string");
        }
        return value.asText();
    }

    private static byte[] decode(String value, String what) {
        try {
            return Jws.base64url(value, what);
        } catch (IllegalArgumentException e) {
            throw new AcmeProblem(AcmeProblem.Type.MALFORMED, e.getMessage());
        }
    }
}
