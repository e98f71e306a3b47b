package io.citadel.events;

import java.util.List;

/**
 * Accepted events waiting to be matched to the rules of their bus: the envelopes' JSON text, the bus
 * they were put on, and (for a replay) the only rules that may match them. One PutEvents request
 * stores all its events for one bus as one entry ({@code events}); the outbox, replays, scheduled
 * rules and event-bus targets store one event each ({@code eventJson}, as entries written before
 * batching did, which therefore still read).
 */
public record IngestEntry(String account, String region, String eventBusName, String eventJson, List<String> onlyRuleArns,
                          boolean scheduled, List<String> events) {

    public IngestEntry {
        onlyRuleArns = onlyRuleArns == null ? List.of() : List.copyOf(onlyRuleArns);
        events = events == null ? List.of() : List.copyOf(events);
        if (eventJson != null && !events.isEmpty()) {
            throw new IllegalArgumentException("ingest entry: both eventJson and " + events.size() + " events (expected: one of them)");
        }
    }

    /** An event for the bus's matching rules, or, with {@code onlyRuleArns}, for those of them only (a replay). */
    public IngestEntry(String account, String region, String eventBusName, String eventJson, List<String> onlyRuleArns) {
        this(account, region, eventBusName, eventJson, onlyRuleArns, false, null);
    }

    /** The events of one PutEvents request on one bus, in request order, stored together. */
    static IngestEntry batch(String account, String region, String eventBusName, List<String> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("ingest batch: no events (expected: at least one)");
        }
        return new IngestEntry(account, region, eventBusName, null, null, false, events);
    }

    /** A scheduled rule's firing: goes to that rule's targets without pattern matching, and is not archived. */
    static IngestEntry scheduled(String account, String region, String eventJson, String ruleArn) {
        return new IngestEntry(account, region, EventsArns.DEFAULT_BUS, eventJson, List.of(ruleArn), true, null);
    }

    /** The events this entry holds, in order: its batch, or its single event. */
    List<String> eventJsons() {
        return events.isEmpty() ? (eventJson == null ? List.of() : List.of(eventJson)) : events;
    }
}
