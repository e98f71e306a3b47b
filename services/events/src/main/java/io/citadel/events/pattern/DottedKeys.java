package io.citadel.events.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * EventBridge matches on field paths joined with dots, so an event field named "a.b" is the same
 * path as "b" inside "a". Events rarely have such names; when one does, it is rewritten once into
 * the nested form (a path that is both a value and an object becomes an array of both, which
 * matches as either). Events without dotted names are answered as they are, without copying.
 */
final class DottedKeys {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DottedKeys() {
    }

    static JsonNode expand(JsonNode event) {
        return hasDottedKey(event) ? new Expansion().node(event) : event;
    }

    private static boolean hasDottedKey(JsonNode node) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('.') >= 0 || hasDottedKey(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (hasDottedKey(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One rewrite; objects it creates are its own to merge into, the event's are copied first. */
    private static final class Expansion {
        private final Set<JsonNode> owned = Collections.newSetFromMap(new IdentityHashMap<>());

        JsonNode node(JsonNode node) {
            if (!hasDottedKey(node)) {
                return node;
            }
            if (node.isArray()) {
                ArrayNode out = NODES.arrayNode();
                node.forEach(element -> out.add(node(element)));
                return out;
            }
            ObjectNode out = owned(NODES.objectNode());
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                put(out, field.getKey().split("\\.", -1), 0, node(field.getValue()));
            }
            return out;
        }

        private ObjectNode owned(ObjectNode node) {
            owned.add(node);
            return node;
        }

        private void put(ObjectNode target, String[] path, int at, JsonNode value) {
            String name = path[at];
            JsonNode existing = target.get(name);
            if (at == path.length - 1) {
                if (existing == null) {
                    target.set(name, value);
                } else if (existing.isObject() && value.isObject()) {
                    ObjectNode merged = mine(target, name, (ObjectNode) existing);
                    for (Map.Entry<String, JsonNode> field : value.properties()) {
                        put(merged, new String[]{field.getKey()}, 0, field.getValue());
                    }
                } else {
                    target.set(name, NODES.arrayNode().add(existing).add(value));
                }
                return;
            }
            ObjectNode child;
            if (existing == null) {
                child = owned(NODES.objectNode());
                target.set(name, child);
            } else if (existing.isObject()) {
                child = mine(target, name, (ObjectNode) existing);
            } else {
                child = owned(NODES.objectNode());
                target.set(name, NODES.arrayNode().add(existing).add(child));
            }
            put(child, path, at + 1, value);
        }

        private ObjectNode mine(ObjectNode parent, String name, ObjectNode node) {
            if (owned.contains(node)) {
                return node;
            }
            ObjectNode copy = owned(node.deepCopy());
            parent.set(name, copy);
            return copy;
        }
    }
}
