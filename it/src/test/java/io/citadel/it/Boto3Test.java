package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citadel.identity.AccessKey;
import io.citadel.identity.User;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** boto3 against a node: identities, every authentication failure STS reports, regions, presigned URLs and clock skew. */
class Boto3Test {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void getCallerIdentity_forRootAndPathedUser_matchesAwsFormats() {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            User alice = node.identity().createUser(account, "alice", "/team/");
            AccessKey aliceKey = node.identity().createAccessKey(account, "alice");

            List<JsonNode> results = new Boto3(home)
                    .identity(node.endpoint(), "us-east-1", node.bootstrapCredentials())
                    .identity(node.endpoint(), "us-east-1", credentials(aliceKey))
                    .run();

            assertIdentity(results.get(0), account, account, "arn:aws:iam::" + account + ":root");
            assertIdentity(results.get(1), alice.userId(), account, "arn:aws:iam::" + account + ":user/team/alice");
            assertThat(alice.userId()).matches("AIDA[A-Z2-7]{17}");
        }
    }

    @Test
    void getCallerIdentity_signedForAnotherRegion_works() {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();

            List<JsonNode> results = new Boto3(home)
                    .identity(node.endpoint(), "eu-west-1", node.bootstrapCredentials())
                    .identity(node.endpoint(), "ap-southeast-2", node.bootstrapCredentials())
                    .run();

            assertIdentity(results.get(0), account, account, "arn:aws:iam::" + account + ":root");
            assertIdentity(results.get(1), account, account, "arn:aws:iam::" + account + ":root");
        }
    }

    @Test
    void getCallerIdentity_withWrongSecretOrUnknownKey_failsLikeSts() {
        try (Node node = Node.start(dataDir)) {
            Credentials root = node.bootstrapCredentials();
            Credentials wrongSecret = root.withSecret("x".repeat(40));
            Credentials unknownKey = new Credentials("AKIA" + "Q".repeat(16), root.secretAccessKey());

            List<JsonNode> results = new Boto3(home)
                    .identity(node.endpoint(), "us-east-1", wrongSecret)
                    .identity(node.endpoint(), "us-east-1", unknownKey)
                    .run();

            assertError(results.get(0), 403, "SignatureDoesNotMatch");
            assertThat(results.get(0).get("message").asText())
                    .startsWith("The request signature we calculated does not match the signature you provided.")
                    .doesNotContain(root.secretAccessKey());
            assertError(results.get(1), 403, "InvalidClientTokenId");
            assertThat(results.get(1).get("message").asText()).isEqualTo("The security token included in the request is invalid.");
        }
    }

    @Test
    void getCallerIdentity_afterKeyIsDeactivated_isRejectedOnceTheCacheExpires() {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            node.identity().createUser(account, "bob", "/");
            AccessKey bobKey = node.identity().createAccessKey(account, "bob");
            Boto3 boto3 = new Boto3(home);
            assertThat(boto3.identity(node.endpoint(), "us-east-1", credentials(bobKey)).run().getFirst().get("ok").asBoolean())
                    .isTrue();

            node.identity().setAccessKeyStatus(account, bobKey.accessKeyId(), AccessKey.Status.Inactive);
            node.clock().advance(Duration.ofSeconds(3)); // past the 2 s credential cache

            assertError(boto3.identity(node.endpoint(), "us-east-1", credentials(bobKey)).run().getFirst(),
                    403, "InvalidClientTokenId");
        }
    }

    @Test
    void presignedUrl_works_untilItExpires() {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            Boto3 boto3 = new Boto3(home);
            String url = boto3.presign(node.endpoint(), "us-east-1", node.bootstrapCredentials(), 900).run()
                    .getFirst().get("url").asText();
            assertThat(url).startsWith(node.endpoint() + "/?").contains("X-Amz-Signature=").contains("Action=GetCallerIdentity");

            JsonNode fresh = boto3.fetch(url).run().getFirst();
            assertThat(fresh.get("status").asInt()).as("%s", fresh).isEqualTo(200);
            assertThat(fresh.get("body").asText()).contains("<Arn>arn:aws:iam::" + account + ":root</Arn>")
                    .contains("<Account>" + account + "</Account>");

            node.clock().advance(Duration.ofHours(2));
            JsonNode expired = boto3.fetch(url).run().getFirst();

            assertThat(expired.get("status").asInt()).as("%s", expired).isEqualTo(400);
            assertThat(expired.get("body").asText()).contains("<Code>RequestExpired</Code>")
                    .contains("<Message>Request has expired</Message>");
        }
    }

    @Test
    void requestSigned20MinutesAgo_failsWithSignatureExpired() {
        try (Node node = Node.start(dataDir)) {
            node.clock().advance(Duration.ofMinutes(20)); // to the server, the client's "now" is 20 minutes ago

            JsonNode result = new Boto3(home).identity(node.endpoint(), "us-east-1", node.bootstrapCredentials()).run().getFirst();

            assertError(result, 403, "SignatureDoesNotMatch");
            assertThat(result.get("message").asText()).startsWith("Signature expired: ").contains(" is now earlier than ");
        }
    }

    @Test
    void requestSigned20MinutesAhead_failsWithSignatureNotYetCurrent() {
        try (Node node = Node.start(dataDir)) {
            node.clock().advance(Duration.ofMinutes(-20));

            JsonNode result = new Boto3(home).identity(node.endpoint(), "us-east-1", node.bootstrapCredentials()).run().getFirst();

            assertError(result, 403, "SignatureDoesNotMatch");
            assertThat(result.get("message").asText()).startsWith("Signature not yet current: ");
        }
    }

    static Credentials credentials(AccessKey key) {
        return new Credentials(key.accessKeyId(), key.secretAccessKey());
    }

    static void assertIdentity(JsonNode result, String userId, String account, String arn) {
        assertThat(result.get("ok").asBoolean()).as("%s", result).isTrue();
        assertThat(result.get("status").asInt()).isEqualTo(200);
        JsonNode identity = result.get("identity");
        assertThat(identity.get("UserId").asText()).isEqualTo(userId);
        assertThat(identity.get("Account").asText()).isEqualTo(account);
        assertThat(identity.get("Arn").asText()).isEqualTo(arn);
    }

    static void assertError(JsonNode result, int status, String code) {
        assertThat(result.get("ok").asBoolean()).as("%s", result).isFalse();
        assertThat(result.path("code").asText()).as("%s", result).isEqualTo(code);
        assertThat(result.path("status").asInt()).as("%s", result).isEqualTo(status);
    }
}
