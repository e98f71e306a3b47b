package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `aws kms ...` against a node, configured only by the bootstrap credentials file; assertions on its JSON output. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KmsAwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    private Processes.Result run(Node node, String... args) {
        Map<String, String> env = Python.cleanEnv(home);
        env.put("AWS_SHARED_CREDENTIALS_FILE", node.bootstrapFile().toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        List<String> command = new ArrayList<>(Python.awsCli());
        command.addAll(List.of("--endpoint-url", node.endpoint(), "--output", "json", "kms"));
        command.addAll(List.of(args));
        return Processes.run(command, env, Duration.ofSeconds(60));
    }

    private JsonNode kms(Node node, String... args) throws Exception {
        Processes.Result result = run(node, args).requireSuccess("aws kms " + args[0]);
        return result.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.stdout());
    }

    @Test
    void createAliasEncryptDecryptListDescribeAndScheduleDeletion() throws Exception {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();

            JsonNode created = kms(node, "create-key", "--description", "made by the aws cli",
                    "--tags", "TagKey=origin,TagValue=cli");
            String keyId = created.at("/KeyMetadata/KeyId").asText();
            String keyArn = "arn:aws:kms:us-east-1:" + account + ":key/" + keyId;
            assertThat(created.at("/KeyMetadata/Arn").asText()).isEqualTo(keyArn);
            assertThat(created.at("/KeyMetadata/KeyState").asText()).isEqualTo("Enabled");
            assertThat(created.at("/KeyMetadata/KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(created.at("/KeyMetadata/EncryptionAlgorithms/0").asText()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(created.at("/KeyMetadata/AWSAccountId").asText()).isEqualTo(account);

            assertThat(run(node, "create-alias", "--alias-name", "alias/cli", "--target-key-id", keyId)
                    .requireSuccess("aws kms create-alias").stdout()).isBlank();

            byte[] plaintext = new byte[300];
            new SecureRandom().nextBytes(plaintext);
            Path plainFile = home.resolve("plain.bin");
            Files.write(plainFile, plaintext);
            JsonNode encrypted = kms(node, "encrypt", "--key-id", "alias/cli", "--plaintext", "fileb://" + plainFile,
                    "--encryption-context", "purpose=cli,tenant=acme");
            assertThat(encrypted.get("KeyId").asText()).isEqualTo(keyArn);
            assertThat(encrypted.get("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
            byte[] blob = Base64.getDecoder().decode(encrypted.get("CiphertextBlob").asText());
            Path blobFile = home.resolve("cipher.bin");
            Files.write(blobFile, blob);

            JsonNode decrypted = kms(node, "decrypt", "--ciphertext-blob", "fileb://" + blobFile,
                    "--encryption-context", "tenant=acme,purpose=cli");
            assertThat(decrypted.get("KeyId").asText()).isEqualTo(keyArn);
            assertThat(Base64.getDecoder().decode(decrypted.get("Plaintext").asText())).isEqualTo(plaintext);
            Processes.Result wrongContext = run(node, "decrypt", "--ciphertext-blob", "fileb://" + blobFile);
            assertThat(wrongContext.exitCode()).isNotZero();
            assertThat(wrongContext.stderr()).contains("(InvalidCiphertextException)");

            JsonNode aliases = kms(node, "list-aliases", "--key-id", keyId);
            assertThat(aliases.get("Aliases")).singleElement().satisfies(a -> {
                assertThat(a.get("AliasName").asText()).isEqualTo("alias/cli");
                assertThat(a.get("AliasArn").asText()).isEqualTo("arn:aws:kms:us-east-1:" + account + ":alias/cli");
                assertThat(a.get("TargetKeyId").asText()).isEqualTo(keyId);
            });

            JsonNode described = kms(node, "describe-key", "--key-id", "alias/cli");
            assertThat(described.at("/KeyMetadata/KeyId").asText()).isEqualTo(keyId);
            assertThat(described.at("/KeyMetadata/Description").asText()).isEqualTo("made by the aws cli");
            assertThat(described.at("/KeyMetadata/KeyManager").asText()).isEqualTo("CUSTOMER");
            assertThat(described.at("/KeyMetadata/Enabled").asBoolean()).isTrue();
            assertThat(described.at("/KeyMetadata/CreationDate").isNumber()).as("a JSON timestamp: %s", described).isTrue();
            assertThat(kms(node, "list-resource-tags", "--key-id", keyId).at("/Tags/0/TagValue").asText()).isEqualTo("cli");

            JsonNode scheduled = kms(node, "schedule-key-deletion", "--key-id", keyId, "--pending-window-in-days", "7");
            assertThat(scheduled.get("KeyId").asText()).isEqualTo(keyArn);
            assertThat(scheduled.get("KeyState").asText()).isEqualTo("PendingDeletion");
            assertThat(scheduled.get("PendingWindowInDays").asInt()).isEqualTo(7);
            Instant deletion = Instant.ofEpochMilli((long) (scheduled.get("DeletionDate").asDouble() * 1000));
            assertThat(deletion).isCloseTo(Instant.now().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
            assertThat(kms(node, "describe-key", "--key-id", keyId).at("/KeyMetadata/KeyState").asText()).isEqualTo("PendingDeletion");
            Processes.Result afterScheduling = run(node, "encrypt", "--key-id", keyId, "--plaintext", "fileb://" + plainFile);
            assertThat(afterScheduling.exitCode()).isNotZero();
            assertThat(afterScheduling.stderr()).contains("(KMSInvalidStateException)").contains("pending deletion");
        }
    }
}
