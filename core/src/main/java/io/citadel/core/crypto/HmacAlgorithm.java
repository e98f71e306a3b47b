package io.citadel.core.crypto;

/** The HMAC algorithms KMS offers; {@link #keyBytes} is the size of a generated key of the matching AWS key spec (HMAC_224..HMAC_512). */
public enum HmacAlgorithm {
    HMAC_SHA_224("HmacSHA224", 28),
    HMAC_SHA_256("HmacSHA256", 32),
    HMAC_SHA_384("HmacSHA384", 48),
    HMAC_SHA_512("HmacSHA512", 64);

    private final String jcaName;
    private final int keyBytes;

    HmacAlgorithm(String jcaName, int keyBytes) {
        this.jcaName = jcaName;
        this.keyBytes = keyBytes;
    }

    /** Bytes of a generated key, which are also the bytes of a MAC. */
    public int keyBytes() {
        return keyBytes;
    }

    /** Bytes of a MAC: the hash's output size. */
    public int macBytes() {
        return keyBytes;
    }

    String jcaName() {
        return jcaName;
    }
}
