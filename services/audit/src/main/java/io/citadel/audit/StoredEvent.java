package io.citadel.audit;

import java.time.Instant;
import java.util.List;

/**
 * One recorded event as lookups return it: the LookupEvents summary fields and the full CloudTrail
 * record as JSON text.
 */
public record StoredEvent(long sequence, String eventId, String eventName, boolean readOnly, String accessKeyId,
                          Instant eventTime, String eventSource, String username, String accountId, String region,
                          List<String> resourceArns, String cloudTrailEvent) {
}
