package io.citadel.secrets.rotation;

import io.citadel.core.crypto.HmacAlgorithm;
import io.citadel.core.crypto.Hmacs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How rotation webhook requests are signed (docs/rotation.md): {@code X-Citadel-Timestamp} is the Unix
 * time in seconds, {@code X-Citadel-Signature} is {@code v1=} and the lowercase hex HMAC-SHA256 of
 * {@code <timestamp> "." <body bytes>}, keyed with the UTF-8 bytes of the webhook's signing key as
 * printed at registration. Receivers verify in constant time and reject stale timestamps.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Citadel-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Citadel-Signature";
    public static final String VERSION_PREFIX = "v1=";
    /** How far a receiver should let a timestamp be from its own clock. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private WebhookSignature() {
    }

    /** The {@code X-Citadel-Signature} value for a request sent at {@code epochSeconds}. */
    public static String sign(String signingKey, long epochSeconds, byte[] body) {
        return VERSION_PREFIX + HexFormat.of().formatHex(mac(signingKey, Long.toString(epochSeconds), body));
    }

    /**
     * Whether the headers authenticate {@code body}: the timestamp is within {@code tolerance} of
     * {@code now} and the signature matches (compared in constant time).
     */
    public static boolean verify(String signingKey, String timestampHeader, String signatureHeader, byte[] body,
            Instant now, Duration tolerance) {
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(body, "body");
        if (timestampHeader == null || signatureHeader == null || !timestampHeader.matches("[0-9]{1,12}")
                || !signatureHeader.startsWith(VERSION_PREFIX)) {
            return false;
        }
        long ts = Long.parseLong(timestampHeader);
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHeader.substring(VERSION_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(signingKey, timestampHeader, body), given);
    }

    private static byte[] mac(String signingKey, String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return Hmacs.compute(HmacAlgorithm.HMAC_SHA_256, signingKey.getBytes(StandardCharsets.UTF_8), message);
    }
}
