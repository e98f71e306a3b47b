package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.PublicPolicyException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Secrets Manager through the AWS SDK for Java v2: the main flows and the errors the SDK maps to its exception types. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsJavaSdkTest {

    @TempDir
    static Path dataDir;

    private static Node node;
    private static SecretsManagerClient sm;
    private static IamClient iam;
    private static String account;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        sm = SecretsClients.secrets(node, node.bootstrapCredentials());
        iam = KmsClients.iam(node, node.bootstrapCredentials());
        account = node.adminAccountId();
    }

    @AfterAll
    static void stop() {
        sm.close();
        iam.close();
        node.close();
    }

    private static String code(Runnable call) {
        try {
            call.run();
        } catch (SecretsManagerException e) {
            return e.awsErrorDetails().errorCode();
        }
        throw new AssertionError("expected a SecretsManagerException");
    }

    @Test
    void createGetPutStagesDescribeList() {
        var created = sm.createSecret(b -> b.name("sdk/db").secretString("{\"password\":\"one\"}").description("db")
                .tags(Tag.builder().key("env").value("dev").build()));
        assertThat(created.arn()).startsWith("arn:aws:secretsmanager:us-east-1:" + account + ":secret:sdk/db-");
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/db")).secretString()).isEqualTo("{\"password\":\"one\"}");
        var put = sm.putSecretValue(b -> b.secretId(created.arn()).secretString("{\"password\":\"two\"}"));
        assertThat(put.versionStages()).containsExactly("AWSCURRENT");
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/db").versionStage("AWSPREVIOUS")).secretString()).contains("one");
        var pending = sm.putSecretValue(b -> b.secretId("sdk/db").secretString("{\"password\":\"three\"}").versionStages("AWSPENDING"));
        sm.updateSecretVersionStage(b -> b.secretId("sdk/db").versionStage("AWSCURRENT").moveToVersionId(pending.versionId())
                .removeFromVersionId(put.versionId()));
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/db")).secretString()).contains("three");

        DescribeSecretResponse d = sm.describeSecret(b -> b.secretId("sdk/db"));
        assertThat(d.description()).isEqualTo("db");
        assertThat(d.tags()).extracting(Tag::key).containsExactly("env");
        assertThat(d.versionIdsToStages().get(pending.versionId())).contains("AWSCURRENT", "AWSPENDING");
        assertThat(d.versionIdsToStages().get(put.versionId())).containsExactly("AWSPREVIOUS");
        assertThat(d.createdDate()).isNotNull();
        assertThat(sm.listSecretVersionIds(b -> b.secretId("sdk/db").includeDeprecated(true)).versions()).hasSize(3);
        assertThat(sm.listSecrets(b -> b.filters(Filter.builder().key(FilterNameStringType.NAME).values("sdk/").build())).secretList())
                .extracting(SecretListEntry::name).contains("sdk/db");

        sm.updateSecret(b -> b.secretId("sdk/db").description("changed"));
        assertThat(sm.describeSecret(b -> b.secretId("sdk/db")).description()).isEqualTo("changed");
        sm.tagResource(b -> b.secretId("sdk/db").tags(Tag.builder().key("team").value("red").build()));
        sm.untagResource(b -> b.secretId("sdk/db").tagKeys("env"));
        assertThat(sm.describeSecret(b -> b.secretId("sdk/db")).tags()).extracting(Tag::key).containsExactly("team");
    }

    @Test
    void binarySecrets_batchGet_andRandomPasswords() {
        sm.createSecret(b -> b.name("sdk/bin").secretBinary(SdkBytes.fromByteArray(new byte[] {1, 2, 3})));
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/bin")).secretBinary().asByteArray()).containsExactly(1, 2, 3);
        sm.createSecret(b -> b.name("sdk/batch-1").secretString("b1"));
        var batch = sm.batchGetSecretValue(b -> b.secretIdList("sdk/batch-1", "sdk/missing"));
        assertThat(batch.secretValues()).extracting(v -> v.secretString()).containsExactly("b1");
        assertThat(batch.errors()).extracting(e -> e.errorCode()).containsExactly("ResourceNotFoundException");
        String password = sm.getRandomPassword(b -> b.passwordLength(40L).excludePunctuation(true)).randomPassword();
        assertThat(password).hasSize(40).matches("[A-Za-z0-9]+");
        assertThat(code(() -> sm.getRandomPassword(b -> b.passwordLength(5000L)))).isIn("ValidationException", "InvalidParameterException");
    }

    @Test
    void errors_asTheSdkMapsThem() {
        sm.createSecret(b -> b.name("sdk/err").secretString("v"));
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("sdk/err").secretString("v"))).isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("sdk/none"))).isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Secrets Manager can't find the specified secret.");
        String token = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
        sm.putSecretValue(b -> b.secretId("sdk/err").secretString("w").clientRequestToken(token));
        sm.putSecretValue(b -> b.secretId("sdk/err").secretString("w").clientRequestToken(token));
        assertThatThrownBy(() -> sm.putSecretValue(b -> b.secretId("sdk/err").secretString("other").clientRequestToken(token)))
                .isInstanceOf(ResourceExistsException.class);
        assertThatThrownBy(() -> sm.createSecret(b -> b.name("bad name!").secretString("v"))).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> sm.deleteSecret(b -> b.secretId("sdk/err").recoveryWindowInDays(3L)))
                .isInstanceOf(InvalidParameterException.class);
        sm.deleteSecret(b -> b.secretId("sdk/err").recoveryWindowInDays(7L));
        assertThatThrownBy(() -> sm.getSecretValue(b -> b.secretId("sdk/err"))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("marked for deletion");
        assertThat(sm.describeSecret(b -> b.secretId("sdk/err")).deletedDate()).isNotNull();
        sm.restoreSecret(b -> b.secretId("sdk/err"));
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/err")).secretString()).isEqualTo("w");
        sm.deleteSecret(b -> b.secretId("sdk/err").forceDeleteWithoutRecovery(true));
        assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("sdk/err"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(code(() -> sm.rotateSecret(b -> b.secretId("sdk/db-none")))).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void rotation_withAFunctionNobodyRegistered_isRefusedAsAwsRefusesAMissingLambda() {
        sm.createSecret(b -> b.name("sdk/rot").secretString("v"));
        assertThatThrownBy(() -> sm.rotateSecret(b -> b.secretId("sdk/rot")
                .rotationLambdaARN("arn:aws:lambda:us-east-1:" + account + ":function:none")
                .rotationRules(r -> r.automaticallyAfterDays(30L))))
                .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage()).startsWith("Secrets Manager cannot invoke the specified Lambda function.");
                });
        assertThat(sm.describeSecret(b -> b.secretId("sdk/rot")).rotationEnabled()).isNull();
        sm.cancelRotateSecret(b -> b.secretId("sdk/rot"));
    }

    @Test
    void resourcePolicies_andIamDenials() {
        sm.createSecret(b -> b.name("sdk/pol").secretString("v"));
        String everyone = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":"
                + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";
        assertThatThrownBy(() -> sm.putResourcePolicy(b -> b.secretId("sdk/pol").resourcePolicy(everyone).blockPublicPolicy(true)))
                .isInstanceOf(PublicPolicyException.class);
        var validation = sm.validateResourcePolicy(b -> b.resourcePolicy(everyone));
        assertThat(validation.policyValidationPassed()).isFalse();
        String deny = everyone.replace("Allow", "Deny");
        sm.putResourcePolicy(b -> b.secretId("sdk/pol").resourcePolicy(deny));
        assertThat(sm.getResourcePolicy(b -> b.secretId("sdk/pol")).resourcePolicy()).isEqualTo(deny);
        assertThat(code(() -> sm.getSecretValue(b -> b.secretId("sdk/pol")))).isEqualTo("AccessDeniedException");
        sm.deleteResourcePolicy(b -> b.secretId("sdk/pol"));
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/pol")).secretString()).isEqualTo("v");

        iam.createUser(b -> b.userName("smreader"));
        var key = iam.createAccessKey(b -> b.userName("smreader")).accessKey();
        iam.putUserPolicy(b -> b.userName("smreader").policyName("read").policyDocument(
                IamCliTest.allow("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:us-east-1:" + account + ":secret:sdk/pol-*")));
        try (SecretsManagerClient reader = SecretsClients.secrets(node, new Credentials(key.accessKeyId(), key.secretAccessKey()))) {
            assertThat(reader.getSecretValue(b -> b.secretId("sdk/pol")).secretString()).isEqualTo("v");
            assertThatThrownBy(() -> reader.describeSecret(b -> b.secretId("sdk/pol")))
                    .isInstanceOfSatisfying(SecretsManagerException.class, e ->
                            assertThat(e.awsErrorDetails().errorMessage()).contains("secretsmanager:DescribeSecret"));
        }
    }

    @Test
    void customerKey_withoutDecrypt_isAccessToKmsIsNotAllowed() {
        try (KmsClient kms = KmsClients.kms(node, node.bootstrapCredentials())) {
            String keyArn = kms.createKey(b -> b.description("secrets cmk")).keyMetadata().arn();
            sm.createSecret(b -> b.name("sdk/cmk").secretString("cmk-value").kmsKeyId(keyArn));
            assertThat(sm.describeSecret(b -> b.secretId("sdk/cmk")).kmsKeyId()).isEqualTo(keyArn);
            iam.createUser(b -> b.userName("nokms"));
            var key = iam.createAccessKey(b -> b.userName("nokms")).accessKey();
            iam.putUserPolicy(b -> b.userName("nokms").policyName("read").policyDocument(IamCliTest.allow("secretsmanager:GetSecretValue", "*")));
            try (SecretsManagerClient reader = SecretsClients.secrets(node, new Credentials(key.accessKeyId(), key.secretAccessKey()))) {
                assertThatThrownBy(() -> reader.getSecretValue(b -> b.secretId("sdk/cmk")))
                        .isInstanceOfSatisfying(SecretsManagerException.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Access to KMS is not allowed");
                        });
            }
        }
    }

    @Test
    void replication_toAnotherRegion_andPromotion() {
        sm.createSecret(b -> b.name("sdk/multi").secretString("m1"));
        var out = sm.replicateSecretToRegions(b -> b.secretId("sdk/multi").addReplicaRegions(r -> r.region("eu-west-1")));
        assertThat(out.replicationStatus()).extracting(s -> s.statusAsString()).containsExactly("InSync");
        sm.putSecretValue(b -> b.secretId("sdk/multi").secretString("m2"));
        try (SecretsManagerClient eu = SecretsClients.secrets(node, node.bootstrapCredentials(), "eu-west-1")) {
            assertThat(eu.getSecretValue(b -> b.secretId("sdk/multi")).secretString()).isEqualTo("m2");
            assertThat(eu.describeSecret(b -> b.secretId("sdk/multi")).primaryRegion()).isEqualTo("us-east-1");
            assertThatThrownBy(() -> eu.putSecretValue(b -> b.secretId("sdk/multi").secretString("x")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(sm.describeSecret(b -> b.secretId("sdk/multi")).replicationStatus()).hasSize(1);
            eu.stopReplicationToReplica(b -> b.secretId("sdk/multi"));
            eu.putSecretValue(b -> b.secretId("sdk/multi").secretString("eu-own"));
            assertThat(sm.getSecretValue(b -> b.secretId("sdk/multi")).secretString()).isEqualTo("m2");
            assertThat(sm.describeSecret(b -> b.secretId("sdk/multi")).replicationStatus()).isEmpty();
        }
    }

    @Test
    void cloudTrailRecords_ofWritesAndReads_neverHoldTheValue() {
        sm.createSecret(b -> b.name("sdk/audited").secretString("audit-secret-value-1"));
        sm.putSecretValue(b -> b.secretId("sdk/audited").secretString("audit-secret-value-2"));
        assertThat(sm.getSecretValue(b -> b.secretId("sdk/audited")).secretString()).isEqualTo("audit-secret-value-2");
        String password = sm.getRandomPassword(b -> b.passwordLength(48L)).randomPassword();
        try (var trail = KmsClients.cloudTrail(node, node.bootstrapCredentials())) {
            for (String op : List.of("CreateSecret", "PutSecretValue", "GetSecretValue", "GetRandomPassword")) {
                var events = trail.lookupEvents(b -> b.lookupAttributes(a -> a.attributeKey("EventName").attributeValue(op))
                        .maxResults(50)).events();
                assertThat(events).as(op).isNotEmpty().allSatisfy(e -> assertThat(e.cloudTrailEvent())
                        .doesNotContain("audit-secret-value").doesNotContain(password));
            }
        }
    }

    @Test
    void parameterStoreReference_readsTheSecret_withDecryption() {
        sm.createSecret(b -> b.name("sdk/ref").secretString("through-ssm"));
        try (SsmClient ssm = SsmClients.ssm(node, node.bootstrapCredentials())) {
            var p = ssm.getParameter(b -> b.name("/aws/reference/secretsmanager/sdk/ref").withDecryption(true)).parameter();
            assertThat(p.value()).isEqualTo("through-ssm");
            assertThat(p.typeAsString()).isEqualTo("SecureString");
            assertThat(p.sourceResult()).contains("sdk/ref");
            assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/aws/reference/secretsmanager/sdk/ref")))
                    .hasMessageContaining("WithDecryption flag must be True");
            assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/aws/reference/secretsmanager/sdk/none").withDecryption(true)))
                    .isInstanceOf(software.amazon.awssdk.services.ssm.model.ParameterNotFoundException.class);
        }
        assertThat(List.of()).isEmpty();
    }
}
