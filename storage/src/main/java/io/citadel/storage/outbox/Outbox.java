package io.citadel.storage.outbox;

import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The transactional outbox for events our services emit. A service appends an event in the same
 * transaction as the change it describes, so there is never a change without its event nor an
 * event without its change; the events service drains the outbox and removes each message in the
 * transaction that takes it over.
 *
 * <p>Keys: {@code global/outbox/<15-digit epoch millis>/<19-digit node-local sequence>-<random UUID>},
 * value the event's JSON text (sealed by the barrier like every value). Millis first keeps the drain
 * in time order, the sequence keeps one node's events of the same millisecond in append order, and
 * the random suffix keeps nodes apart without a shared counter they would contend on.
 */
public final class Outbox {

    public static final String PREFIX = "global/outbox/";
    private static final int MILLIS_DIGITS = 15;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Outbox() {
    }

    /** One waiting event. */
    public record Message(String key, String eventJson) {
    }

    public static void append(Transaction tx, Instant time, String eventJson) {
        String millis = Long.toString(time.toEpochMilli());
        String key = PREFIX + "0".repeat(Math.max(0, MILLIS_DIGITS - millis.length())) + millis + "/"
                + String.format("%019d", SEQUENCE.incrementAndGet()) + "-" + UUID.randomUUID();
        tx.put(key, eventJson.getBytes(StandardCharsets.UTF_8));
    }

    /** At most {@code limit} waiting events, oldest first. */
    public static List<Message> oldest(Transaction tx, int limit) {
        ScanPage page = tx.scan(PREFIX, null, limit);
        return page.entries().stream().map(Outbox::message).toList();
    }

    /** Every waiting event, oldest first; for tests and operators (the outbox is meant to stay short). */
    public static List<Message> all(Transaction tx) {
        return tx.scanAll(PREFIX).stream().map(Outbox::message).toList();
    }

    /** Removes a message; false when another transaction took it first. */
    public static boolean remove(Transaction tx, String key) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not an outbox key: " + key);
        }
        return tx.delete(key);
    }

    private static Message message(Entry e) {
        return new Message(e.key(), new String(e.value(), StandardCharsets.UTF_8));
    }
}
