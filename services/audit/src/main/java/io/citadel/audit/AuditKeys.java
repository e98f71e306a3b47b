package io.citadel.audit;

import java.nio.charset.StandardCharsets;

/**
 * The storage keys of the audit trail. Key names are visible in the raw store, so they hold only
 * sequence numbers, event ids and lookup attribute values (names, ARNs), never secrets.
 */
final class AuditKeys {

    static final String ROOT = "global/audit/";
    static final String LOG = ROOT + "log/";
    static final String DIGEST = ROOT + "digest/";
    static final String MANIFEST = ROOT + "manifest/";
    static final String HEAD = ROOT + "head";
    static final String ANCHOR = ROOT + "anchor";
    static final String SIGNING_KEY = ROOT + "signing-key";
    static final String EXPORT_STATE = ROOT + "export-state";
    static final String PENDING = ROOT + "pending/";
    static final String TAIL = ROOT + "tail/";
    static final String GLOBAL_INDEX = ROOT + "idx/";
    static final String ALL = "_all";
    private static final int MAX_ENCODED_VALUE = 256;

    private AuditKeys() {
    }

    static String log(long seq) {
        return LOG + number(seq);
    }

    static String digest(long block) {
        return DIGEST + number(block);
    }

    static String manifest(long block) {
        return MANIFEST + number(block);
    }

    /** The postings of the batch starting at {@code batchFirst}, while its block is open. */
    static String tail(long batchFirst) {
        return TAIL + number(batchFirst);
    }

    static String pending(String requestId) {
        return PENDING + encode(requestId);
    }

    /** The index prefix of one account and region ({@code <account>/<region>/cloudtrail/idx/}) or, for nulls, the global one. */
    static String indexScope(String accountId, String region) {
        return accountId == null ? GLOBAL_INDEX : accountId + "/" + encode(region) + "/cloudtrail/idx/";
    }

    /** {@code <scope><attribute>/<value>/}: the rows of one lookup attribute value, newest first. */
    static String indexPrefix(String scope, String attribute, String value) {
        return scope + attribute + "/" + encode(value) + "/";
    }

    /** A row suffix: inverted second then inverted newest sequence number, so key order is newest first. */
    static String indexRow(long second, long newestSeq) {
        return hex16(Long.MAX_VALUE - second) + "/" + hex16(Long.MAX_VALUE - newestSeq);
    }

    static String invertedSecond(long second) {
        return hex16(Long.MAX_VALUE - second);
    }

    static long secondOfRow(String rowSuffix) {
        return Long.MAX_VALUE - Long.parseUnsignedLong(rowSuffix.substring(0, 16), 16);
    }

    /** 19 decimal digits, so key order is numeric order. */
    static String number(long n) {
        String digits = Long.toString(n);
        return "0".repeat(19 - digits.length()) + digits;
    }

    /** The number at the end of a log/digest key, or -1 when the key is not one this module writes. */
    static long parseNumber(String key, String prefix) {
        if (!key.startsWith(prefix) || key.length() != prefix.length() + 19) {
            return -1;
        }
        long n = 0;
        for (int i = prefix.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0".repeat(16 - h.length()) + h;
    }

    /**
     * Makes a value safe as one key segment: {@code A-Za-z0-9 . - _ : @ + = ,} stay, every other
     * UTF-8 byte becomes {@code %XX}; values longer than 256 encoded characters become {@code ~} and
     * the hex SHA-256 of the value, which still finds exact matches.
     */
    static String encode(String value) {
        if (value == null) {
            return "~";
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!safe(c)) {
                out = new StringBuilder(value.length() + 16);
                break;
            }
        }
        String encoded;
        if (out == null) {
            encoded = value;
        } else {
            for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if (b >= 0 && safe(c)) {
                    out.append(c);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            encoded = out.toString();
        }
        if (encoded.length() > MAX_ENCODED_VALUE || encoded.isEmpty()) {
            return "~" + io.citadel.core.crypto.Hashes.hex(io.citadel.core.crypto.Hashes.sha256(value.getBytes(StandardCharsets.UTF_8)));
        }
        return encoded;
    }

    private static boolean safe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_' || c == ':' || c == '@' || c == '+' || c == '=' || c == ',';
    }
}
