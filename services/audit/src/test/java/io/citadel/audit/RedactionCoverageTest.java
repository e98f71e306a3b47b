package io.citadel.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The committed redaction list covers every sensitive member of every AWS model, and the redactor applies it. */
class RedactionCoverageTest {

    private static final String MARKER = "s3cr3t-marker-value";

    static Path modelsDir() {
        for (Path candidate : List.of(Path.of("../../../shared/aws-models"), Path.of("/work/shared/aws-models"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("AWS models not found at ../../../shared/aws-models or /work/shared/aws-models");
    }

    @Test
    void committedList_coversEverySensitiveMemberOfEveryModel() throws IOException {
        Set<RedactionListGenerator.Rule> required = RedactionListGenerator.required(modelsDir());
        assertThat(required).hasSizeGreaterThan(100);
        Set<String> committed = new TreeSet<>();
        try (InputStream in = Redactor.class.getResourceAsStream(Redactor.RESOURCE)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(committed::add);
        }
        List<String> missing = required.stream().map(RedactionListGenerator.Rule::line).filter(l -> !committed.contains(l)).toList();
        assertThat(missing).as("sensitive members missing from redaction.txt (re-run RedactionListGenerator)").isEmpty();
    }

    @Test
    void committedOmittedList_isExactlyTheNonSensitiveBlobMembersOfEveryModel() throws IOException {
        Set<String> generated = new TreeSet<>();
        RedactionListGenerator.omitted(modelsDir()).forEach(r -> generated.add(r.line()));
        assertThat(generated).contains("kms Encrypt output CiphertextBlob", "kms Decrypt input CiphertextBlob",
                "kms Sign output Signature").doesNotContain("kms Encrypt input Plaintext");
        Set<String> committed = new TreeSet<>();
        try (InputStream in = Redactor.class.getResourceAsStream(Redactor.OMITTED_RESOURCE)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(committed::add);
        }
        assertThat(committed).as("omitted.txt (re-run RedactionListGenerator)").isEqualTo(generated);
    }

    @Test
    void redactor_leavesOutBinaryMembers_andStillHidesSecrets() throws IOException {
        assertThat(redact("kms", "Encrypt", Redactor.Direction.OUTPUT,
                Fixtures.json("{\"CiphertextBlob\":\"AQID\",\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/k\","
                        + "\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}")))
                .isEqualTo("{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/k\",\"EncryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"}");
        assertThat(redact("kms", "Encrypt", Redactor.Direction.INPUT,
                Fixtures.json("{\"KeyId\":\"k\",\"Plaintext\":\"c2VjcmV0\"}")))
                .isEqualTo("{\"KeyId\":\"k\",\"Plaintext\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}");
    }

    @Test
    void redactor_hidesEverySensitiveMemberOfEveryModel_inASampleDocument() throws IOException {
        List<String> leaked = new ArrayList<>();
        for (RedactionListGenerator.Rule rule : RedactionListGenerator.required(modelsDir())) {
            ObjectNode sample = JsonNodeFactory.instance.objectNode();
            plant(sample, segments(rule.path()), 0);
            String out = redact(rule.service(), rule.operation(),
                    rule.direction().equals("input") ? Redactor.Direction.INPUT : Redactor.Direction.OUTPUT, sample);
            if (out.contains(MARKER) || !out.contains(Redactor.HIDDEN)) {
                leaked.add(rule.line() + " -> " + out);
            }
        }
        assertThat(leaked).isEmpty();
    }

    @Test
    void putEvents_recordsEachEntryWithoutItsDetail_asCloudTrailDocuments() throws IOException {
        assertThat(redact("events", "PutEvents", Redactor.Direction.INPUT,
                Fixtures.json("{\"Entries\":[{\"Source\":\"app\",\"DetailType\":\"Order\",\"Detail\":\"{\\\"card\\\":\\\"4111\\\"}\","
                        + "\"EventBusName\":\"default\"},{\"Source\":\"app\",\"DetailType\":\"Order\",\"Detail\":\"{}\"}]}")))
                .isEqualTo("{\"Entries\":[{\"Source\":\"app\",\"DetailType\":\"Order\",\"Detail\":\"HIDDEN_DUE_TO_SECURITY_REASONS\","
                        + "\"EventBusName\":\"default\"},{\"Source\":\"app\",\"DetailType\":\"Order\","
                        + "\"Detail\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}]}");
    }

    @Test
    void redactor_hidesSecretsInSampleResponses_andKeepsTheRest() throws IOException {
        assertThat(redact("kms", "Decrypt", Redactor.Direction.OUTPUT,
                Fixtures.json("{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/k\",\"Plaintext\":\"c2VjcmV0\"}")))
                .isEqualTo("{\"KeyId\":\"arn:aws:kms:us-east-1:111122223333:key/k\",\"Plaintext\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}");
        assertThat(redact("ssm", "GetParameters", Redactor.Direction.OUTPUT,
                Fixtures.json("{\"Parameters\":[{\"Name\":\"/a\",\"Value\":\"v1\"},{\"Name\":\"/b\",\"Value\":\"v2\"}]}")))
                .isEqualTo("{\"Parameters\":[{\"Name\":\"/a\",\"Value\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"},"
                        + "{\"Name\":\"/b\",\"Value\":\"HIDDEN_DUE_TO_SECURITY_REASONS\"}]}");
        assertThat(redact("secretsmanager", "GetSecretValue", Redactor.Direction.OUTPUT,
                Fixtures.json("{\"Name\":\"db\",\"SecretString\":\"hunter2\",\"VersionId\":\"v\"}")))
                .doesNotContain("hunter2").contains("\"Name\":\"db\"").contains("\"VersionId\":\"v\"");
        assertThat(redact("ssm", "PutParameter", Redactor.Direction.INPUT,
                Fixtures.json("{\"Name\":\"/p\",\"Value\":\"top\",\"Type\":\"SecureString\"}"))).doesNotContain("top\"");
    }

    @Test
    void nameSafetyNet_hidesSensitiveNames_inOperationsTheListDoesNotKnow() throws IOException {
        String out = redact("futureservice", "DoThing", Redactor.Direction.INPUT,
                Fixtures.json("{\"Outer\":{\"dbPassword\":\"pw1\",\"Items\":[{\"PrivateKeyPem\":\"pk\"}],\"Plain\":\"ok\"}}"));
        assertThat(out).doesNotContain("pw1").doesNotContain("\"pk\"").contains("\"Plain\":\"ok\"");
    }

    private static String redact(String service, String op, Redactor.Direction direction, JsonNode tree) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = Fixtures.JSON.getFactory().createGenerator(w)) {
            Redactor.standard().write(g, service, op, direction, tree);
        }
        return w.toString();
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("\\.")) {
            String name = part;
            List<String> suffixes = new ArrayList<>();
            while (name.endsWith("[]") || name.endsWith("{}")) {
                suffixes.addFirst(name.substring(name.length() - 2));
                name = name.substring(0, name.length() - 2);
            }
            out.add(name);
            out.addAll(suffixes);
        }
        return out;
    }

    /** Builds {@code {"A":[{"B":{"anykey":{"C":MARKER}}}]}} for the path {@code A[].B{}.C}. */
    private static void plant(JsonNode container, List<String> segments, int i) {
        String segment = segments.get(i);
        boolean last = i == segments.size() - 1;
        String next = last ? null : segments.get(i + 1);
        JsonNode child = last ? JsonNodeFactory.instance.textNode(MARKER)
                : "[]".equals(next) ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
        if (segment.equals("[]")) {
            ((ArrayNode) container).add(child);
        } else if (segment.equals("{}")) {
            ((ObjectNode) container).set("mapKey", child);
        } else {
            ((ObjectNode) container).set(segment, child);
        }
        if (!last) {
            plant(child, segments, i + 1);
        }
    }
}
