package io.citadel.storage;

import io.citadel.core.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** Random plaintext markers and a byte search, for the tests proving no plaintext reaches the database. */
public final class Markers {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Markers() {
    }

    /** {@code count} random 40-character strings. */
    public static List<String> generate(int count) {
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder(40);
            for (int j = 0; j < 40; j++) {
                sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            markers.add(sb.toString());
        }
        return markers;
    }

    /** The markers (as UTF-8, and as lower-case hex as bytea text output renders them) found in {@code haystack}. */
    public static List<String> foundIn(byte[] haystack, List<String> markers) {
        List<String> found = new ArrayList<>();
        for (String marker : markers) {
            byte[] raw = marker.getBytes(StandardCharsets.UTF_8);
            byte[] hex = Hashes.hex(raw).getBytes(StandardCharsets.US_ASCII);
            if (indexOf(haystack, raw) >= 0 || indexOf(haystack, hex) >= 0) {
                found.add(marker);
            }
        }
        return found;
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        return indexOf(haystack, needle) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
