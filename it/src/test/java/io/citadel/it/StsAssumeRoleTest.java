package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.identity.AccessKey;
import io.citadel.identity.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `aws sts assume-role` in one account, and boto3 across accounts: a role is reached only when both sides allow. */
class StsAssumeRoleTest {

    @Test
    void assumeRole_sameAccount_trustNamingTheUser_issuesWorkingTemporaryCredentials(@TempDir Path dataDir,
                                                                                     @TempDir Path home) {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws root = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            String acct = node.adminAccountId();
            root.ok("iam", "create-user", "--user-name", "erin");
            IamCliTest.Aws erin = IamCliTest.Aws.as(node, home,
                    IamCliTest.keyOf(root.ok("iam", "create-access-key", "--user-name", "erin")));
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::" + acct + ":user/erin\"},\"Action\":\"sts:AssumeRole\"}]}";
            root.ok("iam", "create-role", "--role-name", "ops", "--assume-role-policy-document", trust);
            String roleArn = "arn:aws:iam::" + acct + ":role/ops";

            JsonNode out = erin.ok("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "deploy-1");
            JsonNode c = out.get("Credentials");
            assertThat(c.get("AccessKeyId").asText()).matches("ASIA[A-Z2-7]{16}");
            assertThat(out.get("AssumedRoleUser").get("Arn").asText())
                    .isEqualTo("arn:aws:sts::" + acct + ":assumed-role/ops/deploy-1");

            IamCliTest.Aws session = new IamCliTest.Aws(node, home, c.get("AccessKeyId").asText(),
                    c.get("SecretAccessKey").asText(), c.get("SessionToken").asText());
            JsonNode identity = session.ok("sts", "get-caller-identity");
            assertThat(identity.get("Arn").asText()).isEqualTo("arn:aws:sts::" + acct + ":assumed-role/ops/deploy-1");
            assertThat(identity.get("UserId").asText()).startsWith("AROA").endsWith(":deploy-1");
            assertThat(identity.get("Account").asText()).isEqualTo(acct);

            IamCliTest.Aws noToken = new IamCliTest.Aws(node, home, c.get("AccessKeyId").asText(),
                    c.get("SecretAccessKey").asText(), null);
            assertThat(noToken.fails("sts", "get-caller-identity")).contains("(InvalidClientTokenId)");

            // The role has no permissions policy: its session may not call IAM.
            assertThat(session.fails("iam", "list-users")).contains("(AccessDenied)")
                    .contains("User: arn:aws:sts::" + acct + ":assumed-role/ops/deploy-1 is not authorized to perform: "
                            + "iam:ListUsers on resource: *");

            root.ok("iam", "create-user", "--user-name", "frank");
            IamCliTest.Aws frank = IamCliTest.Aws.as(node, home,
                    IamCliTest.keyOf(root.ok("iam", "create-access-key", "--user-name", "frank")));
            assertThat(frank.fails("sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "x1"))
                    .contains("(AccessDenied)").contains("sts:AssumeRole on resource: " + roleArn);
        }
    }

    @Test
    void assumeRole_crossAccount_onlyWhenTheTrustPolicyAndTheCallersPolicyBothAllow(@TempDir Path dataDir,
                                                                                   @TempDir Path home) {
        try (Node node = Node.start(dataDir)) {
            var identity = node.identity();
            String a = node.adminAccountId();
            Account b = identity.createAccount("b");
            AccessKey rootB = identity.createAccessKey(b.id(), null);
            String roleArn = "arn:aws:iam::" + b.id() + ":role/shared";
            String trustA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::" + a + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
            String trustNobody = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::" + b.id() + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
            Credentials rootA = node.bootstrapCredentials();
            Credentials rootBKey = new Credentials(rootB.accessKeyId(), rootB.secretAccessKey());

            Boto boto = new Boto(node, home);
            boto.call(rootBKey, "iam", "create_role", params("RoleName", "shared", "AssumeRolePolicyDocument", trustA));
            boto.call(rootBKey, "iam", "create_role", params("RoleName", "closed", "AssumeRolePolicyDocument", trustNobody));
            boto.call(rootA, "iam", "create_user", params("UserName", "with"));
            boto.call(rootA, "iam", "create_user", params("UserName", "without"));
            boto.call(rootA, "iam", "put_user_policy", params("UserName", "with", "PolicyName", "assume",
                    "PolicyDocument", IamCliTest.allow("sts:AssumeRole", "arn:aws:iam::" + b.id() + ":role/*")));
            boto.call(rootA, "iam", "create_access_key", params("UserName", "with"));
            boto.call(rootA, "iam", "create_access_key", params("UserName", "without"));
            List<JsonNode> setup = boto.run();
            assertThat(setup).allSatisfy(r -> assertThat(r.get("ok").asBoolean()).as(r.toString()).isTrue());
            Credentials with = key(setup.get(5));
            Credentials without = key(setup.get(6));

            boto.call(with, "sts", "assume_role", params("RoleArn", roleArn, "RoleSessionName", "both"));
            boto.call(without, "sts", "assume_role", params("RoleArn", roleArn, "RoleSessionName", "trustonly"));
            boto.call(with, "sts", "assume_role", params("RoleArn", "arn:aws:iam::" + b.id() + ":role/closed",
                    "RoleSessionName", "identityonly"));
            List<JsonNode> results = boto.run();

            JsonNode both = results.get(0);
            assertThat(both.get("ok").asBoolean()).as(both.toString()).isTrue();
            assertThat(both.get("response").get("AssumedRoleUser").get("Arn").asText())
                    .isEqualTo("arn:aws:sts::" + b.id() + ":assumed-role/shared/both");
            JsonNode trustOnly = results.get(1);
            assertThat(trustOnly.get("ok").asBoolean()).isFalse();
            assertThat(trustOnly.get("status").asInt()).isEqualTo(403);
            assertThat(trustOnly.get("code").asText()).isEqualTo("AccessDenied");
            assertThat(trustOnly.get("message").asText()).isEqualTo("User: arn:aws:iam::" + a + ":user/without is not "
                    + "authorized to perform: sts:AssumeRole on resource: " + roleArn + " because no identity-based policy "
                    + "allows the sts:AssumeRole action");
            JsonNode identityOnly = results.get(2);
            assertThat(identityOnly.get("ok").asBoolean()).isFalse();
            assertThat(identityOnly.get("code").asText()).isEqualTo("AccessDenied");

            JsonNode c = both.get("response").get("Credentials");
            boto.call(c, "sts", "get_caller_identity", params());
            JsonNode caller = boto.run().getFirst();
            assertThat(caller.get("response").get("Arn").asText())
                    .isEqualTo("arn:aws:sts::" + b.id() + ":assumed-role/shared/both");
            assertThat(caller.get("response").get("Account").asText()).isEqualTo(b.id());
        }
    }

    private static Credentials key(JsonNode createAccessKey) {
        JsonNode k = createAccessKey.get("response").get("AccessKey");
        return new Credentials(k.get("AccessKeyId").asText(), k.get("SecretAccessKey").asText());
    }

    private static ObjectNode params(String... kv) {
        ObjectNode out = IamCliTest.JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    /** boto3 calls (src/test/resources/sts_boto_calls.py), collected and run in one Python process. */
    private static final class Boto {
        private final Node node;
        private final Path home;
        private final ArrayNode calls = IamCliTest.JSON.createArrayNode();

        Boto(Node node, Path home) {
            this.node = node;
            this.home = home;
        }

        void call(Credentials credentials, String service, String operation, ObjectNode params) {
            add(credentials.accessKeyId(), credentials.secretAccessKey(), null, service, operation, params);
        }

        /** A call with temporary credentials, as AssumeRole returned them. */
        void call(JsonNode temporary, String service, String operation, ObjectNode params) {
            add(temporary.get("AccessKeyId").asText(), temporary.get("SecretAccessKey").asText(),
                    temporary.get("SessionToken").asText(), service, operation, params);
        }

        private void add(String keyId, String secret, String token, String service, String operation, ObjectNode params) {
            ObjectNode call = calls.addObject().put("service", service).put("operation", operation)
                    .put("endpoint", node.endpoint()).put("region", "us-east-1")
                    .put("access_key", keyId).put("secret_key", secret);
            if (token != null) {
                call.put("session_token", token);
            }
            call.set("params", params);
        }

        List<JsonNode> run() {
            ObjectNode plan = IamCliTest.JSON.createObjectNode();
            plan.set("calls", calls);
            Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                    Python.cleanEnv(home), Duration.ofSeconds(90), plan.toString()).requireSuccess("sts_boto_calls.py");
            try {
                List<JsonNode> out = new ArrayList<>();
                IamCliTest.JSON.readTree(result.stdout()).forEach(out::add);
                assertThat(out).as("results of %s", calls).hasSize(calls.size());
                calls.removeAll();
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException("sts_boto_calls.py printed no JSON: " + result, e);
            }
        }

        private static Path script() {
            try {
                return Path.of(StsAssumeRoleTest.class.getResource("/sts_boto_calls.py").toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
