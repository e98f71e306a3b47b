package io.citadel.identity;

import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import java.util.function.Consumer;

/** Walks every page of a prefix scan. */
final class StorageScans {

    private static final int PAGE = 200;

    private StorageScans() {
    }

    static void forEach(Storage storage, String prefix, Consumer<byte[]> values) {
        walk(storage, prefix, entry -> values.accept(entry.value()));
    }

    static void forEachKey(Storage storage, String prefix, Consumer<String> keys) {
        walk(storage, prefix, entry -> keys.accept(entry.key()));
    }

    static void forEachEntry(Storage storage, String prefix, Consumer<Entry> entries) {
        walk(storage, prefix, entries);
    }

    private static void walk(Storage storage, String prefix, Consumer<Entry> entries) {
        String after = null;
        ScanPage page;
        do {
            page = storage.scan(prefix, after, PAGE);
            page.entries().forEach(entries);
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
    }
}
