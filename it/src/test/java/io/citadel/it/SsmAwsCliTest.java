package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Parameter Store through `aws ssm`: the README's quick tour and the errors the CLI prints. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SsmAwsCliTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void awsSsm_putGetByPathLabelHistoryDelete_andErrors() {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            assertThat(aws.ok("ssm", "put-parameter", "--name", "/my-app/dev/db-url", "--value", "postgres://dev", "--type", "String")
                    .get("Version").asLong()).isEqualTo(1);
            aws.ok("ssm", "put-parameter", "--name", "/my-app/dev/db-password", "--value", "cli-s3cret", "--type", "SecureString");
            aws.ok("ssm", "put-parameter", "--name", "/my-app/dev/db-url", "--value", "postgres://dev2", "--overwrite");
            JsonNode byPath = aws.ok("ssm", "get-parameters-by-path", "--path", "/my-app", "--recursive", "--with-decryption");
            assertThat(byPath.get("Parameters")).extracting(p -> p.get("Name").asText() + "=" + p.get("Value").asText())
                    .containsExactly("/my-app/dev/db-password=cli-s3cret", "/my-app/dev/db-url=postgres://dev2");
            assertThat(aws.ok("ssm", "get-parameter", "--name", "/my-app/dev/db-password").at("/Parameter/Value").asText())
                    .isNotEqualTo("cli-s3cret");
            aws.ok("ssm", "label-parameter-version", "--name", "/my-app/dev/db-url", "--parameter-version", "1", "--labels", "previous");
            assertThat(aws.ok("ssm", "get-parameter", "--name", "/my-app/dev/db-url:previous").at("/Parameter/Value").asText())
                    .isEqualTo("postgres://dev");
            assertThat(aws.ok("ssm", "get-parameter-history", "--name", "/my-app/dev/db-url").get("Parameters")).hasSize(2);
            assertThat(aws.ok("ssm", "describe-parameters").get("Parameters")).extracting(p -> p.get("Type").asText())
                    .containsExactly("SecureString", "String");
            aws.ok("ssm", "add-tags-to-resource", "--resource-type", "Parameter", "--resource-id", "/my-app/dev/db-url",
                    "--tags", "Key=env,Value=dev");
            assertThat(aws.ok("ssm", "list-tags-for-resource", "--resource-type", "Parameter", "--resource-id", "/my-app/dev/db-url")
                    .at("/TagList/0/Key").asText()).isEqualTo("env");
            assertThat(aws.ok("ssm", "get-service-setting", "--setting-id", "/ssm/parameter-store/default-parameter-tier")
                    .at("/ServiceSetting/SettingValue").asText()).isEqualTo("Standard");

            assertThat(aws.fails("ssm", "put-parameter", "--name", "/my-app/dev/db-url", "--value", "x"))
                    .contains("(ParameterAlreadyExists) when calling the PutParameter operation");
            assertThat(aws.fails("ssm", "get-parameter", "--name", "/my-app/none"))
                    .contains("(ParameterNotFound) when calling the GetParameter operation");
            assertThat(aws.fails("ssm", "put-parameter", "--name", "/ssm/x", "--value", "x", "--type", "String"))
                    .contains("(ValidationException)");
            assertThat(aws.fails("ssm", "describe-instance-information"))
                    .contains("(UnsupportedOperationException) when calling the DescribeInstanceInformation operation");
            assertThat(aws.ok("ssm", "get-parameters-by-path", "--path", "/aws/service/global-infrastructure/regions")
                    .get("Parameters")).extracting(p -> p.get("Value").asText()).contains("us-east-1", "eu-west-1");
            aws.ok("ssm", "delete-parameter", "--name", "/my-app/dev/db-url");
            assertThat(aws.fails("ssm", "delete-parameter", "--name", "/my-app/dev/db-url")).contains("(ParameterNotFound)");
        }
    }

    /** Every `aws $E ssm ...` line of the README's quick tour runs, in order, and the label line prints what its comment says. */
    @Test
    void readmeQuickTour_ssmLines_run() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md")).stream().map(String::strip)
                .filter(l -> l.startsWith("aws $E ssm ")).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            JsonNode history = null;
            for (String line : lines) {
                String command = line.substring("aws $E ".length()).replaceAll("\\s+#.*$", "");
                JsonNode out = aws.ok(Arrays.stream(command.split("\\s+")).toArray(String[]::new));
                if (line.contains("--query Parameter.Value")) {
                    assertThat(out.asText()).isEqualTo("postgres://dev");
                }
                if (line.contains("get-parameter-history")) {
                    history = out;
                }
            }
            assertThat(history).isNotNull();
            assertThat(history.get("Parameters")).hasSize(2);
        }
    }
}
