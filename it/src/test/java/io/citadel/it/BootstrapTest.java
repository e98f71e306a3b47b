package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.app.Config;
import io.citadel.app.Setting;
import io.citadel.identity.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.sts.StsClient;

/** First start creates the admin account and its credentials file once; operators may fix the key for CI. */
class BootstrapTest {

    private static final String FIXED_ID = "AKIAEXAMPLE234567ABC";
    private static final String FIXED_SECRET = "fixedSecretForCi/0123456789+abcdefghijKL";

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void firstStart_writesOwnerOnlyCredentialsFile_inAwsFormat() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Path file = node.bootstrapFile();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String text = Files.readString(file);
            assertThat(text).matches("\\[default]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = [A-Za-z0-9+/]{40}\n");
            Credentials credentials = Credentials.fromCredentialsFile(file);
            assertThat(node.printed()).contains("Citadel bootstrapped account " + node.adminAccountId())
                    .contains(credentials.accessKeyId()).contains(credentials.secretAccessKey());
            assertThat(node.identity().accounts()).extracting(Account::name).containsExactly("admin");
        }
    }

    @Test
    void secondStart_doesNotBootstrapAgain() throws Exception {
        String account;
        byte[] firstFile;
        try (Node node = Node.start(dataDir)) {
            account = node.adminAccountId();
            firstFile = Files.readAllBytes(node.bootstrapFile());
        }
        var firstModified = Files.getLastModifiedTime(dataDir.resolve(Node.BOOTSTRAP_FILE));

        try (Node node = Node.start(dataDir);
             StsClient sts = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials())) {
            assertThat(node.printed()).doesNotContain("bootstrapped");
            assertThat(Files.readAllBytes(node.bootstrapFile())).isEqualTo(firstFile);
            assertThat(Files.getLastModifiedTime(node.bootstrapFile())).isEqualTo(firstModified);
            assertThat(node.identity().accounts()).extracting(Account::id).containsExactly(account);
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + account + ":root");
        }
    }

    @Test
    void fixedBootstrapCredentials_fromEnvironment_authenticateWithBoto3AndCli() throws Exception {
        try (Node node = Node.builder(dataDir)
                .env(Setting.BOOTSTRAP_ACCESS_KEY_ID, FIXED_ID)
                .env(Setting.BOOTSTRAP_SECRET_ACCESS_KEY, FIXED_SECRET)
                .start()) {
            String account = node.adminAccountId();
            Credentials fixed = new Credentials(FIXED_ID, FIXED_SECRET);
            assertThat(node.bootstrapCredentials()).isEqualTo(fixed);

            JsonNode boto = new Boto3(home).identity(node.endpoint(), "us-east-1", fixed).run().getFirst();
            Boto3Test.assertIdentity(boto, account, account, "arn:aws:iam::" + account + ":root");

            Map<String, String> env = Python.cleanEnv(home);
            env.put("AWS_ACCESS_KEY_ID", FIXED_ID);
            env.put("AWS_SECRET_ACCESS_KEY", FIXED_SECRET);
            env.put("AWS_DEFAULT_REGION", "us-west-2");
            List<String> command = new ArrayList<>(Python.awsCli());
            command.addAll(List.of("--endpoint-url", node.endpoint(), "--output", "json", "sts", "get-caller-identity"));
            Processes.Result cli = Processes.run(command, env, Duration.ofSeconds(60)).requireSuccess("aws");
            assertThat(new ObjectMapper().readTree(cli.stdout()).get("Arn").asText()).isEqualTo("arn:aws:iam::" + account + ":root");
        }
    }

    @Test
    void fixedBootstrapCredentials_withOnlyTheKeyId_refuseToStart() {
        assertThatThrownBy(() -> Node.builder(dataDir).env(Setting.BOOTSTRAP_ACCESS_KEY_ID, FIXED_ID).start())
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("bootstrap-access-key-id and bootstrap-secret-access-key must be given together");
        assertThat(dataDir.resolve(Node.BOOTSTRAP_FILE)).doesNotExist();
    }

    @ParameterizedTest
    @CsvSource({
            "AKIAlowercase0000000, fixedSecretForCi/0123456789+abcdefghijKL, accessKeyId",
            "AKIAEXAMPLE234567ABC, tooShortSecret, secretAccessKey: length 14 (expected: 40)"})
    void fixedBootstrapCredentials_malformed_refuseToStart_andLeaveNoHalfBootstrap(String id, String secret, String problem) {
        assertThatThrownBy(() -> Node.builder(dataDir)
                .env(Setting.BOOTSTRAP_ACCESS_KEY_ID, id)
                .env(Setting.BOOTSTRAP_SECRET_ACCESS_KEY, secret)
                .start())
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("bootstrap credentials: " + problem);
        assertThat(dataDir.resolve(Node.BOOTSTRAP_FILE)).doesNotExist();

        // The operator corrects the setting and starts again: now the bootstrap happens.
        try (Node node = Node.builder(dataDir)
                .env(Setting.BOOTSTRAP_ACCESS_KEY_ID, FIXED_ID)
                .env(Setting.BOOTSTRAP_SECRET_ACCESS_KEY, FIXED_SECRET)
                .start()) {
            assertThat(node.identity().accounts()).hasSize(1);
            assertThat(node.bootstrapCredentials()).isEqualTo(new Credentials(FIXED_ID, FIXED_SECRET));
        }
    }
}
