package io.citadel.kms;

import static io.citadel.kms.KmsHarness.REGION;
import static io.citadel.kms.KmsHarness.code;
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

/**
 * Issue 5's cross-account pattern: account A's key lets a role of account B Decrypt and CreateGrant
 * only through a named service and only as its own account; B's role session, assumed through STS,
 * succeeds through Parameter Store and is denied when it calls KMS directly.
 */
class CrossAccountViaServiceTest {

    private static final Map<String, String> CONTEXT = Map.of("snapshot", "snap-1");

    private final KmsHarness h = new KmsHarness();
    private final String roleArn = h.roleArn(h.accountB, "ROLENAME");
    private final KmsKey key = h.createKey(h.a(), withPolicy(keyPolicy(rootStatement(h.accountA), snapshotCopyStatement()), false));
    private final Principal session = h.roleSession(h.accountB, "ROLENAME",
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"kms:Decrypt\",\"kms:CreateGrant\"],"
                    + "\"Resource\":\"" + key.arn() + "\"}]}");
    private final byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("snapshot key"), CONTEXT);

    @AfterEach
    void close() {
        h.close();
    }

    /** The statement exactly as issue 5 gives it, with B and REGION filled in. */
    private String snapshotCopyStatement() {
        return "{\"Sid\":\"Allow use of the key with destination account\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + roleArn + "\"},\"Action\":[\"kms:Decrypt\",\"kms:CreateGrant\"],"
                + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:ViaService\":\"ssm." + REGION + ".amazonaws.com\","
                + "\"kms:CallerAccount\":\"" + h.accountB + "\"}}}";
    }

    private byte[] decryptAs(Principal caller, Call call) {
        return h.kms.cryptography().decrypt(h.ctx(caller), call, blob, CONTEXT, null, null, false).plaintext();
    }

    @Test
    void roleSessionOfB_decryptsThroughTheNamedService() {
        assertThat(session.accountId()).isEqualTo(h.accountB);
        assertThat(decryptAs(session, Call.via("ssm", REGION))).isEqualTo(utf8("snapshot key"));
        assertThat(h.kms.cryptography().decrypt(h.ctx(session), Call.via("ssm", REGION), blob, CONTEXT, key.arn(), null, false)
                .keyArn()).isEqualTo(key.arn());
    }

    @Test
    void roleSessionOfB_callingKmsDirectly_isDenied() {
        assertThat(code(() -> decryptAs(session, Call.DIRECT))).isEqualTo("AccessDeniedException");
    }

    @Test
    void roleSessionOfB_throughAnotherServiceOrRegion_isDenied() {
        assertThat(code(() -> decryptAs(session, Call.via("secretsmanager", REGION)))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> decryptAs(session, Call.via("ssm", "eu-west-1")))).isEqualTo("AccessDeniedException");
    }

    @Test
    void roleSessionOfB_mayCreateAGrantThroughTheService_butNotDirectly() {
        String grantee = h.roleArn(h.accountB, "ROLENAME");
        assertThat(code(() -> h.kms.grants().createGrant(h.ctx(session), Call.DIRECT, key.arn(), grantee, null, List.of("Decrypt"),
                null, null, null, false))).isEqualTo("AccessDeniedException");

        KeyGrants.Created created = h.kms.grants().createGrant(h.ctx(session), Call.via("ssm", REGION), key.arn(), grantee, null,
                List.of("Decrypt"), null, null, null, false);

        assertThat(h.kms.grants().listGrants(h.a(), key.keyId(), created.grantId(), null)).singleElement()
                .satisfies(v -> assertThat(v.grant().issuingAccount()).isEqualTo(h.accountB));
    }

    @Test
    void roleSessionOfB_mayNotEncrypt_anOperationTheStatementDoesNotName() {
        assertThat(code(() -> h.kms.cryptography().encrypt(h.ctx(session), Call.via("ssm", REGION), key.arn(), utf8("x"), null, null,
                false))).isEqualTo("AccessDeniedException");
    }

    @Test
    void aRoleOfBWithoutItsOwnIdentityPolicy_isDenied_evenThroughTheService() {
        Principal bare = h.roleSession(h.accountB, "OTHER");
        String policy = keyPolicy(rootStatement(h.accountA), snapshotCopyStatement().replace("ROLENAME", "OTHER"));
        h.kms.administration().putKeyPolicy(h.a(), key.keyId(), null, policy, false);

        assertThat(code(() -> decryptAs(bare, Call.via("ssm", REGION)))).isEqualTo("AccessDeniedException");
    }

    @Test
    void otherPrincipalsOfB_areDenied_evenThroughTheService() {
        Principal user = h.user(h.accountB, "someone", KmsHarness.allow("kms:*", "*"));
        assertThat(code(() -> decryptAs(user, Call.via("ssm", REGION)))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> decryptAs(h.rootB, Call.via("ssm", REGION)))).isEqualTo("AccessDeniedException");
    }

    @Test
    void theKeyOwner_stillDecryptsDirectly() {
        assertThat(decryptAs(h.rootA, Call.DIRECT)).isEqualTo(utf8("snapshot key"));
    }
}
