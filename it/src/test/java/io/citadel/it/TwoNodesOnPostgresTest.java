package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Two server processes share one PostgreSQL table: a user and key created by a third process (the
 * admin command) work on both, and a deactivation reaches both within the credential cache's TTL.
 */
class TwoNodesOnPostgresTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path home;
    @TempDir
    Path dataDir1;
    @TempDir
    Path dataDir2;
    @TempDir
    Path adminDir;

    @Test
    void userCreatedByAdmin_worksOnBothNodes_andDeactivationReachesBoth() throws Exception {
        String table = Postgres.uniqueTable("two_nodes");
        Map<String, String> env = Map.of("CITADEL_SEAL_PASSPHRASE", "shared passphrase for " + table);
        try (ServerProcess node1 = ServerProcess.start(home, env, START_TIMEOUT, storage(table, dataDir1, "--port", "0"));
             ServerProcess node2 = ServerProcess.start(home, env, START_TIMEOUT, storage(table, dataDir2, "--port", "0"))) {
            assertThat(node1.output()).contains("Citadel bootstrapped account");
            assertThat(node2.output()).doesNotContain("bootstrapped");
            assertThat(dataDir2.resolve(Node.BOOTSTRAP_FILE)).doesNotExist();
            Credentials root = Credentials.fromCredentialsFile(dataDir1.resolve(Node.BOOTSTRAP_FILE));

            String accounts = admin(env, table, "list-accounts").stdout().strip();
            assertThat(accounts).matches("\\d{12}\tadmin");
            String account = accounts.substring(0, 12);
            String created = admin(env, table, "create-user", "--account", account, "--name", "dana", "--path", "/shared/").stdout();
            assertThat(created).startsWith("User arn:aws:iam::" + account + ":user/shared/dana (AIDA");
            Credentials dana = Credentials.fromLines(admin(env, table, "create-access-key", "--account", account, "--user", "dana").stdout());

            List<JsonNode> results = new Boto3(home)
                    .identity(node1.endpoint(), "us-east-1", dana)
                    .identity(node2.endpoint(), "us-east-1", dana)
                    .identity(node1.endpoint(), "us-east-1", root)
                    .identity(node2.endpoint(), "eu-central-1", root)
                    .run();
            String danaId = created.substring(created.indexOf("(") + 1, created.indexOf(")"));
            Boto3Test.assertIdentity(results.get(0), danaId, account, "arn:aws:iam::" + account + ":user/shared/dana");
            Boto3Test.assertIdentity(results.get(1), danaId, account, "arn:aws:iam::" + account + ":user/shared/dana");
            Boto3Test.assertIdentity(results.get(2), account, account, "arn:aws:iam::" + account + ":root");
            Boto3Test.assertIdentity(results.get(3), account, account, "arn:aws:iam::" + account + ":root");

            try (StsClient danaOn1 = JavaSdk.sts(node1.endpoint(), dana);
                 StsClient danaOn2 = JavaSdk.sts(node2.endpoint(), dana);
                 StsClient rootOn2 = JavaSdk.sts(node2.endpoint(), root)) {
                assertThat(danaOn1.getCallerIdentity().userId()).isEqualTo(danaId);
                assertThat(danaOn2.getCallerIdentity().userId()).isEqualTo(danaId);

                assertThat(admin(env, table, "deactivate-access-key", "--account", account, "--access-key-id", dana.accessKeyId())
                        .stdout().strip()).isEqualTo(dana.accessKeyId() + " Inactive");

                Duration took = Poll.until("both nodes reject the deactivated key", Duration.ofSeconds(15),
                        () -> rejected(danaOn1) && rejected(danaOn2));
                assertThat(took).isLessThan(Duration.ofSeconds(10));
                assertThat(rootOn2.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + account + ":root");
            }
        } finally {
            Postgres.dropTable(table);
        }
    }

    private static boolean rejected(StsClient sts) {
        try {
            sts.getCallerIdentity();
            return false;
        } catch (StsException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
            return true;
        }
    }

    private Processes.Result admin(Map<String, String> env, String table, String... command) {
        List<String> args = new ArrayList<>(List.of("admin"));
        args.addAll(List.of(command));
        args.addAll(List.of(storage(table, adminDir)));
        return CitadelJar.run(home, env, args.toArray(String[]::new)).requireSuccess("citadel admin " + command[0]);
    }

    private static String[] storage(String table, Path dataDir, String... more) {
        List<String> args = new ArrayList<>(List.of("--storage", "postgres", "--postgres-url", Postgres.URL,
                "--postgres-table", table, "--data-dir", dataDir.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }
}
