package io.citadel.events;

import java.time.Instant;
import java.util.List;

/** A replay as stored: the archive and time window it reads, where it puts events, and how far it got ({@code cursor}). */
public record ReplayRecord(String name, String arn, String account, String region, String description, String archiveName,
                           String eventSourceArn, String destinationArn, List<String> filterArns, Instant eventStartTime,
                           Instant eventEndTime, String state, String stateReason, Instant replayStartTime, Instant replayEndTime,
                           Instant eventLastReplayedTime, String cursor) {

    ReplayRecord advanced(String newState, String newCursor, Instant lastReplayed, Instant endedAt) {
        return new ReplayRecord(name, arn, account, region, description, archiveName, eventSourceArn, destinationArn, filterArns,
                eventStartTime, eventEndTime, newState, stateReason, replayStartTime, endedAt, lastReplayed, newCursor);
    }
}
