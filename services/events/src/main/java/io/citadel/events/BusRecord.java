package io.citadel.events;

import java.time.Instant;
import java.util.Map;

/** An event bus as stored; {@code policy} is its resource policy's JSON text or null. */
public record BusRecord(String name, String arn, String description, String policy, Instant creationTime,
                        Instant lastModifiedTime, Map<String, String> tags) {

    public BusRecord {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    BusRecord withPolicy(String newPolicy, Instant at) {
        return new BusRecord(name, arn, description, newPolicy, creationTime, at, tags);
    }

    BusRecord withTags(Map<String, String> newTags) {
        return new BusRecord(name, arn, description, policy, creationTime, lastModifiedTime, newTags);
    }
}
