package io.citadel.core.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns policy JSON into a {@link PolicyDocument}, rejecting what IAM rejects. */
final class PolicyParser {

    private static final String DOC = "Policy document";
    private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT = Set.of("Sid", "Effect", "Principal", "NotPrincipal", "Action",
            "NotAction", "Resource", "NotResource", "Condition");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PolicyParser() {
    }

    static PolicyDocument parse(String json, PolicyKind kind) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new MalformedPolicyException(DOC + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException(DOC + ": " + describe(root) + " (expected: a JSON object)");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP.contains(f)) {
                throw new MalformedPolicyException(DOC + ": \"" + f + "\" (expected: Version, Id or Statement)");
            }
        }
        String version = null;
        JsonNode v = root.get("Version");
        if (v != null) {
            if (!v.isTextual() || !(v.asText().equals(PolicyDocument.VERSION_2012_10_17)
                    || v.asText().equals(PolicyDocument.VERSION_2008_10_17))) {
                throw new MalformedPolicyException(DOC + ": Version: " + describe(v)
                        + " (expected: 2012-10-17 or 2008-10-17)");
            }
            version = v.asText();
        }
        String id = null;
        JsonNode idNode = root.get("Id");
        if (idNode != null) {
            if (!idNode.isTextual()) {
                throw new MalformedPolicyException(DOC + ": Id: " + describe(idNode) + " (expected: a string)");
            }
            id = idNode.asText();
        }
        JsonNode st = root.get("Statement");
        if (st == null) {
            throw new MalformedPolicyException(DOC + ": Statement: missing (expected: a statement or a list of them)");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (st.isObject()) {
            nodes.add(st);
        } else if (st.isArray() && !st.isEmpty()) {
            st.forEach(nodes::add);
        } else {
            throw new MalformedPolicyException(DOC + ": Statement: " + describe(st)
                    + " (expected: a statement or a non-empty list of them)");
        }
        boolean substitute = PolicyDocument.VERSION_2012_10_17.equals(version);
        List<Statement> statements = new ArrayList<>(nodes.size());
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            Statement s = statement(DOC + ": Statement[" + i + "]", i, nodes.get(i), kind, substitute);
            if (s.sid() != null && !s.sid().isEmpty() && !sids.add(s.sid())) {
                throw new MalformedPolicyException(DOC + ": Statement[" + i + "].Sid: \"" + s.sid()
                        + "\" (expected: unique within the policy)");
            }
            statements.add(s);
        }
        return new PolicyDocument(version, id, kind, statements, null);
    }

    private static Statement statement(String where, int index, JsonNode node, PolicyKind kind, boolean substitute) {
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + ": " + describe(node) + " (expected: a JSON object)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!STATEMENT.contains(f)) {
                throw new MalformedPolicyException(where + ": \"" + f
                        + "\" (expected: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, "
                        + "NotResource or Condition)");
            }
        }
        String sid = null;
        JsonNode sidNode = node.get("Sid");
        if (sidNode != null) {
            if (!sidNode.isTextual()) {
                throw new MalformedPolicyException(where + ".Sid: " + describe(sidNode) + " (expected: a string)");
            }
            sid = sidNode.asText();
            if (kind == PolicyKind.IDENTITY && !sid.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))) {
                throw new MalformedPolicyException(where + ".Sid: \"" + sid + "\" (expected: alphanumeric)");
            }
        }
        JsonNode effectNode = node.get("Effect");
        if (effectNode == null) {
            throw new MalformedPolicyException(where + ".Effect: missing (expected: Allow or Deny)");
        }
        Effect effect;
        if (effectNode.isTextual() && effectNode.asText().equals("Allow")) {
            effect = Effect.ALLOW;
        } else if (effectNode.isTextual() && effectNode.asText().equals("Deny")) {
            effect = Effect.DENY;
        } else {
            throw new MalformedPolicyException(where + ".Effect: " + describe(effectNode)
                    + " (expected: Allow or Deny)");
        }

        String actionElement = exclusive(where, node, "Action", "NotAction", true);
        List<String> actions = strings(where + "." + actionElement, node.get(actionElement));
        for (String a : actions) {
            int colon = a.indexOf(':');
            if (!a.equals("*") && (colon <= 0 || colon == a.length() - 1 || containsSpace(a))) {
                throw new MalformedPolicyException(where + "." + actionElement + ": \"" + a
                        + "\" (expected: \"*\" or service:action, e.g. kms:Encrypt)");
            }
        }

        String resourceElement = exclusive(where, node, "Resource", "NotResource",
                kind == PolicyKind.IDENTITY || kind == PolicyKind.RESOURCE);
        List<Template> resources = null;
        if (resourceElement != null) {
            if (kind == PolicyKind.TRUST) {
                throw new MalformedPolicyException(where + "." + resourceElement
                        + ": not allowed in a role trust policy");
            }
            resources = new ArrayList<>();
            for (String r : strings(where + "." + resourceElement, node.get(resourceElement))) {
                if (!r.equals("*") && !r.startsWith("arn:")) {
                    throw new MalformedPolicyException(where + "." + resourceElement + ": \"" + r
                            + "\" (expected: \"*\" or an ARN)");
                }
                resources.add(Template.parse(r, substitute).warm(false));
            }
        }

        boolean needsPrincipal = kind == PolicyKind.RESOURCE || kind == PolicyKind.TRUST;
        String principalElement = exclusive(where, node, "Principal", "NotPrincipal", needsPrincipal);
        PrincipalSpec principal = null;
        if (principalElement != null) {
            if (kind == PolicyKind.IDENTITY) {
                throw new MalformedPolicyException(where + "." + principalElement
                        + ": not allowed in an identity-based policy");
            }
            if (principalElement.equals("NotPrincipal") && effect == Effect.ALLOW) {
                throw new MalformedPolicyException(where + ".NotPrincipal: only supported with \"Effect\": \"Deny\"");
            }
            if (principalElement.equals("NotPrincipal") && kind == PolicyKind.TRUST) {
                throw new MalformedPolicyException(where + ".NotPrincipal: not allowed in a role trust policy");
            }
            principal = principal(where + "." + principalElement, node.get(principalElement));
        }

        List<Condition> conditions = new ArrayList<>();
        JsonNode cond = node.get("Condition");
        if (cond != null) {
            if (!cond.isObject()) {
                throw new MalformedPolicyException(where + ".Condition: " + describe(cond)
                        + " (expected: an object of condition operators)");
            }
            for (Map.Entry<String, JsonNode> op : cond.properties()) {
                String at = where + ".Condition";
                if (!op.getValue().isObject() || op.getValue().isEmpty()) {
                    throw new MalformedPolicyException(at + "." + op.getKey() + ": " + describe(op.getValue())
                            + " (expected: an object of condition keys)");
                }
                for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                    List<String> values = conditionValues(at + "." + op.getKey() + "." + key.getKey(),
                            key.getValue());
                    conditions.add(Condition.compile(at, op.getKey(), key.getKey(), values, substitute));
                }
            }
        }
        return new Statement(index, sid, effect, actions, actionElement.startsWith("Not"), resources,
                resourceElement != null && resourceElement.startsWith("Not"), principal,
                principalElement != null && principalElement.startsWith("Not"), conditions);
    }

    /** Which of {@code a} / {@code b} is present; both is an error, neither is when required. */
    private static String exclusive(String where, JsonNode node, String a, String b, boolean required) {
        boolean hasA = node.has(a);
        boolean hasB = node.has(b);
        if (hasA && hasB) {
            throw new MalformedPolicyException(where + ": both " + a + " and " + b + " (expected: one of them)");
        }
        if (!hasA && !hasB) {
            if (required) {
                throw new MalformedPolicyException(where + ": missing " + a + " or " + b);
            }
            return null;
        }
        return hasA ? a : b;
    }

    private static List<String> strings(String where, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray() && !node.isEmpty()) {
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new MalformedPolicyException(where + ": " + describe(n) + " (expected: a string)");
                }
                out.add(n.asText());
            }
        } else {
            throw new MalformedPolicyException(where + ": " + describe(node)
                    + " (expected: a string or a non-empty list of strings)");
        }
        for (String s : out) {
            if (s.isEmpty()) {
                throw new MalformedPolicyException(where + ": \"\" (expected: a non-empty string)");
            }
        }
        return out;
    }

    private static List<String> conditionValues(String where, JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode n : node) {
                out.add(scalar(where, n));
            }
        } else {
            out.add(scalar(where, node));
        }
        return out;
    }

    private static String scalar(String where, JsonNode n) {
        if (n.isTextual() || n.isNumber() || n.isBoolean()) {
            return n.asText();
        }
        throw new MalformedPolicyException(where + ": " + describe(n) + " (expected: a string, number or boolean)");
    }

    private static PrincipalSpec principal(String where, JsonNode node) {
        if (node.isTextual()) {
            if (node.asText().equals("*")) {
                return PrincipalSpec.anyone();
            }
            throw new MalformedPolicyException(where + ": " + describe(node)
                    + " (expected: \"*\" or an object such as {\"AWS\": \"123456789012\"})");
        }
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException(where + ": " + describe(node)
                    + " (expected: \"*\" or an object such as {\"AWS\": \"123456789012\"})");
        }
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            byType.put(e.getKey(), strings(where + "." + e.getKey(), e.getValue()));
        }
        return PrincipalSpec.compile(where, byType);
    }

    private static boolean containsSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isTextual()) {
            return "\"" + n.asText() + "\"";
        }
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
