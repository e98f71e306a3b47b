package io.citadel.events;

import java.time.Instant;

/** An archive as stored: which bus it copies events from, which events (pattern, or all), and how many it holds. */
public record ArchiveRecord(String name, String arn, String eventSourceArn, String description, String eventPattern,
                            int retentionDays, String state, Instant creationTime, long eventCount, long sizeBytes) {

    ArchiveRecord counted(long bytes) {
        return new ArchiveRecord(name, arn, eventSourceArn, description, eventPattern, retentionDays, state, creationTime,
                eventCount + 1, sizeBytes + bytes);
    }
}
