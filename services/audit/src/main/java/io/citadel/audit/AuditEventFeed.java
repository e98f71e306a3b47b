package io.citadel.audit;

import io.citadel.audit.ChainRecords.Head;
import io.citadel.audit.ChainRecords.Kind;
import io.citadel.core.events.AwsEvent;
import io.citadel.storage.Storage;
import io.citadel.storage.outbox.Outbox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Publishes EventBridge's "AWS API Call via CloudTrail" events: every recorded call that is not
 * read-only (by an authenticated caller) goes to the storage {@link Outbox} as an event of source
 * {@code aws.<service>} whose detail is the CloudTrail record. It runs behind the trail, from a
 * cursor ({@value AuditKeys#ROOT}event-feed-cursor: the last sequence number handled), so it adds
 * nothing to a request's path; the outbox rows and the advanced cursor commit together, and a
 * transaction that finds the cursor moved (another node published first) publishes nothing.
 * The first run starts at the head, so an existing trail's history is not replayed.
 */
final class AuditEventFeed {

    static final String CURSOR = AuditKeys.ROOT + "event-feed-cursor";
    static final String DETAIL_TYPE = "AWS API Call via CloudTrail";

    private final Storage storage;
    private final SigningKeys keys;

    AuditEventFeed(Storage storage, SigningKeys keys) {
        this.storage = storage;
        this.keys = keys;
    }

    /** Publishes the write events among the next at most {@code maxRecords} records; returns how many events it published. */
    int publish(int maxRecords) {
        Optional<byte[]> stored = storage.get(CURSOR);
        long head = storage.get(AuditKeys.HEAD).map(Head::decode).orElse(Head.EMPTY).seq();
        if (stored.isEmpty()) {
            return storage.transaction(tx -> {
                if (tx.get(CURSOR).isEmpty()) {
                    tx.put(CURSOR, encode(head));
                }
                return 0;
            });
        }
        long cursor = decode(stored.get());
        if (head <= cursor) {
            return 0;
        }
        List<AwsEvent> events = new ArrayList<>();
        long last = read(cursor, Math.min(head, cursor + maxRecords), events);
        return storage.transaction(tx -> {
            Optional<byte[]> now = tx.get(CURSOR);
            if (now.isEmpty() || decode(now.get()) != cursor) {
                return 0;
            }
            for (AwsEvent event : events) {
                Outbox.append(tx, event.time(), event.json());
            }
            tx.put(CURSOR, encode(last));
            return events.size();
        });
    }

    /** Collects the events of records {@code (after, upTo]} still stored; returns {@code upTo}, the last sequence number looked at. */
    private long read(long after, long upTo, List<AwsEvent> out) {
        try {
            ChainLog.read(storage, after, upTo, 64, (r, offset) -> {
                if (r.kind() == Kind.EVENT && CompactEvent.is(r.body())) {
                    toEvent(CompactEvent.decode(r.body()), keys.eventId(r.seq(), offset)).ifPresent(out::add);
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // the visitor does no I/O
        }
        return upTo;
    }

    static Optional<AwsEvent> toEvent(CompactEvent event, String eventId) {
        boolean putEvents = "events".equals(event.service()) && "PutEvents".equals(event.operation());
        boolean serviceEvent = event.principalType() == CompactEvent.SERVICE; // its service emits it as "AWS Service Event via CloudTrail"
        if (event.readOnly() || event.recipientAccountId() == null || putEvents || serviceEvent) {
            return Optional.empty();
        }
        return Optional.of(new AwsEvent(UUID.randomUUID().toString(), DETAIL_TYPE, "aws." + event.service(), event.recipientAccountId(),
                Instant.ofEpochSecond(event.eventSecond()), event.region(), List.of(),
                new String(event.cloudTrailJson(eventId), StandardCharsets.UTF_8)));
    }

    private static byte[] encode(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    private static long decode(byte[] value) {
        return ByteBuffer.wrap(value).getLong();
    }
}
