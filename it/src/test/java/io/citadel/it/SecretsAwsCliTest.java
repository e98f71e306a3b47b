package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Secrets Manager through `aws secretsmanager`: a representative tour and the errors the CLI prints. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SecretsAwsCliTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void awsSecretsmanager_createGetPutDescribeListDelete_andErrors() {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            assertThat(aws.ok("secretsmanager", "create-secret", "--name", "cli/db", "--secret-string", "cli-one").get("ARN").asText())
                    .contains(":secret:cli/db-");
            assertThat(aws.ok("secretsmanager", "get-secret-value", "--secret-id", "cli/db").get("SecretString").asText())
                    .isEqualTo("cli-one");
            aws.ok("secretsmanager", "put-secret-value", "--secret-id", "cli/db", "--secret-string", "cli-two");
            assertThat(aws.ok("secretsmanager", "get-secret-value", "--secret-id", "cli/db", "--version-stage", "AWSPREVIOUS")
                    .get("SecretString").asText()).isEqualTo("cli-one");
            assertThat(aws.ok("secretsmanager", "describe-secret", "--secret-id", "cli/db").get("VersionIdsToStages")).hasSize(2);
            assertThat(aws.ok("secretsmanager", "list-secrets").get("SecretList")).hasSize(1);
            assertThat(aws.ok("secretsmanager", "get-random-password", "--password-length", "16", "--exclude-punctuation")
                    .get("RandomPassword").asText()).hasSize(16);
            aws.ok("secretsmanager", "update-secret", "--secret-id", "cli/db", "--description", "from the cli");
            aws.ok("secretsmanager", "tag-resource", "--secret-id", "cli/db", "--tags", "Key=env,Value=dev");
            assertThat(aws.ok("secretsmanager", "describe-secret", "--secret-id", "cli/db").at("/Tags/0/Value").asText()).isEqualTo("dev");
            assertThat(aws.ok("secretsmanager", "delete-secret", "--secret-id", "cli/db", "--recovery-window-in-days", "7")
                    .has("DeletionDate")).isTrue();
            assertThat(aws.fails("secretsmanager", "get-secret-value", "--secret-id", "cli/db"))
                    .contains("(InvalidRequestException) when calling the GetSecretValue operation: You can't perform this operation "
                            + "on the secret because it was marked for deletion.");
            aws.ok("secretsmanager", "restore-secret", "--secret-id", "cli/db");
            assertThat(aws.fails("secretsmanager", "create-secret", "--name", "cli/db", "--secret-string", "x"))
                    .contains("(ResourceExistsException) when calling the CreateSecret operation: The operation failed because the "
                            + "secret cli/db already exists.");
            assertThat(aws.fails("secretsmanager", "describe-secret", "--secret-id", "cli/none"))
                    .contains("(ResourceNotFoundException) when calling the DescribeSecret operation: Secrets Manager can't find the "
                            + "specified secret.");
            aws.ok("secretsmanager", "delete-secret", "--secret-id", "cli/db", "--force-delete-without-recovery");
            assertThat(aws.ok("secretsmanager", "list-secrets", "--include-planned-deletion").get("SecretList")).isEmpty();
        }
    }
}
