package io.citadel.events.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The compiled tree of a pattern: objects of fields (ANDed, with optional {@code $or} groups) down
 * to leaf arrays of matchers (ORed). It is evaluated against the event's JSON tree directly, so a
 * pattern object meeting an array of objects in the event matches when one element matches the
 * whole object: fields are never taken from two different elements.
 */
sealed interface PatternNode {

    /** Whether the event node at this place (null or missing when absent) satisfies this node. */
    boolean matches(JsonNode node);

    record Field(String name, PatternNode pattern) {
    }

    /** Fields that must all match, and $or groups of which each needs one matching alternative. */
    record ObjectPattern(List<Field> fields, List<List<ObjectPattern>> ors, String[] names, PatternNode[] children,
                         ObjectPattern[][] alternatives) implements PatternNode {

        ObjectPattern(List<Field> fields, List<List<ObjectPattern>> ors) {
            this(fields, ors, fields.stream().map(Field::name).toArray(String[]::new),
                    fields.stream().map(Field::pattern).toArray(PatternNode[]::new),
                    ors.stream().map(g -> g.toArray(ObjectPattern[]::new)).toArray(ObjectPattern[][]::new));
        }

        @Override
        public boolean matches(JsonNode node) {
            if (node != null && node.isArray()) {
                int objects = visit(node);
                return objects == MATCHED || (objects == 0 && matchesHere(null));
            }
            return matchesHere(node != null && node.isObject() ? node : null);
        }

        private static final int MATCHED = -1;

        /** Counts the objects of an array (nested arrays flattened), or MATCHED when one matches. */
        private int visit(JsonNode array) {
            int objects = 0;
            for (JsonNode element : array) {
                if (element.isObject()) {
                    objects++;
                    if (matchesHere(element)) {
                        return MATCHED;
                    }
                } else if (element.isArray()) {
                    int inner = visit(element);
                    if (inner == MATCHED) {
                        return MATCHED;
                    }
                    objects += inner;
                }
            }
            return objects;
        }

        private boolean matchesHere(JsonNode object) {
            for (int i = 0; i < names.length; i++) {
                JsonNode child = object == null ? null : object.get(names[i]);
                if (!children[i].matches(child)) {
                    return false;
                }
            }
            for (ObjectPattern[] group : alternatives) {
                boolean any = false;
                for (ObjectPattern alternative : group) {
                    if (alternative.matchesHere(object)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A leaf array. The event's leaf values at the field are the value itself when it is a scalar
     * (null included), the scalars of an array (nested arrays flattened), and none for an object,
     * an array of objects or an absent field. exists:true wants at least one, exists:false none.
     */
    record LeafPattern(Matcher[] matchers, boolean existsTrue, boolean existsFalse) implements PatternNode {

        static LeafPattern of(List<Matcher> matchers) {
            boolean yes = false;
            boolean no = false;
            for (Matcher m : matchers) {
                if (m instanceof Matcher.Exists e) {
                    yes |= e.exists();
                    no |= !e.exists();
                }
            }
            List<Matcher> valueMatchers = matchers.stream().filter(m -> !(m instanceof Matcher.Exists)).toList();
            return new LeafPattern(valueMatchers.toArray(Matcher[]::new), yes, no);
        }

        List<Matcher> valueMatchers() {
            return List.of(matchers);
        }

        @Override
        public boolean matches(JsonNode node) {
            if (node == null || node.isMissingNode() || node.isObject()) {
                return existsFalse;
            }
            if (!node.isArray()) {
                return existsTrue || test(node);
            }
            int leaves = visit(node);
            if (leaves == MATCHED) {
                return true;
            }
            return leaves == 0 ? existsFalse : existsTrue;
        }

        private static final int MATCHED = -1;

        /** Counts the array's leaf values, or answers MATCHED as soon as one matches. */
        private int visit(JsonNode array) {
            int leaves = 0;
            for (JsonNode element : array) {
                if (element.isObject()) {
                    continue;
                }
                if (element.isArray()) {
                    int inner = visit(element);
                    if (inner == MATCHED) {
                        return MATCHED;
                    }
                    leaves += inner;
                    continue;
                }
                leaves++;
                if (test(element)) {
                    return MATCHED;
                }
            }
            return leaves;
        }

        private boolean test(JsonNode value) {
            for (Matcher m : matchers) {
                if (m.test(value)) {
                    return true;
                }
            }
            return false;
        }
    }
}
