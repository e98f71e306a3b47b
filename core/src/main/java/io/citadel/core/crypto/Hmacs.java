package io.citadel.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC (RFC 2104) over SHA-224/256/384/512 for KMS GenerateMac and VerifyMac; verification compares in constant time. */
public final class Hmacs {

    private Hmacs() {
    }

    public static byte[] compute(HmacAlgorithm alg, byte[] key, byte[] message) {
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        if (key.length == 0) {
            throw new IllegalArgumentException(alg + " key: 0 bytes (expected: at least 1)");
        }
        try {
            Mac mac = Mac.getInstance(alg.jcaName());
            mac.init(new SecretKeySpec(key, alg.jcaName()));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }

    /** Whether {@code mac} is the MAC of {@code message}, compared in time that depends only on the lengths. */
    public static boolean verify(HmacAlgorithm alg, byte[] key, byte[] message, byte[] mac) {
        Objects.requireNonNull(mac, "mac");
        return MessageDigest.isEqual(compute(alg, key, message), mac);
    }
}
