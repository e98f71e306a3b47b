package io.citadel.kms;

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

class KeyGrantsTest {

    private final KmsHarness h = new KmsHarness();
    private final KeyGrants grants = h.kms.grants();
    private final KmsKey key = h.symmetricKey();
    private final Principal bob = h.user(h.accountA, "bob");
    private final Principal carol = h.user(h.accountA, "carol");
    private final Principal dave = h.user(h.accountA, "dave");

    @AfterEach
    void close() {
        h.close();
    }

    private KeyGrants.Created grant(String grantee, String retiring, List<String> operations, Map<String, String> subset,
                                    Map<String, String> equals, String name) {
        return grants.createGrant(h.a(), Call.DIRECT, key.keyId(), grantee, retiring, operations, subset, equals, name, false);
    }

    @Test
    void grant_givesAUserWithoutPermissions_theGrantedOperation_atOnce_andNothingElse() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("for bob"), null);
        assertThat(code(() -> h.decrypt(h.ctx(bob), blob, null))).isEqualTo("AccessDeniedException");

        grant(bob.arn(), null, List.of("Decrypt"), null, null, null);

        assertThat(h.decrypt(h.ctx(bob), blob, null)).isEqualTo(utf8("for bob"));
        assertThat(code(() -> h.encrypt(h.ctx(bob), key.keyId(), utf8("x"), null))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.decrypt(h.ctx(carol), blob, null))).isEqualTo("AccessDeniedException");
    }

    @Test
    void grant_toARole_coversItsSessions() {
        Principal session = h.roleSession(h.accountA, "worker");
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("for the role"), null);
        assertThat(code(() -> h.decrypt(h.ctx(session), blob, null))).isEqualTo("AccessDeniedException");

        grant(h.roleArn(h.accountA, "worker"), null, List.of("Decrypt"), null, null, null);

        assertThat(h.decrypt(h.ctx(session), blob, null)).isEqualTo(utf8("for the role"));
    }

    @Test
    void encryptionContextSubset_admitsContextsThatContainIt() {
        grant(bob.arn(), null, List.of("Decrypt", "Encrypt"), Map.of("dept", "eng"), null, null);

        byte[] exact = h.encrypt(h.ctx(bob), key.keyId(), utf8("a"), Map.of("dept", "eng"));
        byte[] wider = h.encrypt(h.ctx(bob), key.keyId(), utf8("b"), Map.of("dept", "eng", "project", "x"));
        assertThat(h.decrypt(h.ctx(bob), exact, Map.of("dept", "eng"))).isEqualTo(utf8("a"));
        assertThat(h.decrypt(h.ctx(bob), wider, Map.of("dept", "eng", "project", "x"))).isEqualTo(utf8("b"));

        byte[] ops = h.encrypt(h.a(), key.keyId(), utf8("c"), Map.of("dept", "ops"));
        byte[] none = h.encrypt(h.a(), key.keyId(), utf8("d"), null);
        assertThat(code(() -> h.decrypt(h.ctx(bob), ops, Map.of("dept", "ops")))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.decrypt(h.ctx(bob), none, null))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> h.encrypt(h.ctx(bob), key.keyId(), utf8("e"), Map.of("dept", "ops")))).isEqualTo("AccessDeniedException");
    }

    @Test
    void encryptionContextEquals_admitsOnlyThatExactContext() {
        grant(bob.arn(), null, List.of("Decrypt"), null, Map.of("dept", "eng"), null);

        byte[] exact = h.encrypt(h.a(), key.keyId(), utf8("a"), Map.of("dept", "eng"));
        byte[] wider = h.encrypt(h.a(), key.keyId(), utf8("b"), Map.of("dept", "eng", "project", "x"));
        assertThat(h.decrypt(h.ctx(bob), exact, Map.of("dept", "eng"))).isEqualTo(utf8("a"));
        assertThat(code(() -> h.decrypt(h.ctx(bob), wider, Map.of("dept", "eng", "project", "x"))))
                .isEqualTo("AccessDeniedException");
    }

    @Test
    void createGrant_withBothConstraints_orUnknownOperations_orConstraintsOnAsymmetricKeys_isValidationException() {
        assertThat(code(() -> grant(bob.arn(), null, List.of("Decrypt"), Map.of("a", "1"), Map.of("a", "1"), null)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> grant(bob.arn(), null, List.of("Decrypt", "ScheduleKeyDeletion"), null, null, null)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> grant(bob.arn(), null, List.of(), null, null, null))).isEqualTo("ValidationException");
        KmsKey signing = h.key("ECC_NIST_P256", "SIGN_VERIFY");
        assertThat(code(() -> grants.createGrant(h.a(), Call.DIRECT, signing.keyId(), bob.arn(), null, List.of("Sign"),
                Map.of("a", "1"), null, null, false))).isEqualTo("ValidationException");
        assertThat(code(() -> grants.createGrant(h.a(), Call.DIRECT, signing.keyId(), bob.arn(), null, List.of("Decrypt"),
                null, null, null, false))).isEqualTo("ValidationException");
        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).isEmpty();
    }

    @Test
    void retireGrant_byTheRetiringPrincipal_withKeyAndGrantId_removesIt() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        KeyGrants.Created created = grant(bob.arn(), carol.arn(), List.of("Decrypt"), null, null, null);
        h.decrypt(h.ctx(bob), blob, null);

        grants.retireGrant(h.ctx(carol), null, key.arn(), created.grantId(), false);

        assertThat(code(() -> h.decrypt(h.ctx(bob), blob, null))).isEqualTo("AccessDeniedException");
        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).isEmpty();
    }

    @Test
    void retireGrant_byToken_works_forTheRetiringPrincipal() {
        KeyGrants.Created created = grant(bob.arn(), carol.arn(), List.of("Decrypt"), null, null, null);

        grants.retireGrant(h.ctx(carol), created.grantToken(), null, null, false);

        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).isEmpty();
    }

    @Test
    void retireGrant_byTheGranteeWhenTheGrantAllowsIt_works_andByAStranger_isDenied() {
        KeyGrants.Created forCarol = grant(bob.arn(), carol.arn(), List.of("Decrypt"), null, null, "one");
        KeyGrants.Created selfRetiring = grant(bob.arn(), null, List.of("Decrypt", "RetireGrant"), null, null, "two");

        assertThat(code(() -> grants.retireGrant(h.ctx(dave), forCarol.grantToken(), null, null, false)))
                .isEqualTo("AccessDeniedException");
        assertThat(code(() -> grants.retireGrant(h.ctx(bob), forCarol.grantToken(), null, null, false)))
                .as("the grantee, without RetireGrant in the grant").isEqualTo("AccessDeniedException");
        grants.retireGrant(h.ctx(bob), selfRetiring.grantToken(), null, null, false);

        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).extracting(v -> v.grant().grantId())
                .containsExactly(forCarol.grantId());
    }

    @Test
    void malformedGrantIds_areInvalidGrantId_notInternalErrors() {
        for (String id : List.of("nul\u0000", "x".repeat(2000), "../grant")) {
            assertThat(code(() -> grants.revokeGrant(h.a(), key.keyId(), id, false))).isEqualTo("InvalidGrantIdException");
            assertThat(code(() -> grants.retireGrant(h.a(), null, key.keyId(), id, false))).isEqualTo("InvalidGrantIdException");
            assertThat(code(() -> grants.listGrants(h.a(), key.keyId(), id, null))).isEqualTo("InvalidGrantIdException");
        }
    }

    @Test
    void retireGrant_withABadTokenOrUnknownId_fails() {
        assertThat(code(() -> grants.retireGrant(h.a(), "not-a-token", null, null, false))).isEqualTo("InvalidGrantTokenException");
        assertThat(code(() -> grants.retireGrant(h.a(), null, key.keyId(), "0".repeat(64), false))).isEqualTo("InvalidGrantIdException");
    }

    @Test
    void revokeGrant_byTheKeyOwner_removesIt_andUnknownGrantsAreInvalidGrantId() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        KeyGrants.Created created = grant(bob.arn(), null, List.of("Decrypt"), null, null, null);

        assertThat(code(() -> grants.revokeGrant(h.ctx(bob), key.keyId(), created.grantId(), false)))
                .isEqualTo("AccessDeniedException");
        grants.revokeGrant(h.a(), key.keyId(), created.grantId(), false);

        assertThat(code(() -> h.decrypt(h.ctx(bob), blob, null))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> grants.revokeGrant(h.a(), key.keyId(), created.grantId(), false))).isEqualTo("InvalidGrantIdException");
    }

    @Test
    void listGrants_showsEachGrant_andFiltersByIdAndGrantee() {
        KeyGrants.Created one = grant(bob.arn(), carol.arn(), List.of("Decrypt", "Encrypt"), Map.of("dept", "eng"), null, "one");
        KeyGrants.Created two = grant(carol.arn(), null, List.of("GenerateDataKey"), null, null, null);

        List<KeyGrants.GrantView> all = grants.listGrants(h.a(), key.keyId(), null, null);
        assertThat(all).extracting(v -> v.grant().grantId()).containsExactlyInAnyOrder(one.grantId(), two.grantId());
        assertThat(all).allSatisfy(v -> assertThat(v.keyArn()).isEqualTo(key.arn()));
        Grant first = grants.listGrants(h.a(), key.keyId(), one.grantId(), null).getFirst().grant();
        assertThat(first.name()).isEqualTo("one");
        assertThat(first.granteePrincipal()).isEqualTo(bob.arn());
        assertThat(first.retiringPrincipal()).isEqualTo(carol.arn());
        assertThat(first.issuingAccount()).isEqualTo(h.accountA);
        assertThat(first.operations()).containsExactly("Decrypt", "Encrypt");
        assertThat(first.contextSubset()).isEqualTo(Map.of("dept", "eng"));
        assertThat(first.creationDate()).isEqualTo(KmsHarness.START);
        assertThat(grants.listGrants(h.a(), key.keyId(), null, carol.arn())).extracting(v -> v.grant().grantId())
                .containsExactly(two.grantId());
        assertThat(grants.listRetirableGrants(h.a(), carol.arn())).extracting(v -> v.grant().grantId())
                .containsExactly(one.grantId());
        assertThat(grants.listRetirableGrants(h.a(), bob.arn())).isEmpty();
    }

    @Test
    void createGrant_withTheSameNameAndTerms_isIdempotent_butNewTermsMakeANewGrant() {
        KeyGrants.Created first = grant(bob.arn(), null, List.of("Decrypt"), null, null, "nightly");
        KeyGrants.Created again = grant(bob.arn(), null, List.of("Decrypt"), null, null, "nightly");
        assertThat(again.grantId()).isEqualTo(first.grantId());
        assertThat(again.grantToken()).isEqualTo(first.grantToken());
        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).hasSize(1);

        KeyGrants.Created changed = grant(bob.arn(), null, List.of("Decrypt", "Encrypt"), null, null, "nightly");
        assertThat(changed.grantId()).isNotEqualTo(first.grantId());
        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).hasSize(2);
        assertThat(grant(bob.arn(), null, List.of("Decrypt"), null, null, null).grantId()).as("unnamed grants are never merged")
                .isNotEqualTo(first.grantId());
    }

    @Test
    void explicitDeny_inTheKeyPolicy_beatsAGrant() {
        String policy = keyPolicy(rootStatement(h.accountA), "{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + bob.arn()
                + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}");
        KmsKey denied = h.createKey(h.a(), withPolicy(policy, false));
        byte[] blob = h.encrypt(h.a(), denied.keyId(), utf8("x"), null);
        grants.createGrant(h.a(), Call.DIRECT, denied.keyId(), bob.arn(), null, List.of("Decrypt"), null, null, null, false);

        assertThat(error(() -> h.decrypt(h.ctx(bob), blob, null)).getMessage())
                .endsWith("with an explicit deny in a resource-based policy");
    }

    @Test
    void grant_withCreateGrant_letsTheGranteeGrantOnward() {
        grant(bob.arn(), null, List.of("CreateGrant", "Decrypt"), null, null, null);
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), null);

        grants.createGrant(h.ctx(bob), Call.DIRECT, key.keyId(), carol.arn(), null, List.of("Decrypt"), null, null, null, false);

        assertThat(h.decrypt(h.ctx(carol), blob, null)).isEqualTo(utf8("x"));
    }

    @Test
    void grantedCreateGrant_cannotGrantMoreOperations_orLooserConstraints_thanItsOwnGrant() {
        grant(bob.arn(), null, List.of("CreateGrant", "Decrypt"), null, null, null);
        assertThat(code(() -> grants.createGrant(h.ctx(bob), Call.DIRECT, key.keyId(), carol.arn(), null,
                List.of("Decrypt", "Encrypt"), null, null, null, false))).isEqualTo("AccessDeniedException");

        grant(dave.arn(), null, List.of("CreateGrant", "Decrypt"), Map.of("dept", "eng"), null, null);
        assertThat(code(() -> grants.createGrant(h.ctx(dave), Call.DIRECT, key.keyId(), carol.arn(), null, List.of("Decrypt"),
                null, null, null, false))).as("no constraint is looser than the parent's").isEqualTo("AccessDeniedException");
        assertThat(code(() -> grants.createGrant(h.ctx(dave), Call.DIRECT, key.keyId(), carol.arn(), null, List.of("Decrypt"),
                Map.of("dept", "ops"), null, null, false))).isEqualTo("AccessDeniedException");
        grants.createGrant(h.ctx(dave), Call.DIRECT, key.keyId(), carol.arn(), null, List.of("Decrypt"),
                Map.of("dept", "eng", "project", "x"), null, null, false);

        assertThat(grants.listGrants(h.a(), key.keyId(), null, carol.arn())).singleElement()
                .satisfies(v -> assertThat(v.grant().contextSubset()).isEqualTo(Map.of("dept", "eng", "project", "x")));
    }

    @Test
    void retireGrant_byToken_byARetiringPrincipalInAnotherAccount_works() {
        Principal outsider = h.user(h.accountB, "retirer");
        KeyGrants.Created created = grant(bob.arn(), outsider.arn(), List.of("Decrypt"), null, null, null);

        grants.retireGrant(h.ctx(outsider), created.grantToken(), null, null, false);

        assertThat(grants.listGrants(h.a(), key.keyId(), null, null)).isEmpty();
    }

    @Test
    void grant_toAnotherAccountsUser_letsItUseTheKeyByArn() {
        Principal outsider = h.user(h.accountB, "outsider");
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("shared"), null);
        assertThat(code(() -> h.decrypt(h.ctx(outsider), blob, null))).isEqualTo("AccessDeniedException");

        grant(outsider.arn(), null, List.of("Decrypt", "Encrypt"), null, null, null);

        assertThat(h.decrypt(h.ctx(outsider), blob, null)).isEqualTo(utf8("shared"));
        assertThat(h.decrypt(h.a(), h.encrypt(h.ctx(outsider), key.arn(), utf8("back"), null), null)).isEqualTo(utf8("back"));
    }

    @Test
    void createGrant_onAKeyPendingDeletion_isInvalidState() {
        h.kms.deletion().scheduleKeyDeletion(h.a(), key.keyId(), 7, false);
        assertThat(code(() -> grant(bob.arn(), null, List.of("Decrypt"), null, null, null))).isEqualTo("KMSInvalidStateException");
    }
}
