package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `aws iam ...` against a node: the root bootstrap key manages IAM; users get exactly what their policies say. */
class IamCliTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The AWS CLI in a clean environment with one set of credentials (and a session token, or none). */
    record Aws(Node node, Path home, String accessKeyId, String secretAccessKey, String sessionToken) {

        static Aws as(Node node, Path home, Credentials credentials) {
            return new Aws(node, home, credentials.accessKeyId(), credentials.secretAccessKey(), null);
        }

        Processes.Result run(String... args) {
            Map<String, String> env = Python.cleanEnv(home);
            env.put("AWS_ACCESS_KEY_ID", accessKeyId);
            env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
            if (sessionToken != null) {
                env.put("AWS_SESSION_TOKEN", sessionToken);
            }
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            List<String> command = new ArrayList<>(Python.awsCli());
            command.addAll(List.of("--endpoint-url", node.endpoint(), "--output", "json"));
            command.addAll(List.of(args));
            return Processes.run(command, env, Duration.ofSeconds(60));
        }

        JsonNode ok(String... args) {
            Processes.Result result = run(args).requireSuccess("aws " + String.join(" ", args));
            try {
                return result.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(result.stdout());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A failing call: the CLI's "An error occurred (CODE) when calling the OP operation: MESSAGE" line. */
        String fails(String... args) {
            Processes.Result result = run(args);
            assertThat(result.exitCode()).as("aws %s: %s", String.join(" ", args), result).isNotZero();
            return result.stderr().strip();
        }
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    static String deny(String action, String resource) {
        return allow(action, resource).replace("\"Allow\"", "\"Deny\"");
    }

    static Credentials keyOf(JsonNode createAccessKey) {
        JsonNode key = createAccessKey.get("AccessKey");
        return new Credentials(key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
    }

    @Test
    void iamLifecycle_asRoot_throughTheCli(@TempDir Path dataDir, @TempDir Path home) {
        try (Node node = Node.start(dataDir)) {
            Aws root = Aws.as(node, home, node.bootstrapCredentials());
            String acct = node.adminAccountId();

            JsonNode user = root.ok("iam", "create-user", "--user-name", "alice", "--path", "/eng/").get("User");
            assertThat(user.get("Arn").asText()).isEqualTo("arn:aws:iam::" + acct + ":user/eng/alice");
            assertThat(user.get("UserId").asText()).startsWith("AIDA");
            Credentials key = keyOf(root.ok("iam", "create-access-key", "--user-name", "alice"));
            assertThat(key.accessKeyId()).startsWith("AKIA");

            String doc = allow("iam:ListUsers", "*");
            root.ok("iam", "put-user-policy", "--user-name", "alice", "--policy-name", "list", "--policy-document", doc);
            JsonNode got = root.ok("iam", "get-user-policy", "--user-name", "alice", "--policy-name", "list");
            assertThat(got.get("PolicyDocument").get("Statement").get(0).get("Action").asText()).isEqualTo("iam:ListUsers");

            JsonNode users = root.ok("iam", "list-users").get("Users");
            assertThat(users).extracting(u -> u.get("UserName").asText()).containsExactly("alice");

            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                    + acct + "\"},\"Action\":\"sts:AssumeRole\"}]}";
            JsonNode role = root.ok("iam", "create-role", "--role-name", "deployer", "--assume-role-policy-document", trust)
                    .get("Role");
            assertThat(role.get("Arn").asText()).isEqualTo("arn:aws:iam::" + acct + ":role/deployer");
            assertThat(role.get("RoleId").asText()).startsWith("AROA");

            JsonNode policy = root.ok("iam", "create-policy", "--policy-name", "readers", "--policy-document",
                    allow("iam:Get*", "*")).get("Policy");
            String policyArn = policy.get("Arn").asText();
            assertThat(policyArn).isEqualTo("arn:aws:iam::" + acct + ":policy/readers");
            root.ok("iam", "attach-role-policy", "--role-name", "deployer", "--policy-arn", policyArn);
            assertThat(root.ok("iam", "list-attached-role-policies", "--role-name", "deployer").get("AttachedPolicies"))
                    .extracting(p -> p.get("PolicyArn").asText()).containsExactly(policyArn);

            assertThat(root.fails("iam", "delete-user", "--user-name", "alice"))
                    .contains("An error occurred (DeleteConflict) when calling the DeleteUser operation");
            root.ok("iam", "delete-user-policy", "--user-name", "alice", "--policy-name", "list");
            root.ok("iam", "delete-access-key", "--user-name", "alice", "--access-key-id", key.accessKeyId());
            root.ok("iam", "delete-user", "--user-name", "alice");
            assertThat(root.ok("iam", "list-users").get("Users")).isEmpty();
        }
    }

    @Test
    void userWithoutPolicy_isDenied_thenGetsExactlyWhatItsPolicyNames_andDenyWins(@TempDir Path dataDir,
                                                                                @TempDir Path home) {
        try (Node node = Node.start(dataDir)) {
            Aws root = Aws.as(node, home, node.bootstrapCredentials());
            String acct = node.adminAccountId();
            root.ok("iam", "create-user", "--user-name", "bob");
            Aws bob = Aws.as(node, home, keyOf(root.ok("iam", "create-access-key", "--user-name", "bob")));
            String bobArn = "arn:aws:iam::" + acct + ":user/bob";

            assertThat(bob.fails("iam", "list-users")).isEqualTo("An error occurred (AccessDenied) when calling the "
                    + "ListUsers operation: User: " + bobArn + " is not authorized to perform: iam:ListUsers on resource: * "
                    + "because no identity-based policy allows the iam:ListUsers action");

            root.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "list", "--policy-document",
                    allow("iam:ListUsers", "*"));
            assertThat(bob.ok("iam", "list-users").get("Users")).extracting(u -> u.get("UserName").asText())
                    .containsExactly("bob");
            assertThat(bob.fails("iam", "create-user", "--user-name", "mallory")).isEqualTo("An error occurred "
                    + "(AccessDenied) when calling the CreateUser operation: User: " + bobArn + " is not authorized to "
                    + "perform: iam:CreateUser on resource: arn:aws:iam::" + acct + ":user/mallory because no "
                    + "identity-based policy allows the iam:CreateUser action");
            assertThat(bob.fails("iam", "delete-user-policy", "--user-name", "bob", "--policy-name", "list"))
                    .contains("(AccessDenied)");

            root.ok("iam", "put-user-policy", "--user-name", "bob", "--policy-name", "no", "--policy-document",
                    deny("iam:List*", "*"));
            assertThat(bob.fails("iam", "list-users")).isEqualTo("An error occurred (AccessDenied) when calling the "
                    + "ListUsers operation: User: " + bobArn + " is not authorized to perform: iam:ListUsers on resource: * "
                    + "with an explicit deny in an identity-based policy");
            assertThat(root.ok("iam", "list-users").get("Users")).hasSize(1);
        }
    }

    @Test
    void deniedCall_isAuditedWithAccessDeniedAndTheCaller(@TempDir Path dataDir, @TempDir Path home) throws IOException {
        try (Node node = Node.start(dataDir)) {
            Aws root = Aws.as(node, home, node.bootstrapCredentials());
            String acct = node.adminAccountId();
            root.ok("iam", "create-user", "--user-name", "carol");
            Aws carol = Aws.as(node, home, keyOf(root.ok("iam", "create-access-key", "--user-name", "carol")));
            assertThat(carol.fails("iam", "list-users")).contains("(AccessDenied)");

            JsonNode events = root.ok("cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=EventName,AttributeValue=ListUsers").get("Events");
            List<JsonNode> denied = new ArrayList<>();
            for (JsonNode event : events) {
                JsonNode record = JSON.readTree(event.get("CloudTrailEvent").asText());
                if ("AccessDenied".equals(record.path("errorCode").asText())) {
                    denied.add(record);
                }
            }
            assertThat(denied).as("events: %s", events).hasSize(1);
            JsonNode record = denied.getFirst();
            assertThat(record.get("eventName").asText()).isEqualTo("ListUsers");
            assertThat(record.get("eventSource").asText()).isEqualTo("iam.amazonaws.com");
            assertThat(record.get("userIdentity").get("arn").asText()).isEqualTo("arn:aws:iam::" + acct + ":user/carol");
            assertThat(record.get("errorMessage").asText()).contains("is not authorized to perform: iam:ListUsers");
        }
    }
}
