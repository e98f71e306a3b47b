package io.citadel.kms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical bytes of an encryption context, authenticated with every symmetric ciphertext:
 * a 4-byte pair count, then each pair in key order (UTF-8 byte order) as 4-byte length-prefixed
 * key and value. Length prefixes make {a=bc} and {ab=c} different; order makes {a,b} = {b,a}.
 */
final class EncryptionContext {

    private EncryptionContext() {
    }

    static byte[] canonical(Map<String, String> context) {
        if (context == null || context.isEmpty()) {
            return new byte[4];
        }
        TreeMap<byte[], byte[]> sorted = new TreeMap<>(java.util.Arrays::compareUnsigned);
        for (var e : context.entrySet()) {
            sorted.put(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, sorted.size());
        for (var e : sorted.entrySet()) {
            writeInt(out, e.getKey().length);
            out.writeBytes(e.getKey());
            writeInt(out, e.getValue().length);
            out.writeBytes(e.getValue());
        }
        return out.toByteArray();
    }

    /** AWS: encryption context keys and values are non-empty-key strings; null values are not allowed. */
    static void validate(Map<String, String> context) {
        if (context == null) {
            return;
        }
        for (var e : context.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw KmsErrors.validation("EncryptionContext: a key is empty (expected: a non-empty string)");
            }
            if (e.getValue() == null) {
                throw KmsErrors.validation("EncryptionContext: the value of '" + e.getKey() + "' is null (expected: a string)");
            }
        }
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }
}
