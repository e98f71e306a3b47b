package io.citadel.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a target receives: the whole event, or the target's Input, InputPath or InputTransformer applied to it. */
final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    static String shape(TargetSpec target, String eventJson) {
        if (target.input() != null) {
            return target.input();
        }
        return eventJson;
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
