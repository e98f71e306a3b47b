package io.citadel.events.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.ServiceException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An InputTemplate split into literal text and {@code <name>} placeholders, each placeholder knowing
 * whether it stands inside a JSON string. EventBridge's quoting rules, from its documentation:
 * outside quotes in a JSON template a string value is inserted quoted and an object or array as
 * JSON; inside quotes a value is inserted as its raw text, without escaping, and an object's or
 * array's JSON loses its quotes; a template that is not a JSON object (plain text) gets raw text.
 */
final class InputTemplate {

    static final String RULE_ARN = "aws.events.rule-arn";
    static final String RULE_NAME = "aws.events.rule-name";
    static final String INGESTION_TIME = "aws.events.event.ingestion-time";
    static final String EVENT = "aws.events.event";
    static final String EVENT_JSON = "aws.events.event.json";
    static final Set<String> PREDEFINED = Set.of(RULE_ARN, RULE_NAME, INGESTION_TIME, EVENT, EVENT_JSON);

    private static final ObjectMapper JSON = new ObjectMapper();

    private enum Mode { JSON_VALUE, IN_STRING, TEXT }

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String name, Mode mode) implements Part {
    }

    private final String text;
    private final List<Part> parts;
    private final boolean json;

    private InputTemplate(String text, List<Part> parts, boolean json) {
        this.text = text;
        this.parts = parts;
        this.json = json;
    }

    /** What PutTargets calls a placeholder: {@code <name>} with letters, digits, _, -, and dots. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.\\-]+)>");

    /**
     * Splits the template. Every placeholder must name a variable of {@code variables} or a
     * predefined one, and the two event placeholders stand only as values in a JSON-object
     * template, as PutTargets checks.
     */
    static InputTemplate compile(String targetId, String text, Set<String> variables) {
        boolean json = text.strip().startsWith("{");
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int literalFrom = 0;
        int scanned = 0;
        boolean inString = false;
        boolean escaped = false;
        while (m.find()) {
            for (int i = scanned; i < m.start(); i++) {
                char c = text.charAt(i);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\' && inString) {
                    escaped = true;
                } else if (c == '"') {
                    inString = !inString;
                }
            }
            scanned = m.end();
            String name = m.group(1);
            if (!variables.contains(name) && !PREDEFINED.contains(name)) {
                throw ServiceException.validation("InputTemplate for target " + targetId + " contains invalid placeholder "
                        + name + ".");
            }
            if ((name.equals(EVENT) || name.equals(EVENT_JSON)) && (!json || inString)) {
                throw ServiceException.validation("InputTemplate for target " + targetId + " contains placeholder " + name
                        + " valid only for JSON template.");
            }
            if (m.start() > literalFrom) {
                parts.add(new Literal(text.substring(literalFrom, m.start())));
            }
            parts.add(new Placeholder(name, inString ? Mode.IN_STRING : json ? Mode.JSON_VALUE : Mode.TEXT));
            literalFrom = m.end();
            escaped = false;
        }
        if (literalFrom < text.length()) {
            parts.add(new Literal(text.substring(literalFrom)));
        }
        return new InputTemplate(text, List.copyOf(parts), json);
    }

    boolean isJson() {
        return json;
    }

    /**
     * For validation: the template with every placeholder replaced by a stand-in (null as a value,
     * {@code marker} inside strings), which must then parse as JSON.
     */
    String probe(String marker) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case Placeholder p -> out.append(p.mode() == Mode.IN_STRING ? marker : "null");
            }
        }
        return out.toString();
    }

    String render(JsonNode event, RuleContext rule, Function<String, JsonNode> variables) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        for (Part part : parts) {
            switch (part) {
                case Literal l -> out.append(l.text());
                case Placeholder p -> insert(out, value(p.name(), event, rule, variables), p.mode());
            }
        }
        return out.toString();
    }

    private static JsonNode value(String name, JsonNode event, RuleContext rule, Function<String, JsonNode> variables) {
        return switch (name) {
            case RULE_ARN -> JSON.getNodeFactory().textNode(rule.ruleArn());
            case RULE_NAME -> JSON.getNodeFactory().textNode(rule.ruleName());
            case INGESTION_TIME -> JSON.getNodeFactory().textNode(
                    DateTimeFormatter.ISO_INSTANT.format(rule.ingestionTime().truncatedTo(ChronoUnit.SECONDS)));
            case EVENT -> withoutDetail(event);
            case EVENT_JSON -> event;
            default -> variables.apply(name);
        };
    }

    private static JsonNode withoutDetail(JsonNode event) {
        if (!event.isObject()) {
            return event;
        }
        ObjectNode copy = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> field : event.properties()) {
            String name = field.getKey();
            if (!name.equals("detail")) {
                copy.set(name.equals("detail-type") ? "detailType" : name, field.getValue());
            }
        }
        return copy;
    }

    private static void insert(StringBuilder out, JsonNode value, Mode mode) {
        if (value == null || value.isMissingNode()) {
            if (mode == Mode.JSON_VALUE) {
                out.append("null");
            }
            return;
        }
        switch (mode) {
            case JSON_VALUE -> out.append(write(value));
            case IN_STRING -> out.append(value.isTextual() ? value.textValue()
                    : value.isContainerNode() ? write(value).replace("\"", "") : write(value));
            case TEXT -> out.append(value.isTextual() ? value.textValue() : write(value));
        }
    }

    private static String write(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
