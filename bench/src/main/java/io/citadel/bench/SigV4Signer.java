package io.citadel.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes AWS Signature Version 4 {@code Authorization} headers for one credential, region and
 * service. The derived signing key is cached per UTC day; an instance is not thread-safe, so each
 * load worker owns its own.
 */
final class SigV4Signer {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final Credentials credentials;
    private final String region;
    private final String service;
    private final MessageDigest sha256;
    private final Mac hmac;
    private final Mac signingMac;
    private String signingDay = "";
    private String credentialScope = "";

    SigV4Signer(Credentials credentials, String region, String service) {
        this.credentials = credentials;
        this.region = region;
        this.service = service;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.hmac = Mac.getInstance("HmacSHA256");
            this.signingMac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 / HmacSHA256 unavailable in this JDK", e);
        }
    }

    /**
     * Returns the Authorization header value.
     *
     * @param amzDate        the request time as {@code yyyyMMdd'T'HHmmss'Z'}, also sent as X-Amz-Date
     * @param headers        every signed header: lower-case names, trimmed values
     * @param payloadSha256  lower-case hex SHA-256 of the body
     */
    String authorization(String method, String canonicalUri, String canonicalQuery,
                         SortedMap<String, String> headers, String payloadSha256, String amzDate) {
        StringBuilder signedHeaders = new StringBuilder();
        StringBuilder canonical = new StringBuilder(512)
                .append(method).append('\n')
                .append(canonicalUri).append('\n')
                .append(canonicalQuery).append('\n');
        for (Map.Entry<String, String> header : headers.entrySet()) {
            canonical.append(header.getKey()).append(':').append(header.getValue()).append('\n');
            if (!signedHeaders.isEmpty()) {
                signedHeaders.append(';');
            }
            signedHeaders.append(header.getKey());
        }
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadSha256);

        String signature = signature(amzDate, sha256Hex(canonical.toString()));
        return ALGORITHM + " Credential=" + credentials.accessKeyId() + '/' + credentialScope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    private String sha256Hex(String text) {
        return HEX.formatHex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String signature(String amzDate, String canonicalRequestHash) {
        useSigningKeyFor(amzDate.substring(0, 8));
        String stringToSign = ALGORITHM + '\n' + amzDate + '\n' + credentialScope + '\n' + canonicalRequestHash;
        return HEX.formatHex(signingMac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    private void useSigningKeyFor(String day) {
        if (day.equals(signingDay)) {
            return;
        }
        byte[] key = ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
        key = hmac(key, day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        try {
            signingMac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise HmacSHA256 with the signing key", e);
        }
        signingDay = day;
        credentialScope = day + '/' + region + '/' + service + "/aws4_request";
    }

    private byte[] hmac(byte[] key, String data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise HmacSHA256", e);
        }
        return hmac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
