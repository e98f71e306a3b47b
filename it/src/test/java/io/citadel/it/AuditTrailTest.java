package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.identity.AccessKey;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail through real clients: `aws cloudtrail lookup-events`, redaction, isolation, `citadel audit verify`. */
class AuditTrailTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    private JsonNode aws(Node node, Credentials credentials, String... args) throws Exception {
        Map<String, String> env = Python.cleanEnv(home);
        env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        List<String> command = new ArrayList<>(Python.awsCli());
        command.addAll(List.of("--endpoint-url", node.endpoint(), "--output", "json"));
        command.addAll(List.of(args));
        Processes.Result result = Processes.run(command, env, Duration.ofSeconds(60)).requireSuccess("aws " + args[0]);
        return result.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.stdout());
    }

    @Test
    void lookupEvents_findsTheCallerOwnCalls_newestFirst_withFullCloudTrailRecords() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            aws(node, root, "sts", "get-caller-identity");
            aws(node, root, "iam", "create-user", "--user-name", "audited");

            JsonNode found = aws(node, root, "cloudtrail", "lookup-events",
                    "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateUser");
            assertThat(found.get("Events")).hasSize(1);
            JsonNode event = found.get("Events").get(0);
            assertThat(event.get("EventName").asText()).isEqualTo("CreateUser");
            assertThat(event.get("EventSource").asText()).isEqualTo("iam.amazonaws.com");
            assertThat(event.get("AccessKeyId").asText()).isEqualTo(root.accessKeyId());
            JsonNode record = JSON.readTree(event.get("CloudTrailEvent").asText());
            assertThat(record.at("/userIdentity/arn").asText()).isEqualTo("arn:aws:iam::" + node.adminAccountId() + ":root");
            assertThat(record.at("/requestParameters/UserName").asText()).isEqualTo("audited");
            assertThat(record.get("readOnly").asBoolean()).isFalse();
            assertThat(record.get("eventType").asText()).isEqualTo("AwsApiCall");
            assertThat(record.get("recipientAccountId").asText()).isEqualTo(node.adminAccountId());
            String userArn = "arn:aws:iam::" + node.adminAccountId() + ":user/audited";
            assertThat(record.at("/resources/0/ARN").asText()).isEqualTo(userArn);
            JsonNode byResource = aws(node, root, "cloudtrail", "lookup-events",
                    "--lookup-attributes", "AttributeKey=ResourceName,AttributeValue=" + userArn);
            assertThat(byResource.get("Events")).singleElement()
                    .satisfies(e -> assertThat(e.get("EventName").asText()).isEqualTo("CreateUser"));

            JsonNode all = aws(node, root, "cloudtrail", "lookup-events", "--max-results", "50");
            List<String> names = new ArrayList<>();
            all.get("Events").forEach(e -> names.add(e.get("EventName").asText()));
            assertThat(names).containsSubsequence("CreateUser", "GetCallerIdentity");
        }
    }

    @Test
    void secretsInResponses_areRedacted_andAnotherAccountSeesNothing() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            aws(node, root, "iam", "create-user", "--user-name", "keyed");
            JsonNode created = aws(node, root, "iam", "create-access-key", "--user-name", "keyed");
            String secret = created.at("/AccessKey/SecretAccessKey").asText();
            assertThat(secret).hasSize(40);

            JsonNode found = aws(node, root, "cloudtrail", "lookup-events",
                    "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateAccessKey");
            String record = found.get("Events").get(0).get("CloudTrailEvent").asText();
            assertThat(record).doesNotContain(secret).contains("HIDDEN_DUE_TO_SECURITY_REASONS")
                    .contains(created.at("/AccessKey/AccessKeyId").asText());

            String otherAccount = node.identity().createAccount("other").id();
            AccessKey otherRoot = node.identity().createAccessKey(otherAccount, null);
            JsonNode seen = aws(node, new Credentials(otherRoot.accessKeyId(), otherRoot.secretAccessKey()),
                    "cloudtrail", "lookup-events", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateAccessKey");
            assertThat(seen.get("Events")).isEmpty();
        }
    }

    @Test
    void lookupEvents_withoutCloudtrailPermission_isAccessDenied() throws Exception {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            node.identity().createUser(account, "nosy", "/");
            AccessKey key = node.identity().createAccessKey(account, "nosy");
            Map<String, String> env = Python.cleanEnv(home);
            env.put("AWS_ACCESS_KEY_ID", key.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", key.secretAccessKey());
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            List<String> command = new ArrayList<>(Python.awsCli());
            command.addAll(List.of("--endpoint-url", node.endpoint(), "cloudtrail", "lookup-events"));
            Processes.Result denied = Processes.run(command, env, Duration.ofSeconds(60));
            assertThat(denied.exitCode()).isNotZero();
            assertThat(denied.stderr()).contains("(AccessDeniedException)")
                    .contains("is not authorized to perform: cloudtrail:LookupEvents");
        }
    }

    @Test
    void auditVerify_passesOnAnIntactTrail_andNamesADeletedEvent() throws Exception {
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            for (int i = 0; i < 3; i++) {
                aws(node, root, "sts", "get-caller-identity");
            }
        }
        Processes.Result intact = CitadelJar.run(home, Map.of(), "audit", "verify", "--data-dir", dataDir.toString());
        assertThat(intact.exitCode()).as(intact.toString()).isZero();
        assertThat(intact.stdout()).startsWith("ok: ");

        String deleted;
        try (SqliteStorage raw = SqliteStorage.open(dataDir)) {
            List<io.citadel.storage.Entry> log = raw.scan("global/audit/log/", null, 1000).entries();
            assertThat(log).as("audit log records").hasSizeGreaterThanOrEqualTo(3);
            deleted = log.get(1).key();
            assertThat(raw.delete(deleted)).isTrue();
        }
        Processes.Result tampered = CitadelJar.run(home, Map.of(), "audit", "verify", "--data-dir", dataDir.toString());
        assertThat(tampered.exitCode()).as(tampered.toString()).isEqualTo(1);
        assertThat(tampered.stdout()).startsWith("TAMPERED: DELETED at sequence 2");
    }
}
