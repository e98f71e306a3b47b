package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.code;
import static io.citadel.secrets.SecretsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.kms.KeyAdministration;
import io.citadel.kms.KmsKey;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretPoliciesTest {

    private final SecretsHarness h = new SecretsHarness();
    private final SecretPolicies policies = h.secrets().policies();

    @AfterEach
    void close() {
        h.close();
    }

    private String allowAccount(String account, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + account
                + ":root\"},\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
    }

    @Test
    void crossAccount_readsNeedTheResourcePolicy_andAKeyTheOtherAccountMayUse() {
        String keyPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + h.accountA + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + h.accountB + ":root\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}";
        KmsKey cmk = h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(keyPolicy, null, null, null, null, null,
                null, false, List.of(), false, null));
        String arn = h.secrets().writes().create(h.a(), new SecretWrites.CreateInput("shared", null, null, cmk.arn(), "for-b", null, null,
                null, false)).written().arn();
        String viaDefault = h.create("default-key", "x").arn();
        assertThat(code(() -> h.secrets().reads().get(h.b(), arn, null, null))).isEqualTo("AccessDeniedException");
        policies.put(h.a(), arn, allowAccount(h.accountB, "secretsmanager:GetSecretValue"), true);
        assertThat(h.secrets().reads().get(h.b(), arn, null, null).secretString()).isEqualTo("for-b");
        assertThat(code(() -> h.secrets().reads().get(h.b(), "shared", null, null))).isEqualTo("ResourceNotFoundException");
        assertThat(code(() -> h.secrets().reads().describe(h.b(), arn))).isEqualTo("AccessDeniedException");
        policies.put(h.a(), viaDefault, allowAccount(h.accountB, "secretsmanager:GetSecretValue"), true);
        assertThat(error(() -> h.secrets().reads().get(h.b(), viaDefault, null, null)).getMessage()).isEqualTo("Access to KMS is not allowed");
        policies.delete(h.a(), arn);
        assertThat(code(() -> h.secrets().reads().get(h.b(), arn, null, null))).isEqualTo("AccessDeniedException");
    }

    @Test
    void crossAccount_writes_useTheOwnersKey_neverTheCallersOwn() {
        String keyPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + h.accountA + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + h.accountB + ":root\"},\"Action\":[\"kms:GenerateDataKey\",\"kms:Decrypt\"],\"Resource\":\"*\"}]}";
        KmsKey cmk = h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(keyPolicy, null, null, null, null, null,
                null, false, List.of(), false, null));
        String withCmk = h.secrets().writes().create(h.a(), new SecretWrites.CreateInput("cmk", null, null, cmk.arn(), "a1", null, null,
                null, false)).written().arn();
        String withDefault = h.create("dflt", "a1").arn();
        for (String arn : List.of(withCmk, withDefault)) {
            policies.put(h.a(), arn, allowAccount(h.accountB, "secretsmanager:PutSecretValue"), true);
        }
        h.secrets().writes().putValue(h.b(), withCmk, null, "from-b", null, null);
        assertThat(h.current("cmk")).isEqualTo("from-b");
        assertThat(error(() -> h.secrets().writes().putValue(h.b(), withDefault, null, "from-b", null, null)).getMessage())
                .isEqualTo("Access to KMS is not allowed");
        assertThat(h.current("dflt")).isEqualTo("a1");
    }

    @Test
    void anExplicitDenyInTheResourcePolicy_beatsTheOwnersIdentity() {
        h.create("locked", "v");
        var user = h.user("u", SecretsHarness.allow("secretsmanager:*", "*"));
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":"
                + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";
        policies.put(h.a(), "locked", deny, true);
        assertThat(error(() -> h.secrets().reads().get(h.ctx(user, "us-east-1"), "locked", null, null)).getMessage())
                .contains("explicit deny in a resource-based policy");
    }

    @Test
    void blockPublicPolicy_refusesPublicPolicies_andValidateReportsThem() {
        h.create("s", "v");
        String everyone = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":"
                + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\"}]}";
        String pinned = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":"
                + "\"secretsmanager:GetSecretValue\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\""
                + h.accountA + "\"}}}]}";
        assertThat(code(() -> policies.put(h.a(), "s", everyone, true))).isEqualTo("PublicPolicyException");
        policies.put(h.a(), "s", pinned, true);
        policies.put(h.a(), "s", everyone, false);
        assertThat(policies.get(h.a(), "s").policy()).isEqualTo(everyone);
        assertThat(policies.validate(h.a(), null, everyone).passed()).isFalse();
        assertThat(policies.validate(h.a(), null, everyone).problems()).extracting(SecretPolicies.Problem::checkName).containsExactly("BROAD_ACCESS");
        assertThat(policies.validate(h.a(), "s", pinned).passed()).isTrue();
        assertThat(policies.validate(h.a(), null, "{not json").problems()).extracting(SecretPolicies.Problem::checkName)
                .containsExactly("JSON_VALIDATION");
        assertThat(code(() -> policies.put(h.a(), "s", "{\"Statement\":\"x\"}", false))).isEqualTo("MalformedPolicyDocumentException");
    }
}
