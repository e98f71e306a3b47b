package io.citadel.events;

import java.util.List;

/**
 * An accepted event waiting to be matched to the rules of its bus: the envelope's JSON text, the
 * bus it was put on, and (for a replay) the only rules that may match it.
 */
public record IngestEntry(String account, String region, String eventBusName, String eventJson, List<String> onlyRuleArns) {

    public IngestEntry {
        onlyRuleArns = onlyRuleArns == null ? List.of() : List.copyOf(onlyRuleArns);
    }
}
