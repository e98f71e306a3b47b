package io.citadel.events.transform;

import java.time.Instant;
import java.util.Objects;

/** What the predefined template variables say about the rule that matched and the event's arrival. */
public record RuleContext(String ruleArn, String ruleName, Instant ingestionTime) {
    public RuleContext {
        Objects.requireNonNull(ruleArn, "ruleArn");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(ingestionTime, "ingestionTime");
    }
}
