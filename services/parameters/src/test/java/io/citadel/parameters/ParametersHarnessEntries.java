package io.citadel.parameters;

import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import java.util.ArrayList;
import java.util.List;

/** Every entry of the harness's sealed storage, opened through the barrier (what an operator with the root key sees). */
final class ParametersHarnessEntries {

    private ParametersHarnessEntries() {
    }

    static List<Entry> opened(ParametersHarness h) {
        List<Entry> out = new ArrayList<>();
        String after = null;
        ScanPage page;
        do {
            page = h.storage.scan("", after, 1000);
            out.addAll(page.entries());
            after = page.lastKey().orElse(null);
        } while (page.hasMore());
        return out;
    }
}
