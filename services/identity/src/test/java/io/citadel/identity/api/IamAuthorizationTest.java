package io.citadel.identity.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.Principal;
import io.citadel.core.access.AccessDeniedException;
import io.citadel.identity.Account;
import io.citadel.protocol.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every IAM operation asks the authorization layer first, for the resource AWS names; STS as AWS documents. */
class IamAuthorizationTest {

    private final IamHarness h = new IamHarness();

    private Principal user(String name, String path, String policy) {
        h.iam("CreateUser", "UserName", name, "Path", path);
        if (policy != null) {
            h.iam("PutUserPolicy", "UserName", name, "PolicyName", "p", "PolicyDocument", policy);
        }
        return h.identity.principalOf(h.identity.createAccessKey(h.acct(), name));
    }

    private String denial(Principal caller, String action, String... kv) {
        try {
            h.iamAs(caller, action, kv);
        } catch (AccessDeniedException e) {
            return e.getMessage();
        }
        throw new AssertionError(action + " was not denied");
    }

    @Test
    void everyIamOperation_isDeniedToAUserWithoutPolicies() {
        h.iam("CreateUser", "UserName", "target");
        h.iam("CreateGroup", "GroupName", "g");
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        Principal nobody = user("nobody", "/", null);
        String policyArn = "arn:aws:iam::" + h.acct() + ":policy/p";
        List<String> notDenied = new ArrayList<>();
        for (Operation<?, ?> op : h.iam.operations().values()) {
            String[] params = {"UserName", "target", "GroupName", "g", "RoleName", "r", "PolicyArn", policyArn,
                    "PolicyName", "p", "AccessKeyId", "AKIAAAAAAAAAAAAAAAAA", "PolicySourceArn",
                    "arn:aws:iam::" + h.acct() + ":user/target"};
            try {
                h.iamAs(nobody, op.name(), params);
                notDenied.add(op.name());
            } catch (AccessDeniedException e) {
                assertThat(e.getMessage()).contains("is not authorized to perform: iam:" + op.name() + " on resource: ");
            } catch (RuntimeException e) {
                notDenied.add(op.name() + " (" + e.getMessage() + ")");
            }
        }
        assertThat(notDenied).isEmpty();
        assertThat(h.iam.operations()).hasSizeGreaterThan(60);
    }

    @Test
    void userOperations_areAuthorizedOnTheUsersArnWithItsPath() {
        h.iam("CreateUser", "UserName", "bob", "Path", "/eng/");
        Principal alice = user("alice", "/", IamHarness.allow("iam:GetUser", "arn:aws:iam::" + h.acct() + ":user/eng/*"));
        var bob = (IamShapes.GetUserResponse) h.iamAs(alice, "GetUser", "UserName", "bob");
        assertThat(bob.user().arn()).isEqualTo("arn:aws:iam::" + h.acct() + ":user/eng/bob");
        assertThat(denial(alice, "GetUser", "UserName", "alice")).isEqualTo("User: arn:aws:iam::" + h.acct()
                + ":user/alice is not authorized to perform: iam:GetUser on resource: arn:aws:iam::" + h.acct()
                + ":user/alice because no identity-based policy allows the iam:GetUser action");
        assertThat(denial(alice, "DeleteUser", "UserName", "bob")).contains("iam:DeleteUser on resource: arn:aws:iam::"
                + h.acct() + ":user/eng/bob");
    }

    @Test
    void listOperations_areAuthorizedOnStar() {
        Principal alice = user("alice", "/", IamHarness.allow("iam:ListUsers", "*"));
        assertThat(h.iamAs(alice, "ListUsers")).isNotNull();
        assertThat(denial(alice, "ListRoles")).contains("iam:ListRoles on resource: * because");
        assertThat(denial(alice, "CreateUser", "UserName", "x", "Path", "/ops/"))
                .contains("iam:CreateUser on resource: arn:aws:iam::" + h.acct() + ":user/ops/x because");
    }

    @Test
    void groupRoleAndPolicyOperations_nameTheirResource() {
        h.iam("CreateGroup", "GroupName", "g", "Path", "/a/");
        h.iam("CreateRole", "RoleName", "r", "Path", "/svc/", "AssumeRolePolicyDocument", h.trustAccount());
        Principal alice = user("alice", "/", null);
        assertThat(denial(alice, "GetGroup", "GroupName", "g")).contains("on resource: arn:aws:iam::" + h.acct() + ":group/a/g ");
        assertThat(denial(alice, "GetRole", "RoleName", "r")).contains("on resource: arn:aws:iam::" + h.acct() + ":role/svc/r ");
        String policyArn = "arn:aws:iam::" + h.acct() + ":policy/x/p";
        assertThat(denial(alice, "CreatePolicy", "PolicyName", "p", "Path", "/x/", "PolicyDocument",
                IamHarness.allow("s3:*", "*"))).contains("on resource: " + policyArn + " ");
        assertThat(denial(alice, "GetPolicy", "PolicyArn", policyArn)).contains("on resource: " + policyArn + " ");
    }

