package io.citadel.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest entries this node's PutEvents wrote, kept parsed for this node's routing (design decision 38):
 * routing would otherwise read each entry back and parse every envelope again to match it. Only a hint: the
 * stored entry stays the truth (routing uses a hand-off only for a key its scan found in storage, and removes
 * the entry in its transaction as before), and an entry routed by another node, or pushed out by newer ones,
 * is simply read from storage. Bounded; the oldest hand-off goes first.
 */
final class IngestHandoff {

    /** An ingest entry as written, and its envelopes parsed (equal to parsing the entry's texts, in the same order). */
    record Parsed(IngestEntry entry, List<JsonNode> events) {

        Parsed {
            events = List.copyOf(events);
            if (events.size() != entry.eventJsons().size()) {
                throw new IllegalArgumentException("ingest hand-off: " + events.size() + " parsed events for "
                        + entry.eventJsons().size() + " envelopes (expected: as many)");
            }
        }
    }

    /**
     * A few routing passes of PutEvents requests (a pass takes up to 200 entries) while routing keeps up; when it lags,
     * the oldest hand-offs, which routing would take next, go first, so a backlog is read from storage, and this bound
     * keeps the trees it holds to a few MB (an estimated 10-20 KB per ten-event request, not measured).
     */
    static final int DEFAULT_CAPACITY = 512;

    private final Map<String, Parsed> byKey;

    IngestHandoff(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("ingest hand-off capacity: " + capacity + " (expected: >= 0)");
        }
        this.byKey = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Parsed> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Keeps {@code parsed} for the entry stored under {@code key}; call only once that entry is committed. */
    synchronized void offer(String key, Parsed parsed) {
        byKey.put(key, parsed);
    }

    /** The hand-off for {@code key}, removed; null when there is none (routing then reads the stored entry). */
    synchronized Parsed take(String key) {
        return byKey.remove(key);
    }

    synchronized int size() {
        return byKey.size();
    }
}
