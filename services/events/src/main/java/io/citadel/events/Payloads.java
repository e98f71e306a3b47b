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
        if (isWholeEvent(t)) {
            return d.eventJson();
        }
        try {
            return input(t).render(JSON.readTree(d.eventJson()), new RuleContext(d.ruleArn(), d.ruleName(), d.acceptedAt()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event of delivery " + d.id() + " is not JSON");
        }
    }

    /** Whether the target receives the event unchanged (no Input, InputPath or InputTransformer). */
    static boolean isWholeEvent(TargetSpec t) {
        return t.input() == null && t.inputPath() == null && t.inputTemplate() == null;
    }

    /**
     * {@link #oneLine(String)}, except that a stored envelope already on one line is returned as it is: envelopes are
     * written compacted by Jackson (AwsEvent, replays), so compacting them again would give the same text.
     */
    static String envelopeLine(String eventJson) {
        if (eventJson.indexOf('\n') < 0 && eventJson.indexOf('\r') < 0 && eventJson.startsWith("{")) {
            return eventJson;
        }
        return oneLine(eventJson);
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
