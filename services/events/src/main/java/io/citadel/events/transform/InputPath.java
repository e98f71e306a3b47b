package io.citadel.events.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.citadel.core.ServiceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSONPath subset EventBridge evaluates: {@code $}, dot notation ({@code $.detail.state}),
 * array indices ({@code $.detail.items[0]}) and wildcards ({@code $.detail.*}, {@code [*]}).
 * Names may hold letters, digits, dashes, underscores and forward slashes. Quoted bracket names
 * ({@code $['detail-type']}) are legal JSONPath but PutTargets refuses them, so do we.
 */
public final class InputPath {

    public static final int MAX_LENGTH = 256;

    private sealed interface Step permits Name, Index, AnyChild {
    }

    private record Name(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record AnyChild() implements Step {
    }

    private final String text;
    private final List<Step> steps;
    private final boolean wildcard;

    private InputPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
        this.wildcard = steps.stream().anyMatch(s -> s instanceof AnyChild);
    }

    /** A target's InputPath or InputPathsMap value, refused as PutTargets does. */
    public static InputPath forTarget(String targetId, String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw ServiceException.validation("InputPath for target " + targetId + " is invalid.");
        }
    }

    /** Parses a path; the exception's message says what is wrong with it. */
    public static InputPath parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the path is " + text.length() + " characters long (maximum: " + MAX_LENGTH + ")");
        }
        if (text.charAt(0) != '$') {
            throw new IllegalArgumentException("a path starts with $");
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                if (i < text.length() && text.charAt(i) == '*') {
                    steps.add(new AnyChild());
                    i++;
                    continue;
                }
                while (i < text.length() && nameChar(text.charAt(i))) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("expected a field name at position " + start);
                }
                steps.add(new Name(text.substring(start, i)));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [ at position " + i);
                }
                String inside = text.substring(i + 1, close);
                if (inside.equals("*")) {
                    steps.add(new AnyChild());
                } else if (!inside.isEmpty() && inside.length() <= 9 && inside.chars().allMatch(Character::isDigit)) {
                    steps.add(new Index(Integer.parseInt(inside)));
                } else {
                    throw new IllegalArgumentException("expected an array index or * in [" + inside + "]");
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected character '" + c + "' at position " + i);
            }
        }
        return new InputPath(text, List.copyOf(steps));
    }

    private static boolean nameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '/';
    }

    public String text() {
        return text;
    }

    /** The value at the path, an array of the values for a path with wildcards, or null when absent. */
    public JsonNode resolve(JsonNode event) {
        if (!wildcard) {
            JsonNode node = event;
            for (Step step : steps) {
                node = switch (step) {
                    case Name n -> node.isObject() ? node.get(n.name()) : null;
                    case Index x -> node.isArray() ? node.get(x.index()) : null;
                    case AnyChild a -> throw new AssertionError();
                };
                if (node == null) {
                    return null;
                }
            }
            return node;
        }
        List<JsonNode> current = List.of(event);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                switch (step) {
                    case Name n -> add(next, node.isObject() ? node.get(n.name()) : null);
                    case Index x -> add(next, node.isArray() ? node.get(x.index()) : null);
                    case AnyChild a -> node.forEach(next::add);
                }
            }
            current = next;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        current.forEach(out::add);
        return out;
    }

    private static void add(List<JsonNode> out, JsonNode node) {
        if (node != null) {
            out.add(node);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
