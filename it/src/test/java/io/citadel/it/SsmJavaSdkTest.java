package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.HierarchyLevelLimitExceededException;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Parameter Store through the AWS SDK for Java v2: the operations, their AWS errors, paging, IAM on
 * paths, and SecureString through KMS, including a key of another account used only via ssm.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SsmJavaSdkTest {

    @TempDir
    static Path dataDir;

    private static Node node;
    private static SsmClient ssm;
    private static IamClient iam;
    private static String account;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        ssm = SsmClients.ssm(node, node.bootstrapCredentials());
        iam = KmsClients.iam(node, node.bootstrapCredentials());
        account = node.adminAccountId();
    }

    @AfterAll
    static void stop() {
        ssm.close();
        iam.close();
        node.close();
    }

    private static String errorCode(Runnable call) {
        try {
            call.run();
        } catch (SsmException e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("expected an SsmException");
    }

    @Test
    void putGetOverwriteHistoryLabels_andTheirErrors() {
        assertThat(ssm.putParameter(b -> b.name("/sdk/app/url").value("v1").type(ParameterType.STRING)).version()).isEqualTo(1L);
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/sdk/app/url").value("v2").type(ParameterType.STRING)))
                .isInstanceOf(ParameterAlreadyExistsException.class);
        assertThat(ssm.putParameter(b -> b.name("/sdk/app/url").value("v2").overwrite(true)).version()).isEqualTo(2L);
        Parameter latest = ssm.getParameter(b -> b.name("/sdk/app/url")).parameter();
        assertThat(latest.value()).isEqualTo("v2");
        assertThat(latest.arn()).isEqualTo("arn:aws:ssm:us-east-1:" + account + ":parameter/sdk/app/url");
        assertThat(ssm.getParameter(b -> b.name("/sdk/app/url:1")).parameter().value()).isEqualTo("v1");

        var labelled = ssm.labelParameterVersion(b -> b.name("/sdk/app/url").parameterVersion(1L).labels("stable", "9bad"));
        assertThat(labelled.invalidLabels()).containsExactly("9bad");
        Parameter stable = ssm.getParameter(b -> b.name("/sdk/app/url:stable")).parameter();
        assertThat(stable.value()).isEqualTo("v1");
        assertThat(stable.selector()).isEqualTo(":stable");
        assertThat(ssm.getParameterHistory(b -> b.name("/sdk/app/url")).parameters())
                .extracting(h -> h.version() + "=" + h.value() + h.labels()).containsExactly("1=v1[stable]", "2=v2[]");
        assertThat(ssm.unlabelParameterVersion(b -> b.name("/sdk/app/url").parameterVersion(1L).labels("stable")).removedLabels())
                .containsExactly("stable");

        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/sdk/none"))).isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/sdk/app/url:9"))).isInstanceOf(ParameterVersionNotFoundException.class);
        assertThatThrownBy(() -> ssm.putParameter(b -> b.name("/x".repeat(16)).value("v")))
                .isInstanceOf(HierarchyLevelLimitExceededException.class);
        assertThat(errorCode(() -> ssm.putParameter(b -> b.name("/aws/mine").value("v")))).isEqualTo("ValidationException");
        assertThat(errorCode(() -> ssm.putParameter(b -> b.name("no/slash").value("v")))).isEqualTo("ValidationException");
        assertThat(errorCode(() -> ssm.putParameter(b -> b.name("/sdk/pattern").value("abc").allowedPattern("^[0-9]+$"))))
                .isEqualTo("ParameterPatternMismatchException");
        assertThat(errorCode(() -> ssm.putParameter(b -> b.name("/sdk/big").value("x".repeat(5000)))))
                .isEqualTo("ValidationException");
        assertThat(ssm.putParameter(b -> b.name("/sdk/big").value("x".repeat(5000)).tier(ParameterTier.ADVANCED)).tier())
                .isEqualTo(ParameterTier.ADVANCED);
        assertThat(errorCode(() -> ssm.sendCommand(b -> b.documentName("AWS-RunShellScript"))))
                .isEqualTo("UnsupportedOperationException");
    }

    @Test
    void byPathDescribeDeleteAndTags_throughThePaginators() {
        for (int i = 0; i < 12; i++) {
            int n = i;
            ssm.putParameter(b -> b.name("/sdk/tree/" + (n % 2 == 0 ? "even/" : "") + "p" + n).value("v" + n));
        }
        List<String> all = new ArrayList<>();
        ssm.getParametersByPathPaginator(b -> b.path("/sdk/tree").recursive(true).maxResults(5))
                .forEach(page -> page.parameters().forEach(p -> all.add(p.name())));
        assertThat(all).hasSize(12);
        assertThat(ssm.getParametersByPath(b -> b.path("/sdk/tree")).parameters()).hasSize(6);
        assertThat(ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Path").option("Recursive").values("/sdk/tree/even"))
                .maxResults(50)).parameters()).hasSize(6);
        assertThat(errorCode(() -> ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Bogus").values("x")))))
                .as("outside the model's key pattern").isEqualTo("ValidationException");
        assertThat(errorCode(() -> ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Label").values("x")))))
                .as("Label filters GetParametersByPath only").isEqualTo("InvalidFilterKey");

        ssm.addTagsToResource(b -> b.resourceType("Parameter").resourceId("/sdk/tree/p1").tags(t -> t.key("team").value("blue")));
        assertThat(ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId("/sdk/tree/p1")).tagList())
                .extracting(t -> t.key() + "=" + t.value()).containsExactly("team=blue");
        var deleted = ssm.deleteParameters(b -> b.names("/sdk/tree/p1", "/sdk/tree/nope"));
        assertThat(deleted.deletedParameters()).containsExactly("/sdk/tree/p1");
        assertThat(deleted.invalidParameters()).containsExactly("/sdk/tree/nope");
        var got = ssm.getParameters(b -> b.names("/sdk/tree/p3", "/sdk/tree/p1"));
        assertThat(got.parameters()).extracting(Parameter::name).containsExactly("/sdk/tree/p3");
        assertThat(got.invalidParameters()).containsExactly("/sdk/tree/p1");
    }

    @Test
    void serviceSettings_defaultTierAppliesToNewParameters_andResets() {
        String id = "/ssm/parameter-store/default-parameter-tier";
        assertThat(ssm.getServiceSetting(b -> b.settingId(id)).serviceSetting().settingValue()).isEqualTo("Standard");
        ssm.updateServiceSetting(b -> b.settingId(id).settingValue("Advanced"));
        try {
            assertThat(ssm.getServiceSetting(b -> b.settingId(id)).serviceSetting().status()).isEqualTo("Customized");
            assertThat(ssm.putParameter(b -> b.name("/sdk/settings/advanced").value("x")).tier()).isEqualTo(ParameterTier.ADVANCED);
        } finally {
            assertThat(ssm.resetServiceSetting(b -> b.settingId(id)).serviceSetting().settingValue()).isEqualTo("Standard");
        }
        assertThat(ssm.putParameter(b -> b.name("/sdk/settings/standard").value("x")).tier()).isEqualTo(ParameterTier.STANDARD);
        assertThat(errorCode(() -> ssm.getServiceSetting(b -> b.settingId("/ssm/managed-instance/activation-tier"))))
                .isEqualTo("ServiceSettingNotFound");
        assertThat(errorCode(() -> ssm.listTagsForResource(b -> b.resourceType("Parameter").resourceId("/sdk/settings/none"))))
                .isEqualTo("InvalidResourceId");
        assertThat(errorCode(() -> ssm.listTagsForResource(b -> b.resourceType("Document").resourceId("/sdk/settings/standard"))))
                .isEqualTo("InvalidResourceType");
        assertThat(ssm.getParameter(b -> b.name("/aws/service/global-infrastructure/regions/us-east-1/longName")).parameter().value())
                .isEqualTo("US East (N. Virginia)");
    }

    @Test
    void iamPolicyOnAPath_allowsGetParametersByPathThere_only() {
        ssm.putParameter(b -> b.name("/sdk/iam/team/a").value("1"));
        ssm.putParameter(b -> b.name("/sdk/iam/other/b").value("2"));
        iam.createUser(b -> b.userName("pathreader"));
        var key = iam.createAccessKey(b -> b.userName("pathreader")).accessKey();
        iam.putUserPolicy(b -> b.userName("pathreader").policyName("team").policyDocument(
                IamCliTest.allow("ssm:GetParametersByPath", "arn:aws:ssm:us-east-1:" + account + ":parameter/sdk/iam/team")));
        try (SsmClient reader = SsmClients.ssm(node, new Credentials(key.accessKeyId(), key.secretAccessKey()))) {
            assertThat(reader.getParametersByPath(b -> b.path("/sdk/iam/team")).parameters()).extracting(Parameter::value)
                    .containsExactly("1");
            assertThatThrownBy(() -> reader.getParametersByPath(b -> b.path("/sdk/iam/other")))
                    .isInstanceOfSatisfying(SsmException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("ssm:GetParametersByPath");
                    });
        }
    }

    @Test
    void secureString_decryptsOnlyWithDecryption_andLargeValuesRoundTrip() {
        ssm.putParameter(b -> b.name("/sdk/secret/db").value("sdk-secret-value").type(ParameterType.SECURE_STRING));
        assertThat(ssm.getParameter(b -> b.name("/sdk/secret/db").withDecryption(true)).parameter().value()).isEqualTo("sdk-secret-value");
        assertThat(ssm.getParameter(b -> b.name("/sdk/secret/db")).parameter().value()).isNotEqualTo("sdk-secret-value");
        var meta = ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Name").values("/sdk/secret/db"))).parameters();
        assertThat(meta).singleElement().satisfies(m -> assertThat(m.keyId()).isEqualTo("alias/aws/ssm"));
        try (var trail = KmsClients.cloudTrail(node, node.bootstrapCredentials())) {
            var events = trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey("EventName").attributeValue("PutParameter"))
                    .maxResults(50)).events();
            assertThat(events).anySatisfy(e -> assertThat(e.cloudTrailEvent()).contains("/sdk/secret/db"));
            assertThat(events).allSatisfy(e -> assertThat(e.cloudTrailEvent()).doesNotContain("sdk-secret-value"));
            var reads = trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey("EventName").attributeValue("GetParameter"))
                    .maxResults(50)).events();
            assertThat(reads).isNotEmpty().allSatisfy(e -> assertThat(e.cloudTrailEvent()).doesNotContain("sdk-secret-value"));
        }
        String big = "B".repeat(7000);
        ssm.putParameter(b -> b.name("/sdk/secret/big").value(big).type(ParameterType.SECURE_STRING).tier(ParameterTier.ADVANCED));
        assertThat(ssm.getParameter(b -> b.name("/sdk/secret/big").withDecryption(true)).parameter().value()).isEqualTo(big);
    }

    /**
     * The KMS issue's cross-account proof: account A's key lets B's role use it only via ssm from B; the role
     * (credentials from real STS AssumeRole) reads B's SecureString encrypted with A's key, but a direct Decrypt
     * of the same ciphertext is denied.
     */
    @Test
    void roleInAccountB_decryptsThroughParameterStore_withAccountAsKey_butNotDirectly() {
        String a = account;
        String b = node.identity().createAccount("ssm-b").id();
        var rootBKey = node.identity().createAccessKey(b, null);
        Credentials rootB = new Credentials(rootBKey.accessKeyId(), rootBKey.secretAccessKey());
        String roleArn = "arn:aws:iam::" + b + ":role/app-role";
        try (KmsClient kmsA = KmsClients.kms(node, node.bootstrapCredentials()); IamClient iamB = KmsClients.iam(node, rootB);
             StsClient stsB = JavaSdk.sts(node.endpoint(), rootB)) {
            String keyId = kmsA.createKey(k -> k.description("shared with B via ssm").policy("""
                    {"Version":"2012-10-17","Statement":[
                     {"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%1$s:root"},
                      "Action":"kms:*","Resource":"*"},
                     {"Sid":"Allow use of the key with destination account","Effect":"Allow","Principal":{"AWS":"%2$s"},
                      "Action":["kms:Decrypt","kms:CreateGrant"],"Resource":"*",
                      "Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com","kms:CallerAccount":"%3$s"}}},
                     {"Sid":"Allow the role to put SecureStrings via ssm","Effect":"Allow","Principal":{"AWS":"%2$s"},
                      "Action":["kms:Encrypt","kms:GenerateDataKey"],"Resource":"*",
                      "Condition":{"StringEquals":{"kms:ViaService":"ssm.us-east-1.amazonaws.com","kms:CallerAccount":"%3$s"}}}]}
                    """.formatted(a, roleArn, b))).keyMetadata().keyId();
            String keyArn = "arn:aws:kms:us-east-1:" + a + ":key/" + keyId;

            iamB.createRole(r -> r.roleName("app-role").assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + b
                            + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
            iamB.putRolePolicy(r -> r.roleName("app-role").policyName("use").policyDocument("""
                    {"Version":"2012-10-17","Statement":[
                     {"Effect":"Allow","Action":["ssm:PutParameter","ssm:GetParameter"],"Resource":"arn:aws:ssm:us-east-1:%s:parameter/cross/*"},
                     {"Effect":"Allow","Action":["kms:Decrypt","kms:Encrypt","kms:GenerateDataKey"],"Resource":"%s"}]}
                    """.formatted(b, keyArn)));
            AssumeRoleResponse assumed = stsB.assumeRole(r -> r.roleArn(roleArn).roleSessionName("reader"));
            var session = StaticCredentialsProvider.create(AwsSessionCredentials.create(assumed.credentials().accessKeyId(),
                    assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken()));

            try (SsmClient roleSsm = SsmClients.ssm(node, session);
                 KmsClient roleKms = KmsClient.builder().endpointOverride(URI.create(node.endpoint())).region(Region.US_EAST_1)
                         .credentialsProvider(session)
                         .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                         .build()) {
                roleSsm.putParameter(p -> p.name("/cross/db-password").value("cross-account-secret").type(ParameterType.SECURE_STRING)
                        .keyId(keyArn));
                assertThat(roleSsm.getParameter(g -> g.name("/cross/db-password").withDecryption(true)).parameter().value())
                        .isEqualTo("cross-account-secret");

                String ciphertext = roleSsm.getParameter(g -> g.name("/cross/db-password")).parameter().value();
                SdkBytes blob = SdkBytes.fromByteArray(java.util.Base64.getDecoder().decode(ciphertext));
                String parameterArn = "arn:aws:ssm:us-east-1:" + b + ":parameter/cross/db-password";
                assertThatThrownBy(() -> roleKms.decrypt(d -> d.ciphertextBlob(blob)
                        .encryptionContext(java.util.Map.of("PARAMETER_ARN", parameterArn))))
                        .isInstanceOfSatisfying(KmsException.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                            assertThat(e.awsErrorDetails().errorMessage()).contains("kms:Decrypt").contains(keyArn);
                        });
            }
        }
    }
}
