package io.citadel.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The table of documented IAM rules: policies/cases.json holds groups of rows, each row a request
 * against a set of policies with the expected decision and the rule it checks. Row fields override
 * the group's defaults (see the file's "format" entry).
 */
class PolicyCasesTest {

    static final String A = "111111111111";
    static final String B = "222222222222";
    private static final ObjectMapper JSON = new ObjectMapper();

    record Case(int number, String group, JsonNode row) {

        String rule() {
            return row.path("rule").asText();
        }

        @Override
        public String toString() {
            return "#" + number + " [" + group + "] " + rule() + (row.has("name") ? ": " + row.get("name").asText() : "");
        }
    }

    static List<Case> cases() throws IOException {
        JsonNode root;
        try (InputStream in = PolicyCasesTest.class.getResourceAsStream("/policy/cases.json")) {
            root = JSON.readTree(in);
        }
        List<Case> out = new ArrayList<>();
        for (JsonNode group : root.get("groups")) {
            ObjectNode defaults = group.has("defaults") ? (ObjectNode) group.get("defaults") : JSON.createObjectNode();
            for (JsonNode row : group.get("cases")) {
                ObjectNode merged = defaults.deepCopy();
                merged.setAll((ObjectNode) row);
                out.add(new Case(out.size() + 1, group.get("group").asText(), merged));
            }
        }
        return out;
    }

    @Test
    void table_hasAtLeast300Cases_eachNamingItsRule() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(cases).allSatisfy(c -> {
            assertThat(c.rule()).as(c.toString()).isNotBlank();
            assertThat(c.row.path("expect").asText()).as(c.toString()).isIn("ALLOW", "EXPLICIT_DENY", "IMPLICIT_DENY");
        });
    }

    @TestFactory
    Stream<DynamicTest> table() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> run(c)));
    }

    private static void run(Case c) {
        JsonNode row = c.row();
        AuthorizationRequest request = request(row);
        PolicySet policies = policies(row);
        Decision decision = PolicyEvaluator.evaluate(request, policies);
        assertThat(decision.outcome().name()).as(c + " -> " + decision.reason()).isEqualTo(row.get("expect").asText());
        if (row.has("sid")) {
            assertThat(decision.decidedBy()).as(c.toString()).isNotNull();
            assertThat(decision.decidedBy().sid()).as(c.toString()).isEqualTo(row.get("sid").asText());
        }
    }

    static AuthorizationRequest request(JsonNode row) {
        RequestPrincipal principal = principal(row.path("principal"), tags(row.path("ptags")));
        AuthorizationRequest.Builder b = AuthorizationRequest.builder(
                row.path("action").asText("s3:GetObject"),
                row.path("resource").asText("arn:aws:s3:::bucket/key"),
                principal);
        if (row.has("rtags")) {
            b.resourceTags(tags(row.get("rtags")));
        }
        if (row.has("reqtags")) {
            b.requestTags(tags(row.get("reqtags")));
        }
        for (Map.Entry<String, JsonNode> e : row.path("ctx").properties()) {
            if (e.getValue().isArray()) {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                b.put(e.getKey(), values);
            } else {
                b.put(e.getKey(), e.getValue().asText());
            }
        }
        return b.build();
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        node.properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
        return tags;
    }

    static RequestPrincipal principal(JsonNode node, Map<String, String> tags) {
        String p = node.asText("alice");
        if (p.startsWith("svc:")) {
            return RequestPrincipal.service(p.substring(4));
        }
        return switch (p) {
            case "alice" -> RequestPrincipal.user(A, "/", "alice", "AIDAALICE", tags);
            case "bob" -> RequestPrincipal.user(A, "/", "bob", "AIDABOB", tags);
            case "carol" -> RequestPrincipal.user(A, "/eng/", "carol", "AIDACAROL", tags);
            case "root" -> RequestPrincipal.root(A);
            case "role" -> RequestPrincipal.assumedRole(A, "/", "Admin", "AROAADMIN", "sess", tags);
            case "xalice" -> RequestPrincipal.user(B, "/", "alice", "AIDAXALICE", tags);
            case "xroot" -> RequestPrincipal.root(B);
            case "xrole" -> RequestPrincipal.assumedRole(B, "/", "Admin", "AROAXADMIN", "sess", tags);
            default -> throw new IllegalArgumentException("unknown principal shorthand " + p);
        };
    }

    static PolicySet policies(JsonNode row) {
        PolicySet.Builder b = PolicySet.builder();
        for (JsonNode p : list(row.path("identity"))) {
            b.identity(policy(p, PolicyKind.IDENTITY));
        }
        if (row.has("resourcePolicy")) {
            b.resourcePolicy(policy(row.get("resourcePolicy"), PolicyKind.RESOURCE), row.path("owner").asText(A));
        } else {
            b.resourceAccount(row.path("owner").asText(A));
        }
        if (row.has("boundary")) {
            b.permissionsBoundary(policy(row.get("boundary"), PolicyKind.IDENTITY));
        }
        for (JsonNode p : list(row.path("session"))) {
            b.sessionPolicies(policy(p, PolicyKind.IDENTITY));
        }
        b.resourcePolicyIsPrimary(row.path("primary").asBoolean(false));
        return b.build();
    }

    /** A list of policies: one policy object, or an array whose items are policies. */
    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    /**
     * A policy: a full document (has "Statement"), a JSON string of one, one statement object or an
     * array of statements (wrapped in a Version 2012-10-17 document).
     */
    static PolicyDocument policy(JsonNode node, PolicyKind kind) {
        String json;
        if (node.isTextual()) {
            json = node.asText();
        } else if (node.isObject() && node.has("Statement")) {
            json = node.toString();
        } else {
            ObjectNode doc = JSON.createObjectNode();
            doc.put("Version", "2012-10-17");
            doc.set("Statement", node);
            json = doc.toString();
        }
        return PolicyDocument.parse(json, kind);
    }
}
