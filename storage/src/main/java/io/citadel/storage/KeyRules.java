package io.citadel.storage;

import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules every backend applies to keys, values and scans, and the one key order they share:
 * by Unicode code point, which equals the order of the keys' UTF-8 bytes (SQLite's BINARY and
 * PostgreSQL's "C" collation).
 */
public final class KeyRules {

    public static final int MAX_KEY_CHARS = 1024;
    public static final int MAX_SCAN_LIMIT = 1000;

    /** Code-point order; {@link String#compareTo} differs from it for characters beyond U+FFFF. */
    public static final Comparator<String> ORDER = KeyRules::compare;

    private KeyRules() {
    }

    /** Returns {@code key} if it is a valid storage key, else throws {@link IllegalArgumentException}. */
    public static String checkKey(String key) {
        Objects.requireNonNull(key, "storage key");
        if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("storage key: length " + key.length() + " (expected: 1.." + MAX_KEY_CHARS + " chars)");
        }
        checkText("storage key", key);
        return key;
    }

    /** A scan prefix follows the key rules except that it may be empty (scan everything). */
    public static String checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "scan prefix");
        if (prefix.length() > MAX_KEY_CHARS) {
            throw new IllegalArgumentException("scan prefix: length " + prefix.length() + " (expected: 0.." + MAX_KEY_CHARS + " chars)");
        }
        checkText("scan prefix", prefix);
        return prefix;
    }

    public static void checkScan(String prefix, String startAfterOrNull, int limit) {
        checkPrefix(prefix);
        if (startAfterOrNull != null) {
            checkKey(startAfterOrNull);
        }
        if (limit < 1 || limit > MAX_SCAN_LIMIT) {
            throw new IllegalArgumentException("scan limit: " + limit + " (expected: 1.." + MAX_SCAN_LIMIT + ")");
        }
    }

    public static byte[] checkValue(byte[] value, int maxValueBytes) {
        Objects.requireNonNull(value, "storage value");
        if (value.length > maxValueBytes) {
            throw new IllegalArgumentException("storage value: " + value.length + " bytes (expected: at most " + maxValueBytes + ")");
        }
        return value;
    }

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Surrogates (U+D800..DFFF) encode code points above U+FFFF, which sort after U+E000..FFFF.
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    return sa ? 1 : -1;
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /**
     * The smallest key greater than every key starting with {@code prefix}, or empty if there is none
     * (the prefix is empty or consists of U+10FFFF only). Backends scan {@code [prefix, bound)}, which
     * needs no LIKE and so no escaping of {@code %}, {@code _} or backslash.
     */
    public static Optional<String> prefixUpperBound(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int last = prefix.codePointBefore(end);
            int start = end - Character.charCount(last);
            if (last < Character.MAX_CODE_POINT) {
                int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
                return Optional.of(new StringBuilder(start + 2).append(prefix, 0, start).appendCodePoint(next).toString());
            }
            end = start;
        }
        return Optional.empty();
    }

    private static void checkText(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException(what + ": NUL character at index " + i + " (expected: no NUL)");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + ": unpaired surrogate at index " + i + " (expected: valid UTF-16)");
            }
        }
    }
}
