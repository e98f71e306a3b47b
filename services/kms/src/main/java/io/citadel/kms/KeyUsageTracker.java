package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.json.StoredJson;
import io.citadel.storage.Storage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GetKeyLastUsage's data: the last successful cryptographic operation on each key. Uses are noted
 * in memory and written to storage by {@link #flush} (the node's upkeep, every few seconds), so a
 * hot key costs no extra write per request; a crash loses at most the uses since the last flush.
 * Reads merge storage with what this node has not flushed yet.
 */
public final class KeyUsageTracker {

    /** One key's last use. */
    public record LastUsage(String operation, Instant timestamp, String requestId) {
    }

    /** A use waiting for {@link #flush}, with the key record it belongs to. */
    private record Pending(String keyRecord, LastUsage use) {
    }

    private final Storage storage;
    private final Map<String, Pending> pending = new HashMap<>();

    KeyUsageTracker(Storage storage) {
        this.storage = storage;
    }

    void record(KmsKey key, String operation, RequestContext ctx) {
        LastUsage use = new LastUsage(operation, ctx.receivedAt(), ctx.requestId());
        String id = KmsKeys.lastUsage(key.accountId(), key.region(), key.keyId());
        Pending noted = new Pending(KmsKeys.key(key.accountId(), key.region(), key.keyId()), use);
        synchronized (this) {
            pending.merge(id, noted, (a, b) -> b.use().timestamp().isBefore(a.use().timestamp()) ? a : b);
        }
    }

    Optional<LastUsage> lastUsage(KmsKey key) {
        String id = KmsKeys.lastUsage(key.accountId(), key.region(), key.keyId());
        LastUsage local;
        synchronized (this) {
            Pending noted = pending.get(id);
            local = noted == null ? null : noted.use();
        }
        Optional<LastUsage> stored = storage.get(id).map(b -> StoredJson.read(b, LastUsage.class));
        if (local == null) {
            return stored;
        }
        return Optional.of(stored.filter(s -> s.timestamp().isAfter(local.timestamp())).orElse(local));
    }

    /** Writes the uses noted since the last flush; a newer stored use (another node's) is kept. */
    void flush() {
        Map<String, Pending> batch;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new HashMap<>(pending);
            pending.clear();
        }
        storage.transaction(tx -> {
            batch.forEach((id, noted) -> {
                if (tx.get(noted.keyRecord()).isEmpty()) {
                    return; // the key was deleted meanwhile
                }
                Optional<LastUsage> stored = tx.get(id).map(b -> StoredJson.read(b, LastUsage.class));
                if (stored.isEmpty() || stored.get().timestamp().isBefore(noted.use().timestamp())) {
                    tx.put(id, StoredJson.write(noted.use()));
                }
            });
            return null;
        });
    }
}
