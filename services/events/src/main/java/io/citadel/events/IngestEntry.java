package io.citadel.events;

import java.util.List;

/**
 * An accepted event waiting to be matched to the rules of its bus: the envelope's JSON text, the
 * bus it was put on, and (for a replay) the only rules that may match it.
 */
public record IngestEntry(String account, String region, String eventBusName, String eventJson, List<String> onlyRuleArns,
                          boolean scheduled) {

    public IngestEntry {
        onlyRuleArns = onlyRuleArns == null ? List.of() : List.copyOf(onlyRuleArns);
    }

    /** An event for the bus's matching rules, or, with {@code onlyRuleArns}, for those of them only (a replay). */
    public IngestEntry(String account, String region, String eventBusName, String eventJson, List<String> onlyRuleArns) {
        this(account, region, eventBusName, eventJson, onlyRuleArns, false);
    }

    /** A scheduled rule's firing: goes to that rule's targets without pattern matching, and is not archived. */
    static IngestEntry scheduled(String account, String region, String eventJson, String ruleArn) {
        return new IngestEntry(account, region, EventsArns.DEFAULT_BUS, eventJson, List.of(ruleArn), true);
    }
}
