package io.citadel.audit.api;

import java.util.List;

/** CloudTrail LookupEventsResponse: Events (newest first) and NextToken (absent on the last page). */
public record LookupEventsResponse(List<Event> events, String nextToken) {
}
