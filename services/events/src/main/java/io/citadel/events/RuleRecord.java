package io.citadel.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A rule as stored, with its targets (at most five) and tags. */
public record RuleRecord(String name, String eventBusName, String arn, String eventPattern, String scheduleExpression,
                         String state, String description, String roleArn, String managedBy, String createdBy,
                         Instant creationTime, Map<String, String> tags, List<TargetSpec> targets) {

    public RuleRecord {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public boolean enabled() {
        return "ENABLED".equals(state);
    }

    RuleRecord withState(String newState) {
        return new RuleRecord(name, eventBusName, arn, eventPattern, scheduleExpression, newState, description, roleArn,
                managedBy, createdBy, creationTime, tags, targets);
    }

    RuleRecord withTargets(List<TargetSpec> newTargets) {
        return new RuleRecord(name, eventBusName, arn, eventPattern, scheduleExpression, state, description, roleArn,
                managedBy, createdBy, creationTime, tags, newTargets);
    }

    RuleRecord withTags(Map<String, String> newTags) {
        return new RuleRecord(name, eventBusName, arn, eventPattern, scheduleExpression, state, description, roleArn,
                managedBy, createdBy, creationTime, newTags, targets);
    }
}
