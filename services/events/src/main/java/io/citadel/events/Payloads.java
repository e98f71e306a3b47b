package io.citadel.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.events.transform.RuleContext;
import io.citadel.events.transform.TargetInput;

/** What a target receives: the whole event, or the target's Input, InputPath or InputTransformer applied to it. */
final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** The target's input for this delivery, through the transform package (compiled per delivery: it is cheap). */
    static String shape(DeliveryRecord d) {
        TargetSpec t = d.target();
        if (t.input() == null && t.inputPath() == null && t.inputTemplate() == null) {
            return d.eventJson();
        }
        try {
            return input(t).render(JSON.readTree(d.eventJson()), new RuleContext(d.ruleArn(), d.ruleName(), d.acceptedAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event of delivery " + d.id() + " is not JSON");
        }
    }

    /** Validates the target's Input / InputPath / InputTransformer as PutTargets does (ValidationException). */
    static TargetInput input(TargetSpec t) {
        return TargetInput.of(t.id(), t.input(), t.inputPath(), t.inputTemplate() != null || t.inputPathsMap() != null,
                t.inputPathsMap(), t.inputTemplate());
    }

    /** The payload as one JSON Lines line: JSON text compacted, anything else as a JSON string. */
    static String oneLine(String payload) {
        try {
            return JSON.writeValueAsString(JSON.readTree(payload));
        } catch (JsonProcessingException | RuntimeException e) {
            try {
                return JSON.writeValueAsString(payload);
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }
}
