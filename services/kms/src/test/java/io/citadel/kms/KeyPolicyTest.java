package io.citadel.kms;

import static io.citadel.kms.KmsHarness.allow;
import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.error;
import static io.citadel.kms.KmsHarness.keyPolicy;
import static io.citadel.kms.KmsHarness.rootStatement;
import static io.citadel.kms.KmsHarness.utf8;
import static io.citadel.kms.KmsHarness.withPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyPolicyTest {

    private final KmsHarness h = new KmsHarness();
    private final KeyAdministration admin = h.kms.administration();
    private final KeyDeletion deletion = h.kms.deletion();

    @AfterEach
    void close() {
        h.close();
    }

    private String userStatement(String user, String actions) {
        return "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + h.userArn(h.accountA, user) + "\"},\"Action\":" + actions
                + ",\"Resource\":\"*\"}";
    }

    @Test
    void getKeyPolicy_returnsTheDefaultPolicy_exactlyAsAwsWritesIt() {
        KmsKey key = h.symmetricKey();
        String expected = """
                {
                  "Version" : "2012-10-17",
                  "Id" : "key-default-1",
                  "Statement" : [ {
                    "Sid" : "Enable IAM User Permissions",
                    "Effect" : "Allow",
                    "Principal" : {
                      "AWS" : "arn:aws:iam::%s:root"
                    },
                    "Action" : "kms:*",
                    "Resource" : "*"
                  } ]
                }""".formatted(h.accountA);
        assertThat(admin.getKeyPolicy(h.a(), key.keyId(), "default")).isEqualTo(expected);
        assertThat(admin.getKeyPolicy(h.a(), key.arn(), null)).isEqualTo(expected);
        assertThat(admin.listKeyPolicies(h.a(), key.keyId())).containsExactly("default");
        assertThat(code(() -> admin.getKeyPolicy(h.a(), key.keyId(), "other"))).isEqualTo("NotFoundException");
    }

    @Test
    void defaultPolicy_letsTheAccountsUsersWithAnIdentityPolicyUseTheKey_andNobodyElse() {
        KmsKey key = h.symmetricKey();
        Principal alice = h.user(h.accountA, "alice", allow("kms:*", "*"));
        Principal bob = h.user(h.accountA, "bob");

        byte[] blob = h.encrypt(h.ctx(alice), key.keyId(), utf8("alice's"), null);
        assertThat(h.decrypt(h.ctx(alice), blob, null)).isEqualTo(utf8("alice's"));
        assertThat(error(() -> h.decrypt(h.ctx(bob), blob, null)).getMessage()).isEqualTo("User: " + bob.arn()
                + " is not authorized to perform: kms:Decrypt on resource: " + key.arn()
                + " because no identity-based policy allows the kms:Decrypt action");
        assertThat(code(() -> h.encrypt(h.ctx(bob), key.keyId(), utf8("x"), null))).isEqualTo("AccessDeniedException");
    }

    @Test
    void identityPolicy_scopedToOneKeyArn_allowsOnlyThatKey() {
        KmsKey mine = h.symmetricKey();
        KmsKey other = h.symmetricKey();
        Principal alice = h.user(h.accountA, "alice", allow("kms:Encrypt", mine.arn()));

        h.encrypt(h.ctx(alice), mine.keyId(), utf8("ok"), null);
        assertThat(code(() -> h.encrypt(h.ctx(alice), other.keyId(), utf8("no"), null))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.decrypt(h.ctx(alice), h.encrypt(h.a(), mine.keyId(), utf8("x"), null), null)))
                .isEqualTo("AccessDeniedException");
    }

    @Test
    void keyPolicyWithoutTheRootStatement_deniesIamUsers_evenWithKmsStarIdentityPolicies() {
        String policy = keyPolicy(userStatement("carol", "\"kms:*\""));
        KmsKey key = h.createKey(h.a(), withPolicy(policy, true));
        Principal alice = h.user(h.accountA, "alice", allow("kms:*", "*"));
        Principal carol = h.user(h.accountA, "carol");

        assertThat(error(() -> h.encrypt(h.ctx(alice), key.keyId(), utf8("x"), null)).getMessage())
                .endsWith("because no resource-based policy allows the kms:Encrypt action");
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), utf8("x"), null))).as("root, too").isEqualTo("AccessDeniedException");
        byte[] blob = h.encrypt(h.ctx(carol), key.keyId(), utf8("carol's"), null);
        assertThat(h.decrypt(h.ctx(carol), blob, null)).isEqualTo(utf8("carol's"));
        assertThat(code(() -> h.decrypt(h.ctx(alice), blob, null))).isEqualTo("AccessDeniedException");
    }

    @Test
    void putKeyPolicy_thatWouldLockTheCallerOut_isMalformed_unlessTheCheckIsBypassed() {
        KmsKey key = h.symmetricKey();
        String original = admin.getKeyPolicy(h.a(), key.keyId(), null);
        h.user(h.accountA, "carol");
        String carolOnly = keyPolicy(userStatement("carol", "\"kms:*\""));

        assertThat(error(() -> admin.putKeyPolicy(h.a(), key.keyId(), "default", carolOnly, false)).errorCode().code())
                .isEqualTo("MalformedPolicyDocumentException");
        assertThat(admin.getKeyPolicy(h.a(), key.keyId(), null)).isEqualTo(original);

        admin.putKeyPolicy(h.a(), key.keyId(), "default", carolOnly, true);
        assertThat(admin.getKeyPolicy(h.ctx(h.identity.principalOf(h.identity.createAccessKey(h.accountA, "carol"))), key.keyId(),
                null)).isEqualTo(carolOnly);
        assertThat(code(() -> admin.putKeyPolicy(h.a(), key.keyId(), "default", original, false)))
                .as("the root user is now locked out").isEqualTo("AccessDeniedException");
    }

    @Test
    void putKeyPolicy_thatStillAllowsTheCaller_passesTheLockoutCheck() {
        KmsKey key = h.symmetricKey();
        Principal admin1 = h.user(h.accountA, "admin1", allow("kms:*", "*"));
        String policy = keyPolicy(userStatement("admin1", "[\"kms:PutKeyPolicy\",\"kms:GetKeyPolicy\"]"));

        admin.putKeyPolicy(h.ctx(admin1), key.keyId(), "default", policy, false);

        assertThat(admin.getKeyPolicy(h.ctx(admin1), key.keyId(), null)).isEqualTo(policy);
    }

    @Test
    void createKey_withAPolicyThatLocksTheCallerOut_isMalformed_unlessBypassed() {
        h.user(h.accountA, "carol");
        String carolOnly = keyPolicy(userStatement("carol", "\"kms:*\""));
        assertThat(code(() -> h.createKey(h.a(), withPolicy(carolOnly, false)))).isEqualTo("MalformedPolicyDocumentException");
        assertThat(admin.listKeys(h.a(), null, null).keys()).isEmpty();
        assertThat(h.createKey(h.a(), withPolicy(carolOnly, true)).policy()).isEqualTo(carolOnly);
    }

    @Test
    void malformedPolicies_areMalformedPolicyDocumentException() {
        KmsKey key = h.symmetricKey();
        for (String bad : List.of("not json", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\","
                + "\"Action\":\"kms:*\",\"Resource\":\"*\"}]}", "{\"Statement\":[]}")) {
            assertThat(code(() -> admin.putKeyPolicy(h.a(), key.keyId(), null, bad, true))).as(bad)
                    .isEqualTo("MalformedPolicyDocumentException");
        }
    }

    @Test
    void keyPolicy_encryptionContextCondition_limitsUseToThatContext() {
        String policy = keyPolicy(rootStatement(h.accountA), "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + h.userArn(h.accountA, "eng") + "\"},\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\"],\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"kms:EncryptionContext:dept\":\"eng\"}}}");
        KmsKey key = h.createKey(h.a(), withPolicy(policy, false));
        Principal eng = h.user(h.accountA, "eng");

        byte[] blob = h.encrypt(h.ctx(eng), key.keyId(), utf8("eng data"), Map.of("dept", "eng"));
        assertThat(h.decrypt(h.ctx(eng), blob, Map.of("dept", "eng"))).isEqualTo(utf8("eng data"));
        assertThat(code(() -> h.encrypt(h.ctx(eng), key.keyId(), utf8("x"), Map.of("dept", "ops")))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.encrypt(h.ctx(eng), key.keyId(), utf8("x"), null))).isEqualTo("AccessDeniedException");
    }

    @Test
    void identityPolicy_requestAliasCondition_allowsOnlyCallsNamingThatAlias() {
        KmsKey key = h.symmetricKey();
        h.kms.aliases().createAlias(h.a(), "alias/approved", key.keyId());
        Principal alice = h.user(h.accountA, "alice", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"kms:Encrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:RequestAlias\":"
                + "\"alias/approved\"}}}]}");

        h.encrypt(h.ctx(alice), "alias/approved", utf8("ok"), null);
        assertThat(code(() -> h.encrypt(h.ctx(alice), key.keyId(), utf8("no"), null))).isEqualTo("AccessDeniedException");
    }

    @Test
    void identityPolicy_resourceAliasesCondition_followsTheKeysAliases() {
        KmsKey key = h.symmetricKey();
        Principal alice = h.user(h.accountA, "alice", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"kms:Encrypt\",\"Resource\":\"*\",\"Condition\":{\"ForAnyValue:StringLike\":{\"kms:ResourceAliases\":"
                + "\"alias/finance-*\"}}}]}");
        assertThat(code(() -> h.encrypt(h.ctx(alice), key.keyId(), utf8("no"), null))).isEqualTo("AccessDeniedException");

        h.kms.aliases().createAlias(h.a(), "alias/finance-ledger", key.keyId());

        h.encrypt(h.ctx(alice), key.keyId(), utf8("ok"), null);
    }

    @Test
    void identityPolicy_resourceTagCondition_followsTheKeysTags() {
        KmsKey blue = h.symmetricKey();
        KmsKey red = h.symmetricKey();
        admin.tagResource(h.a(), blue.keyId(), List.of(new Tags.Tag("team", "blue")));
        admin.tagResource(h.a(), red.keyId(), List.of(new Tags.Tag("team", "red")));
        Principal alice = h.user(h.accountA, "alice", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"kms:Encrypt\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:ResourceTag/team\":"
                + "\"blue\"}}}]}");

        h.encrypt(h.ctx(alice), blue.keyId(), utf8("ok"), null);
        assertThat(code(() -> h.encrypt(h.ctx(alice), red.keyId(), utf8("no"), null))).isEqualTo("AccessDeniedException");
        assertThat(admin.listResourceTags(h.a(), blue.keyId())).containsExactly(Map.entry("team", "blue"));
    }

    @Test
    void explicitDeny_inTheKeyPolicy_beatsAnIdentityAllow() {
        String policy = keyPolicy(rootStatement(h.accountA), "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
                + h.userArn(h.accountA, "alice") + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        KmsKey key = h.createKey(h.a(), withPolicy(policy, false));
        Principal alice = h.user(h.accountA, "alice", allow("kms:*", "*"));

        byte[] blob = h.encrypt(h.ctx(alice), key.keyId(), utf8("x"), null);
        assertThat(error(() -> h.decrypt(h.ctx(alice), blob, null)).getMessage())
                .endsWith("with an explicit deny in a resource-based policy");
    }

    @Test
    void keyPolicy_grantIsForAwsResource_allowsCreateGrantOnlyThroughAService() {
        String policy = keyPolicy(rootStatement(h.accountA), "{\"Sid\":\"Allow attachment of persistent resources\","
                + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + h.userArn(h.accountA, "app") + "\"},"
                + "\"Action\":[\"kms:CreateGrant\",\"kms:ListGrants\",\"kms:RevokeGrant\"],\"Resource\":\"*\","
                + "\"Condition\":{\"Bool\":{\"kms:GrantIsForAWSResource\":\"true\"}}}");
        KmsKey key = h.createKey(h.a(), withPolicy(policy, false));
        Principal app = h.user(h.accountA, "app");
        String grantee = h.userArn(h.accountA, "app");

        assertThat(code(() -> h.kms.grants().createGrant(h.ctx(app), Call.DIRECT, key.keyId(), grantee, null, List.of("Decrypt"),
                null, null, null, false))).isEqualTo("AccessDeniedException");
        h.kms.grants().createGrant(h.ctx(app), Call.via("secretsmanager", KmsHarness.REGION), key.keyId(), grantee, null,
                List.of("Decrypt"), null, null, null, false);
        assertThat(h.kms.grants().listGrants(h.a(), key.keyId(), null, null)).hasSize(1);
    }

    @Test
    void keyPolicy_pendingWindowCondition_decidesScheduleKeyDeletion() {
        String policy = keyPolicy(rootStatement(h.accountA), "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"kms:ScheduleKeyDeletion\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":"
                + "{\"kms:ScheduleKeyDeletionPendingWindowInDays\":\"30\"}}}");
        KmsKey key = h.createKey(h.a(), withPolicy(policy, false));

        assertThat(code(() -> deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, false))).isEqualTo("AccessDeniedException");
        assertThat(deletion.scheduleKeyDeletion(h.a(), key.keyId(), 30, false).state()).isEqualTo(KeyState.PENDING_DELETION);
    }

    @Test
    void awsManagedKey_isUsableOnlyThroughItsService_andOnlyByItsAccount() {
        KmsKey managed = admin.awsManagedKey(h.a(), "ssm", "Systems Manager");
        Principal alice = h.user(h.accountA, "alice");
        Call viaSsm = Call.via("ssm", KmsHarness.REGION);

        assertThat(code(() -> h.encrypt(h.a(), "alias/aws/ssm", utf8("x"), null))).isEqualTo("AccessDeniedException");
        byte[] blob = h.kms.cryptography().encrypt(h.ctx(alice), viaSsm, "alias/aws/ssm", utf8("param"), null, null, false)
                .ciphertext();
        assertThat(h.kms.cryptography().decrypt(h.ctx(alice), viaSsm, blob, null, null, null, false).plaintext())
                .isEqualTo(utf8("param"));
        assertThat(code(() -> h.kms.cryptography().decrypt(h.ctx(alice), Call.via("secretsmanager", KmsHarness.REGION), blob,
                null, null, null, false))).isEqualTo("AccessDeniedException");
        Principal outsider = h.user(h.accountB, "outsider", KmsHarness.allow("kms:*", "*"));
        assertThat(code(() -> h.kms.cryptography().decrypt(h.ctx(outsider), viaSsm, blob, null, null, null, false)))
                .isEqualTo("AccessDeniedException");
        assertThat(h.describe(h.a(), managed.keyId()).description())
                .isEqualTo("Default key that protects my Systems Manager data when no other key is defined");
        assertThat(h.kms.aliases().listAliases(h.a(), null, null, null).aliases()).extracting(KeyAliases.AliasEntry::aliasName)
                .containsExactly("alias/aws/ssm");
    }

    @Test
    void createKey_needsKmsCreateKeyInAnIdentityPolicy() {
        Principal alice = h.user(h.accountA, "alice");
        Principal creator = h.user(h.accountA, "creator", allow("kms:CreateKey", "*"));
        assertThat(code(() -> h.createKey(h.ctx(alice), KmsHarness.input(null, null)))).isEqualTo("AccessDeniedException");
        assertThat(h.createKey(h.ctx(creator), KmsHarness.input(null, null)).accountId()).isEqualTo(h.accountA);
    }

    @Test
    void tags_rules_areTagExceptions() {
        KmsKey key = h.symmetricKey();
        assertThat(code(() -> admin.tagResource(h.a(), key.keyId(), List.of(new Tags.Tag("aws:owner", "x")))))
                .isEqualTo("TagException");
        assertThat(code(() -> admin.tagResource(h.a(), key.keyId(), List.of(new Tags.Tag("", "x"))))).isEqualTo("TagException");
        admin.tagResource(h.a(), key.keyId(), List.of(new Tags.Tag("a", "1"), new Tags.Tag("b", "2")));
        admin.untagResource(h.a(), key.keyId(), List.of("a"));
        assertThat(admin.listResourceTags(h.a(), key.keyId())).containsExactly(Map.entry("b", "2"));
    }
}
