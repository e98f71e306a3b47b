package io.citadel.protocol.sigv4;

import io.citadel.core.crypto.Hashes;
import io.citadel.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately plain SigV4 signer written from the AWS documentation, independent of the
 * verifier's code, so property tests can sign arbitrary requests. Inputs are decoded; it produces
 * the wire form a well-behaved SDK would send.
 */
final class TestSigner {

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** A request to sign: decoded path segments and query pairs; header names lower-case. */
    record Spec(String method, String host, List<String> pathSegments, List<Map.Entry<String, String>> query,
                Map<String, String> headers, byte[] body) {
    }

    /** Who signs, when, and for which scope. */
    record Key(String accessKeyId, String secret, Instant at, String region, String service) {
        static Key standard(Instant at) {
            return new Key(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, at, "us-east-1", "kms");
        }
    }

    private TestSigner() {
    }

    static WireRequest sign(Spec spec, Key key) {
        String amzDate = BASIC.format(key.at());
        String rawPath = rawPath(spec.pathSegments());
        String rawQuery = rawQuery(spec.query());
        TreeMap<String, String> signed = new TreeMap<>(spec.headers());
        signed.put("host", spec.host());
        signed.put("x-amz-date", amzDate);
        String signedHeaders = String.join(";", signed.keySet());
        String canonical = canonicalRequest(spec.method(), rawPath, spec.query(), signed, signedHeaders,
                hex(Hashes.sha256(spec.body())));
        String scope = amzDate.substring(0, 8) + "/" + key.region() + "/" + key.service() + "/aws4_request";
        String signature = signature(key, amzDate, scope, canonical);
        Map<String, List<String>> headers = new HashMap<>();
        signed.forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("authorization", List.of("AWS4-HMAC-SHA256 Credential=" + key.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return new WireRequest(spec.method(), rawPath, rawQuery, headers, spec.body(), "127.0.0.1", true);
    }

    static WireRequest presign(Spec spec, Key key, long expiresSeconds) {
        String amzDate = BASIC.format(key.at());
        String scope = amzDate.substring(0, 8) + "/" + key.region() + "/" + key.service() + "/aws4_request";
        List<Map.Entry<String, String>> query = new ArrayList<>(spec.query());
        query.add(Map.entry("X-Amz-Algorithm", "AWS4-HMAC-SHA256"));
        query.add(Map.entry("X-Amz-Credential", key.accessKeyId() + "/" + scope));
        query.add(Map.entry("X-Amz-Date", amzDate));
        query.add(Map.entry("X-Amz-Expires", Long.toString(expiresSeconds)));
        query.add(Map.entry("X-Amz-SignedHeaders", "host"));
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("host", spec.host());
        String rawPath = rawPath(spec.pathSegments());
        String canonical = canonicalRequest(spec.method(), rawPath, query, signed, "host", "UNSIGNED-PAYLOAD");
        query.add(Map.entry("X-Amz-Signature", signature(key, amzDate, scope, canonical)));
        Map<String, List<String>> headers = new HashMap<>();
        spec.headers().forEach((k, v) -> headers.put(k, List.of(v)));
        headers.put("host", List.of(spec.host()));
        return new WireRequest(spec.method(), rawPath, rawQuery(query), headers, spec.body(), "127.0.0.1", true);
    }

    static String canonicalRequest(String method, String rawPath, List<Map.Entry<String, String>> query,
                                   TreeMap<String, String> signed, String signedHeaders, String payloadHash) {
        List<String[]> pairs = new ArrayList<>();
        for (Map.Entry<String, String> e : query) {
            pairs.add(new String[] {encode(e.getKey()), encode(e.getValue())});
        }
        pairs.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        List<String> joined = new ArrayList<>();
        for (String[] p : pairs) {
            joined.add(p[0] + "=" + p[1]);
        }
        StringBuilder headers = new StringBuilder();
        signed.forEach((k, v) -> headers.append(k).append(':').append(v.trim().replaceAll("\\s+", " ")).append('\n'));
        // Non-S3 services: the already-encoded path is encoded a second time, keeping '/'.
        String canonicalUri = String.join("/", encodeEach(rawPath.split("/", -1)));
        return method + "\n" + canonicalUri + "\n" + String.join("&", joined) + "\n" + headers + "\n"
                + signedHeaders + "\n" + payloadHash;
    }

    private static String[] encodeEach(String[] segments) {
        String[] out = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            out[i] = encode(segments[i]);
        }
        return out;
    }

    private static String signature(Key key, String amzDate, String scope, String canonical) {
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(Hashes.sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] k = ("AWS4" + key.secret()).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {amzDate.substring(0, 8), key.region(), key.service(), "aws4_request"}) {
            k = Hashes.hmacSha256(k, part.getBytes(StandardCharsets.UTF_8));
        }
        return hex(Hashes.hmacSha256(k, stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    static String rawPath(List<String> segments) {
        if (segments.isEmpty()) {
            return "/";
        }
        StringBuilder sb = new StringBuilder();
        for (String s : segments) {
            sb.append('/').append(encode(s));
        }
        return sb.toString();
    }

    static String rawQuery(List<Map.Entry<String, String>> query) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : query) {
            parts.add(encode(e.getKey()) + "=" + encode(e.getValue()));
        }
        return String.join("&", parts);
    }

    /** RFC 3986: unreserved characters stay, every other UTF-8 byte becomes %XY. */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
        }
        return sb.toString();
    }
}
