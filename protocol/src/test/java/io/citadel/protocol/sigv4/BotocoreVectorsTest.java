package io.citadel.protocol.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.protocol.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Requests signed by botocore itself (the signer behind boto3 and the AWS CLI) must verify: once
 * from the committed golden file, once from a fresh run of the generating script, so an upgrade
 * of botocore that changes canonicalization fails here rather than in production.
 */
class BotocoreVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> committedVectors_verify() throws IOException {
        try (InputStream in = BotocoreVectorsTest.class.getResourceAsStream("/sigv4/botocore-vectors.json")) {
            assertThat(in).as("botocore-vectors.json on the test classpath").isNotNull();
            return dynamicTests(JSON.readTree(in));
        }
    }

    @TestFactory
    Stream<DynamicTest> freshlySignedVectors_verify() throws Exception {
        return dynamicTests(JSON.readTree(runScript()));
    }

    @Test
    void committedVectors_coverEveryScenario() throws IOException {
        try (InputStream in = BotocoreVectorsTest.class.getResourceAsStream("/sigv4/botocore-vectors.json")) {
            List<String> names = new ArrayList<>();
            JSON.readTree(in).get("vectors").forEach(v -> names.add(v.get("name").asText()));
            assertThat(names).contains("kms_json11_encrypt", "sts_query_get_caller_identity", "get_awkward_query",
                    "path_special_characters", "presigned_sts", "unsigned_payload");
        }
    }

    @Test
    void committedVectors_withOneBodyByteChanged_fail() throws IOException {
        try (InputStream in = BotocoreVectorsTest.class.getResourceAsStream("/sigv4/botocore-vectors.json")) {
            JsonNode vector = JSON.readTree(in).get("vectors").get(0);
            WireRequest request = toRequest(vector);
            byte[] body = request.body().clone();
            body[body.length / 2] ^= 1;
            WireRequest tampered = new WireRequest(request.method(), request.rawPath(), request.rawQuery(),
                    request.headers(), body, request.sourceIp(), request.secure());
            assertThatThrownBy(() -> verifier(vector).verify(tampered))
                    .isInstanceOfSatisfying(AuthenticationException.class,
                            e -> assertThat(e.failure()).isEqualTo(AuthFailure.SIGNATURE_MISMATCH));
        }
    }

    private static Stream<DynamicTest> dynamicTests(JsonNode root) {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode vector : root.get("vectors")) {
            tests.add(DynamicTest.dynamicTest(vector.get("name").asText(), () -> {
                Authenticated authenticated = verifier(vector).verify(toRequest(vector));
                assertThat(authenticated.region()).isEqualTo(vector.get("region").asText());
                assertThat(authenticated.service()).isEqualTo(vector.get("service").asText());
                assertThat(authenticated.principal().accessKeyId()).isEqualTo(vector.get("accessKeyId").asText());
            }));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
        return tests.stream();
    }

    private static SigV4Verifier verifier(JsonNode vector) {
        TestCredentials credentials = new TestCredentials();
        credentials.put(vector.get("accessKeyId").asText(), vector.get("secretAccessKey").asText(), true);
        return new SigV4Verifier(credentials, new MutableClock(Instant.parse(vector.get("verifyAt").asText())));
    }

    static WireRequest toRequest(JsonNode vector) {
        Map<String, List<String>> headers = new HashMap<>();
        for (JsonNode header : vector.get("headers")) {
            headers.computeIfAbsent(header.get(0).asText().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.get(1).asText());
        }
        return new WireRequest(vector.get("method").asText(), vector.get("path").asText(),
                vector.get("query").asText(), headers, Base64.getDecoder().decode(vector.get("bodyBase64").asText()),
                "127.0.0.1", true);
    }

    private static String runScript() throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(BotocoreVectorsTest.class.getResource("/sigv4/sign_with_botocore.py").toURI());
        Process process = new ProcessBuilder("python3", script.toString())
                .redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python3 finished").isTrue();
        assertThat(process.exitValue())
                .as("python3 %s (needs python3 with botocore on PATH) failed: %s", script, stderr)
                .isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }
}
