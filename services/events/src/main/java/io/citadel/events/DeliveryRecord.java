package io.citadel.events;

import java.time.Instant;

/**
 * One (event, target) delivery as stored until it succeeds or becomes a dead letter. {@code nextAttemptAt}
 * is the due time its index entry carries; while a node holds the delivery, {@code claimedBy} names
 * it and {@code nextAttemptAt} is the end of its claim, after which any node may take it over.
 */
public record DeliveryRecord(String id, String account, String region, String eventBusName, String ruleName, String ruleArn,
                             TargetSpec target, String eventJson, Instant acceptedAt, int attempts, Instant nextAttemptAt,
                             String claimedBy, String lastError) {

    /** Due times are kept to the millisecond, as the due index's keys carry them. */
    public DeliveryRecord {
        nextAttemptAt = nextAttemptAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    DeliveryRecord claimed(String node, Instant until) {
        return new DeliveryRecord(id, account, region, eventBusName, ruleName, ruleArn, target, eventJson, acceptedAt, attempts,
                until, node, lastError);
    }

    DeliveryRecord retryAt(Instant at, int newAttempts, String error) {
        return new DeliveryRecord(id, account, region, eventBusName, ruleName, ruleArn, target, eventJson, acceptedAt, newAttempts,
                at, null, error);
    }
}
