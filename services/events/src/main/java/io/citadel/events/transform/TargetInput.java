package io.citadel.events.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.ServiceException;
import java.util.Map;
import java.util.Objects;

/**
 * What a target receives for a matched event, as the target's Input, InputPath or InputTransformer
 * says: the whole event (none of them), a constant JSON text, the part of the event at a path, or
 * a template filled from the event. At most one of the three may be given.
 */
public sealed interface TargetInput {

    int MAX_INPUT_LENGTH = 8192;

    String render(JsonNode event, RuleContext rule);

    /** No Input, InputPath or InputTransformer: the event itself. */
    record MatchedEvent() implements TargetInput {
        @Override
        public String render(JsonNode event, RuleContext rule) {
            return event.toString();
        }
    }

    /** Input: valid JSON text, sent as given; nothing of the event is passed. */
    record Constant(String json) implements TargetInput {
        public Constant {
            Objects.requireNonNull(json, "json");
        }

        @Override
        public String render(JsonNode event, RuleContext rule) {
            return json;
        }
    }

    /** InputPath: the value at the path (JSON null when the event has nothing there). */
    record AtPath(InputPath path) implements TargetInput {
        @Override
        public String render(JsonNode event, RuleContext rule) {
            JsonNode value = path.resolve(event);
            return value == null ? "null" : value.toString();
        }
    }

    record Transformed(InputTransformer transformer) implements TargetInput {
        @Override
        public String render(JsonNode event, RuleContext rule) {
            return transformer.render(event, rule);
        }
    }

    /**
     * Validates a target's input settings as PutTargets does. {@code inputPathsMap} and
     * {@code inputTemplate} are the InputTransformer's members; {@code hasTransformer} says whether
     * the target carries an InputTransformer at all.
     */
    static TargetInput of(String targetId, String input, String inputPath, boolean hasTransformer,
                          Map<String, String> inputPathsMap, String inputTemplate) {
        int given = (input != null ? 1 : 0) + (inputPath != null ? 1 : 0) + (hasTransformer ? 1 : 0);
        if (given > 1) {
            throw ServiceException.validation("Only one of Input, InputPath, or InputTransformer must be provided for target "
                    + targetId + ".");
        }
        if (input != null) {
            return constant(targetId, input);
        }
        if (inputPath != null) {
            return new AtPath(InputPath.forTarget(targetId, inputPath));
        }
        if (hasTransformer) {
            return new Transformed(InputTransformer.compile(targetId, inputPathsMap, inputTemplate));
        }
        return new MatchedEvent();
    }

    private static Constant constant(String targetId, String input) {
        if (input.length() > MAX_INPUT_LENGTH) {
            throw ServiceException.validation("Input for target " + targetId + " is " + input.length()
                    + " characters long (maximum: " + MAX_INPUT_LENGTH + ").");
        }
        try {
            JsonNode parsed = new ObjectMapper().readTree(input);
            if (parsed == null || parsed.isMissingNode()) {
                throw ServiceException.validation("JSON syntax error in input for target " + targetId);
            }
        } catch (JsonProcessingException e) {
            throw ServiceException.validation("JSON syntax error in input for target " + targetId);
        }
        return new Constant(input);
    }
}
