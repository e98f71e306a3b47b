package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.citadel.identity.AccessKey;
import io.citadel.identity.User;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/** The AWS SDK for Java v2 StsClient against a node. */
class JavaSdkTest {

    @TempDir
    Path dataDir;

    @Test
    void getCallerIdentity_forRootAndUser_matchesAwsFormats() {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            User carol = node.identity().createUser(account, "carol", "/ops/eu/");
            AccessKey carolKey = node.identity().createAccessKey(account, "carol");

            try (StsClient root = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials());
                 StsClient user = JavaSdk.sts(node.endpoint(), Boto3Test.credentials(carolKey))) {
                GetCallerIdentityResponse rootIdentity = root.getCallerIdentity();
                GetCallerIdentityResponse userIdentity = user.getCallerIdentity();

                assertThat(rootIdentity.userId()).isEqualTo(account);
                assertThat(rootIdentity.account()).isEqualTo(account);
                assertThat(rootIdentity.arn()).isEqualTo("arn:aws:iam::" + account + ":root");
                assertThat(rootIdentity.responseMetadata().requestId()).isNotBlank();
                assertThat(userIdentity.userId()).isEqualTo(carol.userId()).startsWith("AIDA");
                assertThat(userIdentity.account()).isEqualTo(account);
                assertThat(userIdentity.arn()).isEqualTo("arn:aws:iam::" + account + ":user/ops/eu/carol");
            }
        }
    }

    @Test
    void getCallerIdentity_withWrongSecret_throwsSignatureDoesNotMatch() {
        try (Node node = Node.start(dataDir);
             StsClient sts = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials().withSecret("A".repeat(40)))) {
            StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("The request signature we calculated does not match");
            assertThat(e.requestId()).isNotBlank();
        }
    }

    @Test
    void getCallerIdentity_withUnknownKey_throwsInvalidClientTokenId() {
        try (Node node = Node.start(dataDir);
             StsClient sts = JavaSdk.sts(node.endpoint(), new Credentials("AKIA" + "2".repeat(16), "B".repeat(40)))) {
            StsException e = catchThrowableOfType(StsException.class, sts::getCallerIdentity);

            assertThat(e).isNotNull();
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
        }
    }
}
