package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI, configured only by the bootstrap credentials file, talks to a node. */
class AwsCliTest {

    @Test
    void getCallerIdentity_withBootstrapCredentialsFile_printsRootIdentity(@TempDir Path dataDir, @TempDir Path home)
            throws Exception {
        try (Node node = Node.start(dataDir)) {
            Map<String, String> env = Python.cleanEnv(home);
            env.put("AWS_SHARED_CREDENTIALS_FILE", node.bootstrapFile().toString());
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            List<String> command = new ArrayList<>(Python.awsCli());
            command.addAll(List.of("--endpoint-url", node.endpoint(), "--output", "json", "sts", "get-caller-identity"));

            Processes.Result result = Processes.run(command, env, Duration.ofSeconds(60)).requireSuccess("aws");

            String account = node.adminAccountId();
            JsonNode identity = new ObjectMapper().readTree(result.stdout());
            assertThat(identity.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("UserId", "Account", "Arn");
            assertThat(identity.get("UserId").asText()).isEqualTo(account);
            assertThat(identity.get("Account").asText()).isEqualTo(account).matches("\\d{12}");
            assertThat(identity.get("Arn").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
        }
    }
}
