package io.citadel.events;

import java.util.List;

/**
 * The deliveries one routing transaction created, stored as one record under
 * {@code global/events/batch/<uuid>} with one due entry ({@code global/events/due/<millis>/batch/<uuid>})
 * instead of a record and a due entry each. Its members are claimed by the routing node, all until the
 * same time (the due entry's); settling removes the batch and writes a member back as a
 * {@link DeliveryRecord} of its own only when it has to be retried or becomes a dead letter.
 */
public record DeliveryBatch(String id, List<DeliveryRecord> deliveries) {

    static final String ID_PREFIX = "batch/";

    public DeliveryBatch {
        if (!id.startsWith(ID_PREFIX)) {
            throw new IllegalArgumentException("delivery batch id: '" + id + "' (expected: " + ID_PREFIX + "<uuid>)");
        }
        if (deliveries.isEmpty()) {
            throw new IllegalArgumentException("delivery batch " + id + ": no deliveries (expected: at least one)");
        }
        deliveries = List.copyOf(deliveries);
    }

    static boolean isBatchId(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** The batch's record key: {@code global/events/batch/<uuid>}. */
    String key() {
        return EventsKeys.BATCHES + id.substring(ID_PREFIX.length());
    }

    /** The batch's one due entry, at the end of its members' claim. */
    String dueKey() {
        return EventsKeys.DUE + EventsKeys.millis(deliveries.getFirst().nextAttemptAt()) + "/" + id;
    }

    /** The same members, claimed by {@code node} until {@code until}. */
    DeliveryBatch claimed(String node, java.time.Instant until) {
        return new DeliveryBatch(id, deliveries.stream().map(d -> d.claimed(node, until)).toList());
    }
}
