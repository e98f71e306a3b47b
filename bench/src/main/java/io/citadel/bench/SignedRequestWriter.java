package io.citadel.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Serialises one HTTP/1.1 request from a {@link RequestTemplate}, stamped with the current
 * X-Amz-Date and a freshly computed SigV4 signature. Not thread-safe: one per load worker.
 */
final class SignedRequestWriter {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final RequestTemplate template;
    private final Credentials credentials;
    private final String hostHeader;
    private final SigV4Signer signer;
    private final String payloadSha256;
    private final String sequencePrefix;
    private final MessageDigest sha256;
    private long sequence;
    private long formattedSecond = Long.MIN_VALUE;
    private String amzDate = "";

    /** @param sequencePrefix unique per writer in a run; prefixes the numbers a varying body gets */
    SignedRequestWriter(RequestTemplate template, Credentials credentials, String region, String hostHeader, String sequencePrefix) {
        this.template = template;
        this.credentials = credentials;
        this.hostHeader = hostHeader;
        this.signer = new SigV4Signer(credentials, region, template.service());
        this.sequencePrefix = sequencePrefix;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable in this JDK", e);
        }
        this.payloadSha256 = template.varies() ? null : HexFormat.of().formatHex(sha256.digest(template.body()));
    }

    /** Returns the complete request bytes (head and body) for a request sent now. */
    byte[] nextRequest(long epochMillis) {
        if (template.unsignedGetPath() != null) {
            return ("GET " + template.unsignedGetPath() + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: citadel-bench\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        long second = Math.floorDiv(epochMillis, 1000);
        if (second != formattedSecond) {
            amzDate = AMZ_DATE.format(Instant.ofEpochSecond(second));
            formattedSecond = second;
        }
        byte[] body = template.body();
        String bodySha256 = payloadSha256;
        if (bodySha256 == null) {
            body = template.body(sequencePrefix, sequence++);
            bodySha256 = HexFormat.of().formatHex(sha256.digest(body));
        }
        SortedMap<String, String> signed = new TreeMap<>();
        signed.put("content-type", template.contentType());
        signed.put("host", hostHeader);
        signed.put("x-amz-date", amzDate);
        if (template.target() != null) {
            signed.put("x-amz-target", template.target());
        }
        if (credentials.sessionToken() != null) {
            signed.put("x-amz-security-token", credentials.sessionToken());
        }
        String authorization = signer.authorization("POST", "/", "", signed, bodySha256, amzDate);

        StringBuilder head = new StringBuilder(768)
                .append("POST / HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Content-Type: ").append(template.contentType()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n")
                .append("X-Amz-Date: ").append(amzDate).append("\r\n");
        if (template.target() != null) {
            head.append("X-Amz-Target: ").append(template.target()).append("\r\n");
        }
        if (credentials.sessionToken() != null) {
            head.append("X-Amz-Security-Token: ").append(credentials.sessionToken()).append("\r\n");
        }
        head.append("Authorization: ").append(authorization).append("\r\n")
                .append("User-Agent: citadel-bench\r\n")
                .append("\r\n");

        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }
}
