package io.citadel.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Removes sensitive members from request parameters and response elements while they are written:
 * the one redaction list ({@code redaction.txt}, generated from the AWS models) names member paths
 * per service, operation and direction, and a name-based safety net hides any member whose name
 * contains {@link #SENSITIVE_NAME_PARTS}, wherever it appears. Hidden values become
 * {@value #HIDDEN}, as in CloudTrail. A second generated list ({@code omitted.txt}) names the
 * non-sensitive binary members (ciphertext blobs, signatures, public keys) that CloudTrail does not
 * record; they are left out, which also keeps a KMS call's record small.
 */
public final class Redactor {

    public static final String HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS";
    public static final String RESOURCE = "/io/citadel/audit/redaction.txt";
    /** Binary members left out of records altogether, as CloudTrail leaves out ciphertexts and signatures. */
    public static final String OMITTED_RESOURCE = "/io/citadel/audit/omitted.txt";
    /** Lower-case name fragments that are always hidden. */
    public static final List<String> SENSITIVE_NAME_PARTS =
            List.of("plaintext", "secretstring", "secretbinary", "password", "privatekey");

    /** Which side of a call a tree belongs to. */
    public enum Direction { INPUT, OUTPUT }

    /** A trie over path segments; a segment is a member name, {@code []} (list element) or {@code {}} (map value). */
    private static final class Node {
        final Map<String, Node> children = new HashMap<>(4);
        boolean hide;
        boolean omit;

        Node child(String segment) {
            return children.computeIfAbsent(segment, s -> new Node());
        }
    }

    private static final Redactor STANDARD = load();

    private final Map<String, Node[]> byOperation;

    private Redactor(Map<String, Node[]> byOperation) {
        this.byOperation = byOperation;
    }

    /** The redactor built from the committed list. */
    public static Redactor standard() {
        return STANDARD;
    }

    /** Parses list lines {@code <service> <operation> <input|output> <path>}; '#' starts a comment. */
    static Redactor parse(Iterable<String> lines) {
        return parse(lines, List.of());
    }

    /** Parses the redaction list and the list of omitted members, both in the same line format. */
    static Redactor parse(Iterable<String> hidden, Iterable<String> omitted) {
        Map<String, Node[]> map = new HashMap<>();
        add(map, hidden, false);
        add(map, omitted, true);
        return new Redactor(map);
    }

    private static void add(Map<String, Node[]> map, Iterable<String> lines, boolean omit) {
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" ");
            if (parts.length != 4 || !(parts[2].equals("input") || parts[2].equals("output"))) {
                throw new IllegalArgumentException("redaction list line " + number + ": '" + line
                        + "' (expected: <service> <operation> <input|output> <path>)");
            }
            Node[] roots = map.computeIfAbsent(parts[0] + " " + parts[1], k -> new Node[] {new Node(), new Node()});
            Node node = roots[parts[2].equals("input") ? 0 : 1];
            for (String segment : segments(parts[3])) {
                node = node.child(segment);
            }
            if (omit) {
                node.omit = true;
            } else {
                node.hide = true;
            }
        }
    }

    private static List<String> segments(String path) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String part : path.split("\\.")) {
            String name = part;
            java.util.ArrayList<String> suffixes = new java.util.ArrayList<>();
            while (name.endsWith("[]") || name.endsWith("{}")) {
                suffixes.addFirst(name.substring(name.length() - 2));
                name = name.substring(0, name.length() - 2);
            }
            if (!name.isEmpty()) {
                out.add(name);
            }
            out.addAll(suffixes);
        }
        return out;
    }

    private static Redactor load() {
        return parse(lines(RESOURCE), lines(OMITTED_RESOURCE));
    }

    private static List<String> lines(String resource) {
        try (InputStream in = Redactor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("redaction list " + resource + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read redaction list " + resource, e);
        }
    }

    /** Whether the name-based safety net hides members called {@code name}. */
    public static boolean nameIsSensitive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String part : SENSITIVE_NAME_PARTS) {
            if (lower.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code tree} to {@code out} with every listed or sensitively named member hidden. */
    public void write(JsonGenerator out, String service, String operation, Direction direction, JsonNode tree) throws IOException {
        Node[] roots = byOperation.get(service + " " + operation);
        writeNode(out, tree, roots == null ? null : roots[direction.ordinal()]);
    }

    private static void writeNode(JsonGenerator out, JsonNode node, Node rule) throws IOException {
        if (node.isObject()) {
            out.writeStartObject();
            Node mapValues = rule == null ? null : rule.children.get("{}");
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Node child = rule == null ? null : rule.children.get(field.getKey());
                if (child == null) {
                    child = mapValues;
                }
                if (child != null && child.omit && !child.hide && !nameIsSensitive(field.getKey())) {
                    continue;
                }
                out.writeFieldName(field.getKey());
                if ((child != null && child.hide) || nameIsSensitive(field.getKey())) {
                    out.writeString(HIDDEN);
                } else {
                    writeNode(out, field.getValue(), child);
                }
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            Node element = rule == null ? null : rule.children.get("[]");
            out.writeStartArray();
            for (JsonNode item : node) {
                if (element != null && element.omit && !element.hide) {
                    continue;
                }
                if (element != null && element.hide) {
                    out.writeString(HIDDEN);
                } else {
                    writeNode(out, item, element);
                }
            }
            out.writeEndArray();
        } else if (node.isTextual()) {
            out.writeString(node.textValue());
        } else if (node.isNull() || node.isMissingNode()) {
            out.writeNull();
        } else if (node.isBinary()) {
            out.writeBinary(node.binaryValue());
        } else if (node.isNumber() || node.isBoolean()) {
            ((com.fasterxml.jackson.databind.node.ValueNode) node).serialize(out, null);
        } else {
            out.writeString(node.asText());
        }
    }
}
