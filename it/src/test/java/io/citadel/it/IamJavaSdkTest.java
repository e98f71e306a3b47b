package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;

/** The AWS SDK for Java v2 IAM client: denials arrive as AccessDenied, 403, with AWS's message. */
class IamJavaSdkTest {

    private static IamClient iam(Node node, String accessKeyId, String secret) {
        return IamClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @Test
    void listUsers_deniedWithout_thenAllowedWithAnIdentityPolicy(@TempDir Path dataDir) {
        try (Node node = Node.start(dataDir)) {
            Credentials rootKey = node.bootstrapCredentials();
            String acct = node.adminAccountId();
            try (IamClient root = iam(node, rootKey.accessKeyId(), rootKey.secretAccessKey())) {
                root.createUser(b -> b.userName("dave").path("/ops/"));
                AccessKey key = root.createAccessKey(b -> b.userName("dave")).accessKey();
                try (IamClient dave = iam(node, key.accessKeyId(), key.secretAccessKey())) {
                    assertThatThrownBy(dave::listUsers).isInstanceOfSatisfying(IamException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + acct
                                + ":user/ops/dave is not authorized to perform: iam:ListUsers on resource: * because no "
                                + "identity-based policy allows the iam:ListUsers action");
                    });
                    root.putUserPolicy(b -> b.userName("dave").policyName("list")
                            .policyDocument(IamCliTest.allow("iam:ListUsers", "*")));
                    assertThat(dave.listUsers().users()).extracting(u -> u.userName()).containsExactly("dave");
                    assertThatThrownBy(() -> dave.getUser(b -> b.userName("dave")))
                            .isInstanceOfSatisfying(IamException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .contains("iam:GetUser on resource: arn:aws:iam::" + acct + ":user/ops/dave because"));
                }
            }
        }
    }
}
