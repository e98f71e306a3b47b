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

/** Secrets Manager through boto3 (secrets_boto3.py): operations, the ListSecrets paginator and the error codes botocore parses. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsBoto3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void secretsScenario_withBoto3() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Credentials admin = node.bootstrapCredentials();
            ObjectNode plan = JSON.createObjectNode().put("endpoint", node.endpoint()).put("region", "us-east-1");
            plan.putObject("admin").put("access_key", admin.accessKeyId()).put("secret_key", admin.secretAccessKey());
            Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                    Python.cleanEnv(home), Duration.ofSeconds(120), plan.toString()).requireSuccess("secrets_boto3.py");
            JsonNode out = JSON.readTree(result.stdout());

            assertThat(out.get("arn").asText()).startsWith("arn:aws:secretsmanager:us-east-1:");
            assertThat(out.get("value").asText()).contains("p1");
            assertThat(out.get("stages")).extracting(JsonNode::asText).containsExactly("AWSCURRENT");
            assertThat(out.get("previous").asText()).contains("p1");
            assertThat(out.get("by_partial_arn").asText()).isEqualTo("boto/app");
            assertThat(out.get("paged_names")).extracting(JsonNode::asText)
                    .containsExactly("boto/page/s0", "boto/page/s1", "boto/page/s2", "boto/page/s3", "boto/page/s4");
            assertThat(out.get("versions").asInt()).isEqualTo(2);
            assertThat(out.get("password").asText()).hasSize(20).matches("[A-Za-z]+");
            assertThat(out.get("batch")).extracting(JsonNode::asText).containsExactly("1", "2");
            assertThat(out.at("/tags/0/Key").asText()).isEqualTo("k");
            assertThat(out.get("deleted_has_date").asBoolean()).isTrue();
            Map<String, String> expected = Map.of(
                    "exists", "ResourceExistsException",
                    "not_found", "ResourceNotFoundException",
                    "deleted", "InvalidRequestException",
                    "window", "InvalidParameterException",
                    "token", "ResourceExistsException",
                    "stage", "InvalidParameterException",
                    "public", "PublicPolicyException",
                    "malformed", "MalformedPolicyDocumentException",
                    "rotate", "AccessDeniedException");
            expected.forEach((name, code) -> {
                assertThat(out.at("/errors/" + name + "/error").asText()).as("%s: %s", name, out.at("/errors/" + name)).isEqualTo(code);
                assertThat(out.at("/errors/" + name + "/status").asInt()).as(name).isEqualTo(400);
            });
            assertThat(out.at("/errors/deleted/message").asText())
                    .isEqualTo("You can't perform this operation on the secret because it was marked for deletion.");
        }
    }

    private static Path script() {
        try {
            return Path.of(SecretsBoto3Test.class.getResource("/secrets_boto3.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
