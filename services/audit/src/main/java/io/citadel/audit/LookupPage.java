package io.citadel.audit;

import java.util.List;

/** A page of lookup results, newest first, and the token for the next page (null when there is none). */
public record LookupPage(List<StoredEvent> events, String nextToken) {
    public LookupPage {
        events = List.copyOf(events);
    }
}
