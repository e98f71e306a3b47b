package io.citadel.storage;

import io.citadel.core.crypto.Hashes;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a raw store whole, for before/after comparisons in tamper and seal tests. */
final class RawStore {

    private RawStore() {
    }

    /** Every key with its value as hex, in key order. */
    static Map<String, String> snapshot(Storage raw) {
        Map<String, String> all = new LinkedHashMap<>();
        String after = null;
        while (true) {
            ScanPage page = raw.scan("", after, 100);
            page.entries().forEach(e -> all.put(e.key(), Hashes.hex(e.value())));
            if (!page.hasMore()) {
                return all;
            }
            after = page.lastKey().orElseThrow();
        }
    }

    static byte[] flipByte(byte[] value, int index) {
        byte[] copy = value.clone();
        copy[index] ^= 0x01;
        return copy;
    }
}
