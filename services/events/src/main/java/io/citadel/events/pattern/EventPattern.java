package io.citadel.events.pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.ServiceException;
import io.citadel.events.pattern.PatternNode.ObjectPattern;
import java.util.List;
import java.util.Objects;

/**
 * A compiled EventBridge event pattern. {@link #parse} validates the pattern as EventBridge does
 * and {@link #matches} decides whether one event matches it. Instances are immutable and safe to
 * share between threads.
 */
public final class EventPattern {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The fields TestEventPattern's Event must have. The API reference lists "resources" too, but
     * AWS answers events without it.
     */
    static final List<String> TEST_EVENT_FIELDS = List.of("id", "account", "source", "time", "region", "detail-type");

    private final String text;
    private final ObjectPattern root;

    private EventPattern(String text, ObjectPattern root) {
        this.text = text;
        this.root = root;
    }

    /** Compiles a pattern; InvalidEventPatternException's message names the problem. */
    public static EventPattern parse(String patternJson) throws InvalidEventPatternException {
        return new EventPattern(patternJson, PatternParser.parse(patternJson));
    }

    public boolean matches(JsonNode event) {
        Objects.requireNonNull(event, "event");
        return root.matches(DottedKeys.expand(event));
    }

    /** For an event whose dotted field names have been expanded already (RuleMatcher does it once). */
    boolean matchesExpanded(JsonNode event) {
        return root.matches(event);
    }

    /** Parses the event and matches it; the event must be a JSON object. */
    public boolean matches(String eventJson) {
        return matches(readEvent(eventJson));
    }

    /** The pattern's JSON text as it was given. */
    public String text() {
        return text;
    }

    ObjectPattern root() {
        return root;
    }

    /**
     * TestEventPattern: the pattern is compiled (InvalidEventPatternException), the event checked
     * ({@link #validateTestEvent}), and the answer is whether the event matches.
     */
    public static boolean testEventPattern(String patternJson, String eventJson) throws InvalidEventPatternException {
        EventPattern pattern = parse(patternJson);
        return pattern.matches(validateTestEvent(eventJson));
    }

    /**
     * TestEventPattern's check of its Event parameter: JSON object text with every field the API
     * reference calls mandatory. Answers the parsed event; a bad one is AWS's ValidationException.
     */
    public static JsonNode validateTestEvent(String eventJson) {
        JsonNode event;
        try {
            event = eventJson == null ? null : JSON.readTree(eventJson);
        } catch (JsonProcessingException e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            throw ServiceException.validation("Parameter Event is not valid.");
        }
        for (String field : TEST_EVENT_FIELDS) {
            JsonNode value = event.get(field);
            if (value == null || value.isNull()) {
                throw ServiceException.validation("Parameter Event is not valid.");
            }
        }
        return event;
    }

    private static JsonNode readEvent(String eventJson) {
        try {
            JsonNode event = JSON.readTree(eventJson);
            if (event == null || !event.isObject()) {
                throw new IllegalArgumentException("event: not a JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event: not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