    @Test
    void attachUserPolicy_canBeLimitedByIamPolicyArn() {
        var allowed = (IamShapes.CreatePolicyResponse) h.iam("CreatePolicy", "PolicyName", "ok", "PolicyDocument",
                IamHarness.allow("s3:*", "*"));
        var other = (IamShapes.CreatePolicyResponse) h.iam("CreatePolicy", "PolicyName", "admin", "PolicyDocument",
                IamHarness.allow("*", "*"));
        h.iam("CreateUser", "UserName", "bob");
        Principal alice = user("alice", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iam:AttachUserPolicy\",\"Resource\":\"*\",\"Condition\":{\"ArnEquals\":"
                + "{\"iam:PolicyARN\":\"" + allowed.policy().arn() + "\"}}}]}");
        h.iamAs(alice, "AttachUserPolicy", "UserName", "bob", "PolicyArn", allowed.policy().arn());
        denial(alice, "AttachUserPolicy", "UserName", "bob", "PolicyArn", other.policy().arn());
    }

    @Test
    void tagUser_seesRequestTagsAndResourceTags() {
        h.iam("CreateUser", "UserName", "bob", "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue");
        h.iam("CreateUser", "UserName", "carol", "Tags.member.1.Key", "team", "Tags.member.1.Value", "red");
        Principal alice = user("alice", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"iam:TagUser\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
                + "{\"aws:ResourceTag/team\":\"blue\"},\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"env\"]}}}]}");
        h.iamAs(alice, "TagUser", "UserName", "bob", "Tags.member.1.Key", "env", "Tags.member.1.Value", "prod");
        denial(alice, "TagUser", "UserName", "carol", "Tags.member.1.Key", "env", "Tags.member.1.Value", "prod");
        denial(alice, "TagUser", "UserName", "bob", "Tags.member.1.Key", "owner", "Tags.member.1.Value", "x");
    }

    @Test
    void deniedCalls_changeNothing() {
        Principal alice = user("alice", "/", IamHarness.deny("iam:*", "*"));
        denial(alice, "CreateUser", "UserName", "mallory");
        h.iamFails("NoSuchEntity", "GetUser", "UserName", "mallory");
    }

    @Test
    void getCallerIdentity_andGetSessionToken_needNoPermission_evenWhenDenied() {
        Principal alice = user("alice", "/", IamHarness.deny("sts:*", "*"));
        assertThat(h.call(h.sts, alice, "GetCallerIdentity", IamHarness.params())).isNotNull();
        assertThat(h.call(h.sts, alice, "GetSessionToken", IamHarness.params())).isNotNull();
    }

    @Test
    void getAccessKeyInfo_needsStsGetAccessKeyInfo() {
        Principal alice = user("alice", "/", null);
        Principal bob = user("bob", "/", IamHarness.allow("sts:GetAccessKeyInfo", "*"));
        h.failsAs(alice, h.sts, "AccessDenied", "GetAccessKeyInfo", "AccessKeyId", h.rootKey.accessKeyId());
        var info = (StsShapes.GetAccessKeyInfoResponse) h.call(h.sts, bob, "GetAccessKeyInfo",
                IamHarness.params("AccessKeyId", h.rootKey.accessKeyId()));
        assertThat(info.account()).isEqualTo(h.acct());
    }

    @Test
    void assumeRole_crossAccount_needsTheTrustPolicyAndTheCallersOwnPolicy() {
        Account b = h.identity.createAccount("b");
        Principal rootB = h.identity.principalOf(h.identity.createAccessKey(b.id(), null));
        String roleArn = "arn:aws:iam::" + b.id() + ":role/shared";
        String trustA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + h.acct() + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        h.call(h.iam, rootB, "CreateRole", IamHarness.params("RoleName", "shared", "AssumeRolePolicyDocument", trustA));
        Principal without = user("without", "/", null);
        Principal with = user("with", "/", IamHarness.allow("sts:AssumeRole", roleArn));
        String[] args = {"RoleArn", roleArn, "RoleSessionName", "s1"};
        assertThatThrownBy(() -> h.call(h.sts, without, "AssumeRole", IamHarness.params(args)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("User: arn:aws:iam::" + h.acct() + ":user/without is not authorized to perform: sts:AssumeRole"
                        + " on resource: " + roleArn + " because no identity-based policy allows the sts:AssumeRole action");
        var out = (StsShapes.AssumeRoleResponse) h.call(h.sts, with, "AssumeRole", IamHarness.params(args));
        assertThat(out.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::" + b.id() + ":assumed-role/shared/s1");
    }

    @Test
    void assumeRole_crossAccount_trustNamingTheUserDirectly_stillNeedsTheUsersPolicy() {
        Account b = h.identity.createAccount("b");
        Principal rootB = h.identity.principalOf(h.identity.createAccessKey(b.id(), null));
        Principal alice = user("alice", "/", null);
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + alice.arn() + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        h.call(h.iam, rootB, "CreateRole", IamHarness.params("RoleName", "r", "AssumeRolePolicyDocument", trust));
        assertThatThrownBy(() -> h.call(h.sts, alice, "AssumeRole", IamHarness.params("RoleArn",
                "arn:aws:iam::" + b.id() + ":role/r", "RoleSessionName", "s1"))).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void assumeRole_explicitDenyInTheCallersPolicy_winsOverTheTrustPolicy() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + h.acct() + ":user/alice\"},\"Action\":\"sts:AssumeRole\"}]}";
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", trust);
        Principal alice = user("alice", "/", IamHarness.deny("sts:AssumeRole", "*"));
        assertThatThrownBy(() -> h.call(h.sts, alice, "AssumeRole", IamHarness.params("RoleArn",
                "arn:aws:iam::" + h.acct() + ":role/r", "RoleSessionName", "s1")))
                .isInstanceOf(AccessDeniedException.class).hasMessageEndingWith("with an explicit deny in an identity-based policy");
    }
}
