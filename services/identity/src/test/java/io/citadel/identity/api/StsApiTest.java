package io.citadel.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import io.citadel.identity.AccessKey;
import io.citadel.identity.Account;
import io.citadel.identity.PrincipalPolicies;
import io.citadel.identity.api.StsShapes.*;
import io.citadel.protocol.sigv4.SigningCredential;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StsApiTest {

    private final IamHarness h = new IamHarness();
    private final AccessKeyCredentials credentials = new AccessKeyCredentials(h.identity, h.clock);

    private String roleArn(String name) {
        return "arn:aws:iam::" + h.acct() + ":role/" + name;
    }

    private AssumeRoleResponse assume(Principal caller, String role, String... extra) {
        String[] kv = new String[4 + extra.length];
        kv[0] = "RoleArn";
        kv[1] = roleArn(role);
        kv[2] = "RoleSessionName";
        kv[3] = "session1";
        System.arraycopy(extra, 0, kv, 4, extra.length);
        return (AssumeRoleResponse) h.call(h.sts, caller, "AssumeRole", IamHarness.params(kv));
    }

    private Principal userWithPolicy(String name, String policy) {
        h.iam("CreateUser", "UserName", name);
        if (policy != null) {
            h.iam("PutUserPolicy", "UserName", name, "PolicyName", "p", "PolicyDocument", policy);
        }
        AccessKey key = h.identity.createAccessKey(h.acct(), name);
        return h.identity.principalOf(key);
    }

    @Test
    void assumeRole_issuesCredentialsThatResolveToTheRoleSession() {
        h.iam("CreateRole", "RoleName", "admin", "AssumeRolePolicyDocument", h.trustAccount());
        h.iam("PutRolePolicy", "RoleName", "admin", "PolicyName", "all", "PolicyDocument", IamHarness.allow("*", "*"));
        AssumeRoleResponse out = assume(h.root, "admin");
        assertThat(out.credentials().expiration()).isEqualTo(h.now.get().plus(Duration.ofHours(1)));
        assertThat(out.packedPolicySize()).isNull();

        SigningCredential resolved = credentials.resolve(out.credentials().accessKeyId()).orElseThrow();
        assertThat(resolved.sessionToken()).isEqualTo(out.credentials().sessionToken());
        assertThat(resolved.secretAccessKey()).isEqualTo(out.credentials().secretAccessKey());
        Principal session = resolved.principal();
        assertThat(session.type()).isEqualTo(Principal.Type.ASSUMED_ROLE);
        assertThat(session.arn()).isEqualTo("arn:aws:sts::" + h.acct() + ":assumed-role/admin/session1");
        assertThat(session.userId()).isEqualTo(out.assumedRoleUser().assumedRoleId());

        var identity = (GetCallerIdentityResponse) h.call(h.sts, session, "GetCallerIdentity", IamHarness.params());
        assertThat(identity.arn()).isEqualTo(session.arn());
        assertThat(identity.userId()).startsWith("AROA").endsWith(":session1");

        PrincipalPolicies policies = h.identity.policiesFor(session);
        assertThat(policies.identityPolicies()).hasSize(1);
        assertThat(policies.principal().roleArn()).isEqualTo(roleArn("admin"));
        assertThat(policies.sessionPolicies()).isEmpty();
    }

    @Test
    void assumeRole_trustNamingTheAccount_needsTheUsersOwnPermission() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        Principal allowed = userWithPolicy("alice", IamHarness.allow("sts:AssumeRole", roleArn("r")));
        Principal denied = userWithPolicy("bob", null);
        assertThat(assume(allowed, "r").credentials().accessKeyId()).startsWith("ASIA");
        h.failsAs(denied, h.sts, "AccessDenied", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1");
        h.failsAs(h.root, h.sts, "AccessDenied", "AssumeRole", "RoleArn", roleArn("missing"), "RoleSessionName", "s1");
    }

    @Test
    void assumeRole_trustNamingAnotherPrincipal_deniesTheCaller() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + h.acct() + ":user/alice\"},\"Action\":\"sts:AssumeRole\"}]}";
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", trust);
        Principal alice = userWithPolicy("alice", null);
        Principal bob = userWithPolicy("bob", IamHarness.allow("sts:AssumeRole", "*"));
        assertThat(assume(alice, "r").assumedRoleUser().arn()).endsWith(":assumed-role/r/session1");
        h.failsAs(bob, h.sts, "AccessDenied", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1");
    }

    @Test
    void assumeRole_crossAccount_requiresTheTrustPolicyToNameTheCallersAccount() {
        Account other = h.identity.createAccount("other");
        Principal otherRoot = h.identity.principalOf(h.identity.createAccessKey(other.id(), null));
        h.iam("CreateRole", "RoleName", "local", "AssumeRolePolicyDocument", h.trustAccount());
        h.failsAs(otherRoot, h.sts, "AccessDenied", "AssumeRole", "RoleArn", roleArn("local"), "RoleSessionName", "s1");
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + other.id() + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        h.iam("CreateRole", "RoleName", "shared", "AssumeRolePolicyDocument", trust);
        assertThat(assume(otherRoot, "shared").assumedRoleUser().arn()).startsWith("arn:aws:sts::" + h.acct() + ":");
    }

    @Test
    void assumeRole_externalIdCondition() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + h.acct() + ":root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"abc-123\"}}}]}";
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", trust);
        h.failsAs(h.root, h.sts, "AccessDenied", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1");
        h.failsAs(h.root, h.sts, "AccessDenied", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1",
                "ExternalId", "wrong-1");
        assertThat(assume(h.root, "r", "ExternalId", "abc-123").credentials()).isNotNull();
    }

    @Test
    void assumeRole_durationLimits_andSessionNameRules() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount(), "MaxSessionDuration", "7200");
        h.iam("PutRolePolicy", "RoleName", "r", "PolicyName", "chain", "PolicyDocument", IamHarness.allow("sts:AssumeRole", "*"));
        assertThat(assume(h.root, "r", "DurationSeconds", "7200").credentials().expiration())
                .isEqualTo(h.now.get().plusSeconds(7200));
        h.failsAs(h.root, h.sts, "ValidationError", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1",
                "DurationSeconds", "7201");
        h.failsAs(h.root, h.sts, "ValidationError", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1",
                "DurationSeconds", "899");
        h.failsAs(h.root, h.sts, "ValidationError", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "x");
        h.failsAs(h.root, h.sts, "ValidationError", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "bad name");
        h.failsAs(h.root, h.sts, "ValidationError", "AssumeRole", "RoleArn", "not-an-arn-at-all-really", "RoleSessionName", "s1");

        Principal session = credentials.resolve(assume(h.root, "r").credentials().accessKeyId()).orElseThrow().principal();
        h.failsAs(session, h.sts, "ValidationError", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s2",
                "DurationSeconds", "3601");
    }

    @Test
    void assumeRole_sessionPolicyIsValidatedAndSized_andSessionTagsApply() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount(),
                "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue");
        h.failsAs(h.root, h.sts, "MalformedPolicyDocument", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1",
                "Policy", "{bad");
        h.failsAs(h.root, h.sts, "PackedPolicyTooLarge", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1",
                "Policy", IamHarness.allow("s3:*", "arn:aws:s3:::" + "x".repeat(2100)));
        AssumeRoleResponse out = assume(h.root, "r", "Policy", IamHarness.allow("s3:GetObject", "*"),
                "Tags.member.1.Key", "team", "Tags.member.1.Value", "red", "TransitiveTagKeys.member.1", "team");
        assertThat(out.packedPolicySize()).isBetween(1, 100);
        Principal session = credentials.resolve(out.credentials().accessKeyId()).orElseThrow().principal();
        PrincipalPolicies policies = h.identity.policiesFor(session);
        assertThat(policies.sessionPolicies()).hasSize(1);
        assertThat(policies.tags()).containsEntry("team", "red");
        h.failsAs(h.root, h.sts, "InvalidInput", "AssumeRole", "RoleArn", roleArn("r"), "RoleSessionName", "s1",
                "TransitiveTagKeys.member.1", "nope");
    }

    @Test
    void temporaryCredentials_expire_andEndWhenTheRoleIsDeleted() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        String first = assume(h.root, "r", "DurationSeconds", "900").credentials().accessKeyId();
        String second = assume(h.root, "r").credentials().accessKeyId();
        assertThat(credentials.resolve(first)).isPresent();
        h.advance(Duration.ofSeconds(900));
        assertThat(credentials.resolve(first)).as("expired exactly at Expiration, despite the cache").isEmpty();
        assertThat(credentials.resolve(second)).isPresent();

        h.iam("DeleteRole", "RoleName", "r");
        assertThat(credentials.resolve(second)).as("role deleted").isEmpty();
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        assertThat(credentials.resolve(second)).as("a new role with the same name is another role").isEmpty();

        h.advance(Duration.ofHours(2));
        assertThat(h.identity.sts().purgeExpired()).isEqualTo(2);
    }

    @Test
    void getSessionToken_forUsersAndRoot_notForSessions() {
        Principal alice = userWithPolicy("alice", null);
        var forUser = (GetSessionTokenResponse) h.call(h.sts, alice, "GetSessionToken", IamHarness.params());
        assertThat(forUser.credentials().expiration()).isEqualTo(h.now.get().plus(Duration.ofHours(12)));
        Principal resolved = credentials.resolve(forUser.credentials().accessKeyId()).orElseThrow().principal();
        assertThat(resolved.arn()).isEqualTo(alice.arn());
        assertThat(resolved.accessKeyId()).startsWith("ASIA");

        var forRoot = (GetSessionTokenResponse) h.call(h.sts, h.root, "GetSessionToken",
                IamHarness.params("DurationSeconds", "7200"));
        assertThat(forRoot.credentials().expiration()).as("root: at most one hour").isEqualTo(h.now.get().plusSeconds(3600));
        h.failsAs(alice, h.sts, "ValidationError", "GetSessionToken", "DurationSeconds", "129601");
        h.failsAs(resolved, h.sts, "AccessDenied", "GetSessionToken");
    }

    @Test
    void getAccessKeyInfo_namesTheAccount() {
        var longTerm = (GetAccessKeyInfoResponse) h.call(h.sts, h.root, "GetAccessKeyInfo",
                IamHarness.params("AccessKeyId", h.rootKey.accessKeyId()));
        assertThat(longTerm.account()).isEqualTo(h.acct());
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        var temporary = (GetAccessKeyInfoResponse) h.call(h.sts, h.root, "GetAccessKeyInfo",
                IamHarness.params("AccessKeyId", assume(h.root, "r").credentials().accessKeyId()));
        assertThat(temporary.account()).isEqualTo(h.acct());
    }

    @Test
    void policiesFor_user_includesInlineAttachedGroupAndBoundary_andRefreshesOnChange() {
        Principal alice = userWithPolicy("alice", IamHarness.allow("s3:GetObject", "*"));
        h.iam("CreatePolicy", "PolicyName", "m", "PolicyDocument", IamHarness.allow("s3:PutObject", "*"));
        h.iam("CreateGroup", "GroupName", "g");
        h.iam("AddUserToGroup", "GroupName", "g", "UserName", "alice");
        h.iam("PutGroupPolicy", "GroupName", "g", "PolicyName", "gp", "PolicyDocument", IamHarness.allow("s3:ListBucket", "*"));
        assertThat(h.identity.policiesFor(alice).identityPolicies()).hasSize(2);
        h.iam("AttachUserPolicy", "UserName", "alice", "PolicyArn", "arn:aws:iam::" + h.acct() + ":policy/m");
        h.iam("PutUserPermissionsBoundary", "UserName", "alice", "PermissionsBoundary", "arn:aws:iam::" + h.acct() + ":policy/m");
        h.iam("TagUser", "UserName", "alice", "Tags.member.1.Key", "dept", "Tags.member.1.Value", "x");
        PrincipalPolicies policies = h.identity.policiesFor(alice);
        assertThat(policies.identityPolicies()).extracting(d -> d.name())
                .containsExactly("p", "arn:aws:iam::" + h.acct() + ":policy/m", "gp");
        assertThat(policies.permissionsBoundary()).isNotNull();
        assertThat(policies.tags()).containsEntry("dept", "x");
        assertThat(h.identity.policiesFor(h.root).identityPolicies()).isEmpty();
    }

    @Test
    void deactivatedKey_stopsResolvingAtOnceOnThisNode() {
        AccessKey key = h.identity.createAccessKey(h.acct(), null);
        assertThat(credentials.resolve(key.accessKeyId()).orElseThrow().active()).isTrue();
        h.iam("UpdateAccessKey", "AccessKeyId", key.accessKeyId(), "Status", "Inactive");
        assertThat(credentials.resolve(key.accessKeyId()).orElseThrow().active()).isFalse();
    }
}
