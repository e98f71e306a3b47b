package io.citadel.audit.api;

import java.time.Instant;
import java.util.List;

/** CloudTrail Event: the lookup summary and CloudTrailEvent, the full record as a JSON string. */
public record Event(String eventId, String eventName, String readOnly, String accessKeyId, Instant eventTime,
                    String eventSource, String username, List<Resource> resources, String cloudTrailEvent) {
}
