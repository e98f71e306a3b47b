package io.citadel.audit.api;

import java.time.Instant;
import java.util.List;

/** CloudTrail LookupEventsRequest. */
public record LookupEventsRequest(List<LookupAttribute> lookupAttributes, Instant startTime, Instant endTime,
                                  String eventCategory, Integer maxResults, String nextToken) {
}
