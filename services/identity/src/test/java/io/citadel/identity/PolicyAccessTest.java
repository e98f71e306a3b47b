package io.citadel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.access.AccessDeniedException;
import io.citadel.core.access.Authorization;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyKind;
import io.citadel.storage.InMemoryStorage;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyAccessTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final IdentityService identity = new IdentityService(new InMemoryStorage(), () -> NOW, new SecureRandom());
    private final PolicyAccess access = new PolicyAccess(identity);
    private final String acct = identity.createAccount("test").id();
    private final Principal root = identity.principalOf(identity.createAccessKey(acct, null));

    private Principal user(String name) {
        identity.iam().createUser(acct, name, "/team/", null, null);
        return identity.principalOf(identity.createAccessKey(acct, name));
    }

    private static RequestContext as(Principal p) {
        return new RequestContext("req-1", NOW, "10.1.2.3", "test", true, p, "eu-west-1", "iam", "ListUsers");
    }

    private static String policy(String effect, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    private void inline(String user, String name, String document) {
        identity.policies().putInlinePolicy(acct, EntityKind.USER, user, name, document);
    }

    private static String message(Runnable call) {
        try {
            call.run();
        } catch (AccessDeniedException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected AccessDeniedException");
    }

    @Test
    void require_withoutAnyPolicy_isAnImplicitDeny_inAwsWords() {
        Principal alice = user("alice");
        assertThat(message(() -> access.require(as(alice), "iam:ListUsers", "*"))).isEqualTo("User: arn:aws:iam::" + acct
                + ":user/team/alice is not authorized to perform: iam:ListUsers on resource: * because no identity-based "
                + "policy allows the iam:ListUsers action");
    }

    @Test
    void require_allowedByInlinePolicy_passes_andOnlyForWhatItNames() {
        Principal alice = user("alice");
        inline("alice", "list", policy("Allow", "iam:ListUsers", "*"));
        assertThatCode(() -> access.require(as(alice), "iam:ListUsers", "*")).doesNotThrowAnyException();
        assertThatThrownBy(() -> access.require(as(alice), "iam:CreateUser", "*")).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void require_explicitDenyInIdentityPolicy_winsOverAllow() {
        Principal alice = user("alice");
        inline("alice", "all", policy("Allow", "iam:*", "*"));
        inline("alice", "nodelete", policy("Deny", "iam:DeleteUser", "*"));
        String arn = "arn:aws:iam::" + acct + ":user/bob";
        assertThat(message(() -> access.require(as(alice), "iam:DeleteUser", arn))).isEqualTo("User: arn:aws:iam::" + acct
                + ":user/team/alice is not authorized to perform: iam:DeleteUser on resource: " + arn
                + " with an explicit deny in an identity-based policy");
    }

    @Test
    void require_explicitDenyInResourcePolicy_isNamedAsSuch() {
        Principal alice = user("alice");
        inline("alice", "all", policy("Allow", "kms:*", "*"));
        PolicyDocument keyPolicy = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":{\"AWS\":\"" + acct + "\"},\"Action\":\"kms:Decrypt\",\"Resource\":\"*\"}]}",
                PolicyKind.RESOURCE);
        String key = "arn:aws:kms:eu-west-1:" + acct + ":key/k1";
        assertThat(message(() -> access.require(as(alice),
                new Authorization("kms:Decrypt", key, keyPolicy, acct, false, null))))
                .endsWith("on resource: " + key + " with an explicit deny in a resource-based policy");
    }

    @Test
    void require_allowedByGroupPolicy() {
        Principal alice = user("alice");
        identity.iam().createGroup(acct, "readers", "/");
        identity.iam().addUserToGroup(acct, "readers", "alice");
        identity.policies().putInlinePolicy(acct, EntityKind.GROUP, "readers", "read", policy("Allow", "iam:Get*", "*"));
        assertThatCode(() -> access.require(as(alice), "iam:GetRole", "arn:aws:iam::" + acct + ":role/r"))
                .doesNotThrowAnyException();
    }

    @Test
    void require_allowedByAttachedManagedPolicy() {
        Principal alice = user("alice");
        ManagedPolicy managed = identity.policies().createPolicy(acct, "lister", "/", policy("Allow", "iam:List*", "*"),
                null, List.of());
        assertThatThrownBy(() -> access.require(as(alice), "iam:ListRoles", "*")).isInstanceOf(AccessDeniedException.class);
        identity.policies().attachPolicy(acct, EntityKind.USER, "alice", managed.arn());
        assertThatCode(() -> access.require(as(alice), "iam:ListRoles", "*")).doesNotThrowAnyException();
    }

    @Test
    void require_permissionsBoundary_limitsWhatIdentityPoliciesAllow() {
        Principal alice = user("alice");
        inline("alice", "all", policy("Allow", "iam:*", "*"));
        ManagedPolicy boundary = identity.policies().createPolicy(acct, "bound", "/", policy("Allow", "iam:List*", "*"),
                null, List.of());
        identity.iam().putUserPermissionsBoundary(acct, "alice", boundary.arn());
        assertThatCode(() -> access.require(as(alice), "iam:ListUsers", "*")).doesNotThrowAnyException();
        assertThat(message(() -> access.require(as(alice), "iam:CreateUser", "*")))
                .endsWith("because no permissions boundary allows the iam:CreateUser action");
    }

    @Test
    void require_rootUser_isAllowedWithoutPolicies() {
        assertThatCode(() -> access.require(as(root), "iam:CreateUser", "arn:aws:iam::" + acct + ":user/x"))
                .doesNotThrowAnyException();
    }

    @Test
    void require_rootUser_explicitlyDeniedByAResourcePolicy_isDenied() {
        PolicyDocument deny = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + acct + ":root\"},\"Action\":\"secretsmanager:*\","
                + "\"Resource\":\"*\"}]}", PolicyKind.RESOURCE);
        String secret = "arn:aws:secretsmanager:eu-west-1:" + acct + ":secret:s";
        assertThat(message(() -> access.require(as(root),
                new Authorization("secretsmanager:GetSecretValue", secret, deny, acct, false, null))))
                .isEqualTo("User: arn:aws:iam::" + acct + ":root is not authorized to perform: secretsmanager:GetSecretValue"
                        + " on resource: " + secret + " with an explicit deny in a resource-based policy");
    }

    @Test
    void require_fillsGlobalConditionKeysFromTheRequest_andServiceKeys() {
        Principal alice = user("alice");
        inline("alice", "scoped", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iam:ListUsers\",\"Resource\":\"*\",\"Condition\":{"
                + "\"IpAddress\":{\"aws:SourceIp\":\"10.1.0.0/16\"},\"Bool\":{\"aws:SecureTransport\":\"true\"},"
                + "\"StringEquals\":{\"aws:RequestedRegion\":\"eu-west-1\",\"aws:username\":\"alice\","
                + "\"iam:Flavour\":\"x\"},\"DateLessThan\":{\"aws:CurrentTime\":\"2026-06-01T00:00:00Z\"}}}]}");
        assertThatThrownBy(() -> access.require(as(alice), "iam:ListUsers", "*")).isInstanceOf(AccessDeniedException.class);
        assertThatCode(() -> access.require(as(alice), new Authorization("iam:ListUsers", "*", null, null, false,
                keys -> keys.put("iam:Flavour", "x")))).doesNotThrowAnyException();
        RequestContext elsewhere = new RequestContext("req-2", NOW, "192.168.0.1", "test", true, alice, "eu-west-1",
                "iam", "ListUsers");
        assertThatThrownBy(() -> access.require(elsewhere, new Authorization("iam:ListUsers", "*", null, null, false,
                keys -> keys.put("iam:Flavour", "x")))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void require_seesPolicyChangesAtOnce() {
        Principal alice = user("alice");
        assertThatThrownBy(() -> access.require(as(alice), "iam:ListUsers", "*")).isInstanceOf(AccessDeniedException.class);
        inline("alice", "list", policy("Allow", "iam:ListUsers", "*"));
        assertThatCode(() -> access.require(as(alice), "iam:ListUsers", "*")).doesNotThrowAnyException();
        identity.policies().deleteInlinePolicy(acct, EntityKind.USER, "alice", "list");
        assertThatThrownBy(() -> access.require(as(alice), "iam:ListUsers", "*")).isInstanceOf(AccessDeniedException.class);
    }
}
