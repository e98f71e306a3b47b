package io.citadel.protocol.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Percent-encoding exactly as SigV4 canonicalization wants it: RFC 3986 unreserved characters stay,
 * every other byte of the UTF-8 form becomes {@code %XY} with upper-case hex. The checks for
 * "already canonical" let the common request skip decoding and re-encoding entirely.
 */
final class UriEncoding {

    private static final boolean[] UNRESERVED = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        UNRESERVED['-'] = true;
        UNRESERVED['_'] = true;
        UNRESERVED['.'] = true;
        UNRESERVED['~'] = true;
    }

    private UriEncoding() {
    }

    static boolean isUnreserved(int c) {
        return c >= 0 && c < 128 && UNRESERVED[c];
    }

    /**
     * The canonical form of one query name or value as received: percent-escapes and {@code '+'}
     * (form encoding's space) decoded, then re-encoded with only unreserved characters left bare.
     */
    static String canonicalQueryComponent(String raw) {
        if (isCanonicalQueryComponent(raw)) {
            return raw;
        }
        byte[] decoded = decode(raw);
        return encode(decoded, decoded.length, false);
    }

    /** Whether {@code s} consists only of unreserved characters and upper-case escapes of reserved bytes. */
    static boolean isCanonicalQueryComponent(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128 && UNRESERVED[c]) {
                continue;
            }
            if (c == '%' && i + 2 < n) {
                int hi = upperHex(s.charAt(i + 1));
                int lo = upperHex(s.charAt(i + 2));
                if (hi >= 0 && lo >= 0 && !isUnreserved((hi << 4) | lo)) {
                    i += 2;
                    continue;
                }
            }
            return false;
        }
        return true;
    }

    /** Percent-decodes to UTF-8 bytes; {@code '+'} means space; a malformed escape stays a literal '%'. */
    static byte[] decode(String s) {
        int n = s.length();
        byte[] out = new byte[n * 3];
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < n) {
                int hi = hexValue(s.charAt(i + 1));
                int lo = hexValue(s.charAt(i + 2));
                if (hi >= 0 && lo >= 0) {
                    out[len++] = (byte) ((hi << 4) | lo);
                    i += 2;
                    continue;
                }
                out[len++] = '%';
            } else if (c == '+') {
                out[len++] = ' ';
            } else if (c < 0x80) {
                out[len++] = (byte) c;
            } else {
                int cp = s.codePointAt(i);
                if (Character.charCount(cp) == 2) {
                    i++;
                }
                len = putUtf8(out, len, cp);
            }
        }
        return len == out.length ? out : Arrays.copyOf(out, len);
    }

    /** Decodes a string produced by {@link #canonicalQueryComponent} back to text. */
    static String decodeToString(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        byte[] bytes = decode(s);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Encodes the first {@code len} bytes; {@code keepSlash} leaves '/' bare (for paths). */
    static String encode(byte[] bytes, int len, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(len + 16);
        for (int i = 0; i < len; i++) {
            int b = bytes[i] & 0xff;
            if ((b < 128 && UNRESERVED[b]) || (keepSlash && b == '/')) {
                sb.append((char) b);
            } else {
                sb.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }

    /**
     * The canonical URI of a non-S3 request: dot segments and empty segments of the path as
     * received are removed (still encoded, as botocore does), then the result is percent-encoded
     * once more, so that each segment ends up encoded twice relative to its decoded form.
     */
    static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        if (rawPath.length() == 1 && rawPath.charAt(0) == '/') {
            return "/";
        }
        String normalized = needsDotSegmentRemoval(rawPath) ? removeDotSegments(rawPath) : rawPath;
        for (int i = 0, n = normalized.length(); i < n; i++) {
            char c = normalized.charAt(i);
            if (c != '/' && !(c < 128 && UNRESERVED[c])) {
                byte[] bytes = normalized.getBytes(StandardCharsets.UTF_8);
                return encode(bytes, bytes.length, true);
            }
        }
        return normalized;
    }

    private static boolean needsDotSegmentRemoval(String path) {
        int n = path.length();
        if (path.charAt(0) != '/') {
            return true;
        }
        int segmentStart = 1;
        for (int i = 1; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                int segLen = i - segmentStart;
                if (segLen == 0 && i != n) {
                    return true;
                }
                if (segLen == 1 && path.charAt(segmentStart) == '.') {
                    return true;
                }
                if (segLen == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.') {
                    return true;
                }
                segmentStart = i + 1;
            }
        }
        return false;
    }

    /** RFC 3986 section 5.2.4 plus the removal of empty segments, as botocore's remove_dot_segments. */
    static String removeDotSegments(String path) {
        if (path.isEmpty()) {
            return "/";
        }
        ArrayList<String> out = new ArrayList<>();
        int n = path.length();
        int start = 0;
        for (int i = 0; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                String seg = path.substring(start, i);
                if (!seg.isEmpty() && !seg.equals(".")) {
                    if (seg.equals("..")) {
                        if (!out.isEmpty()) {
                            out.remove(out.size() - 1);
                        }
                    } else {
                        out.add(seg);
                    }
                }
                start = i + 1;
            }
        }
        StringBuilder sb = new StringBuilder(n);
        if (path.charAt(0) == '/') {
            sb.append('/');
        }
        sb.append(String.join("/", out));
        if (path.charAt(n - 1) == '/' && !out.isEmpty()) {
            sb.append('/');
        }
        return sb.toString();
    }

    /** The value of an ASCII hex digit of either case, or -1 (unlike Character.digit, no other scripts' digits). */
    static int hexValue(char c) {
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return upperHex(c);
    }

    private static int upperHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int putUtf8(byte[] out, int len, int cp) {
        if (cp < 0x800) {
            out[len++] = (byte) (0xc0 | (cp >> 6));
            out[len++] = (byte) (0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            if (Character.isSurrogate((char) cp)) {
                cp = 0xfffd;
            }
            out[len++] = (byte) (0xe0 | (cp >> 12));
            out[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            out[len++] = (byte) (0x80 | (cp & 0x3f));
        } else {
            out[len++] = (byte) (0xf0 | (cp >> 18));
            out[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            out[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            out[len++] = (byte) (0x80 | (cp & 0x3f));
        }
        return len;
    }
}
