package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parameter Store through boto3 (ssm_boto3.py): operations, paginators and the error codes botocore parses. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SsmBoto3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void ssmScenario_withBoto3() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Credentials admin = node.bootstrapCredentials();
            ObjectNode plan = JSON.createObjectNode().put("endpoint", node.endpoint()).put("region", "us-east-1");
            plan.putObject("admin").put("access_key", admin.accessKeyId()).put("secret_key", admin.secretAccessKey());
            Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                    Python.cleanEnv(home), Duration.ofSeconds(120), plan.toString()).requireSuccess("ssm_boto3.py");
            JsonNode out = JSON.readTree(result.stdout());

            assertThat(out.get("put_version").asLong()).isEqualTo(1);
            assertThat(out.get("overwrite_version").asLong()).isEqualTo(2);
            assertThat(out.get("secure_decrypted").asText()).isEqualTo("boto-secret");
            assertThat(out.get("secure_encrypted_differs").asBoolean()).isTrue();
            assertThat(out.get("paged_names")).hasSize(7);
            assertThat(out.get("label_value").asText()).isEqualTo("one");
            assertThat(out.get("invalid_labels")).extracting(JsonNode::asText).containsExactly("aws-reserved");
            assertThat(out.get("string_list").asText()).isEqualTo("a,b,c");
            Map<String, String> expected = Map.of(
                    "already_exists", "ParameterAlreadyExists",
                    "not_found", "ParameterNotFound",
                    "version_not_found", "ParameterVersionNotFound",
                    "hierarchy", "HierarchyLevelLimitExceededException",
                    "pattern", "ParameterPatternMismatchException",
                    "invalid_key", "InvalidKeyId",
                    "type_change", "HierarchyTypeMismatchException",
                    "unsupported", "UnsupportedOperationException");
            expected.forEach((name, code) -> {
                assertThat(out.at("/errors/" + name + "/error").asText()).as("%s: %s", name, out.at("/errors/" + name)).isEqualTo(code);
                assertThat(out.at("/errors/" + name + "/status").asInt()).as(name).isEqualTo(400);
            });
        }
    }

    private static Path script() {
        try {
            return Path.of(SsmBoto3Test.class.getResource("/ssm_boto3.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
