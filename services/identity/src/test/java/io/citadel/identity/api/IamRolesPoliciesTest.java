package io.citadel.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.identity.api.IamShapes.*;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IamRolesPoliciesTest {

    private final IamHarness h = new IamHarness();

    private String policyArn(String name) {
        return "arn:aws:iam::" + h.acct() + ":policy/" + name;
    }

    @Test
    void createRole_validatesTrustPolicyAndSessionDuration() {
        var created = (CreateRoleResponse) h.iam("CreateRole", "RoleName", "app", "Path", "/svc/",
                "AssumeRolePolicyDocument", h.trustAccount(), "Description", "d", "MaxSessionDuration", "7200",
                "Tags.member.1.Key", "k", "Tags.member.1.Value", "v");
        assertThat(created.role().roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(created.role().arn()).isEqualTo("arn:aws:iam::" + h.acct() + ":role/svc/app");
        assertThat(created.role().maxSessionDuration()).isEqualTo(7200);
        h.iamFails("EntityAlreadyExists", "CreateRole", "RoleName", "APP", "AssumeRolePolicyDocument", h.trustAccount());
        h.iamFails("MalformedPolicyDocument", "CreateRole", "RoleName", "r2", "AssumeRolePolicyDocument", "{not json");
        h.iamFails("MalformedPolicyDocument", "CreateRole", "RoleName", "r2",
                "AssumeRolePolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iamFails("ValidationError", "CreateRole", "RoleName", "r2", "AssumeRolePolicyDocument", h.trustAccount(),
                "MaxSessionDuration", "3599");
        h.iamFails("ValidationError", "CreateRole", "RoleName", "r2", "AssumeRolePolicyDocument", h.trustAccount(),
                "MaxSessionDuration", "43201");
    }

    @Test
    void roles_getListUpdateDelete() {
        h.iam("CreateRole", "RoleName", "a", "AssumeRolePolicyDocument", h.trustAccount());
        h.iam("CreateRole", "RoleName", "b", "AssumeRolePolicyDocument", h.trustAccount());
        var list = (ListRolesResponse) h.iam("ListRoles", "MaxItems", "1");
        assertThat(list.roles()).extracting(IamShapes.Role::roleName).containsExactly("a");
        assertThat(list.isTruncated()).isTrue();
        String newTrust = h.trustAccount().replace("sts:AssumeRole", "sts:*");
        h.iam("UpdateAssumeRolePolicy", "RoleName", "a", "PolicyDocument", newTrust);
        var got = (GetRoleResponse) h.iam("GetRole", "RoleName", "a");
        assertThat(URLDecoder.decode(got.role().assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(newTrust);
        h.iamFails("MalformedPolicyDocument", "UpdateAssumeRolePolicy", "RoleName", "a", "PolicyDocument", "[]");
        h.iam("UpdateRole", "RoleName", "a", "MaxSessionDuration", "43200");
        assertThat(((GetRoleResponse) h.iam("GetRole", "RoleName", "a")).role().maxSessionDuration()).isEqualTo(43200);

        h.iam("PutRolePolicy", "RoleName", "a", "PolicyName", "p", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iamFails("DeleteConflict", "DeleteRole", "RoleName", "a");
        h.iam("DeleteRolePolicy", "RoleName", "a", "PolicyName", "p");
        h.iam("DeleteRole", "RoleName", "a");
        h.iamFails("NoSuchEntity", "GetRole", "RoleName", "a");
        h.iamFails("NoSuchEntity", "DeleteRole", "RoleName", "a");
    }

    @Test
    void inlinePolicies_putGetListDelete_withUrlEncodedDocument() {
        h.iam("CreateUser", "UserName", "u");
        String doc = IamHarness.allow("s3:GetObject", "arn:aws:s3:::b/*");
        h.iam("PutUserPolicy", "UserName", "u", "PolicyName", "read", "PolicyDocument", doc);
        h.iam("PutUserPolicy", "UserName", "u", "PolicyName", "read2", "PolicyDocument", doc);
        var got = (GetUserPolicyResponse) h.iam("GetUserPolicy", "UserName", "u", "PolicyName", "read");
        assertThat(got.policyDocument()).doesNotContain("{");
        assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(doc);
        var names = (ListPoliciesNamesResponse) h.iam("ListUserPolicies", "UserName", "u", "MaxItems", "1");
        assertThat(names.policyNames()).containsExactly("read");
        assertThat(names.isTruncated()).isTrue();
        h.iam("DeleteUserPolicy", "UserName", "u", "PolicyName", "read");
        h.iamFails("NoSuchEntity", "GetUserPolicy", "UserName", "u", "PolicyName", "read");
        h.iamFails("NoSuchEntity", "DeleteUserPolicy", "UserName", "u", "PolicyName", "read");
        h.iamFails("NoSuchEntity", "PutUserPolicy", "UserName", "ghost", "PolicyName", "p", "PolicyDocument", doc);
        h.iamFails("MalformedPolicyDocument", "PutUserPolicy", "UserName", "u", "PolicyName", "p",
                "PolicyDocument", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Alow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
        h.iamFails("ValidationError", "PutUserPolicy", "UserName", "u", "PolicyName", "bad name", "PolicyDocument", doc);
    }

    @Test
    void inlinePolicies_aggregateSizeLimitsPerEntityKind() {
        h.iam("CreateUser", "UserName", "u");
        h.iam("CreateGroup", "GroupName", "g");
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        String big = IamHarness.allow("s3:GetObject", "arn:aws:s3:::" + "x".repeat(1900));
        h.iam("PutUserPolicy", "UserName", "u", "PolicyName", "a", "PolicyDocument", big);
        h.iamFails("LimitExceeded", "PutUserPolicy", "UserName", "u", "PolicyName", "b", "PolicyDocument", big);
        h.iam("PutUserPolicy", "UserName", "u", "PolicyName", "a", "PolicyDocument", big);
        h.iam("PutGroupPolicy", "GroupName", "g", "PolicyName", "a", "PolicyDocument", big);
        h.iam("PutGroupPolicy", "GroupName", "g", "PolicyName", "b", "PolicyDocument", big);
        h.iamFails("LimitExceeded", "PutGroupPolicy", "GroupName", "g", "PolicyName", "c", "PolicyDocument", big);
        for (String n : new String[] {"a", "b", "c", "d", "e"}) {
            h.iam("PutRolePolicy", "RoleName", "r", "PolicyName", n, "PolicyDocument", big);
        }
        h.iamFails("LimitExceeded", "PutRolePolicy", "RoleName", "r", "PolicyName", "f", "PolicyDocument", big);
        var whitespace = "{\"Version\":\"2012-10-17\",   " + " ".repeat(3000)
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        h.iam("CreateUser", "UserName", "w");
        h.iam("PutUserPolicy", "UserName", "w", "PolicyName", "ws", "PolicyDocument", whitespace);
    }

    @Test
    void managedPolicy_versions_upToFive_defaultAndDeletion() {
        var created = (CreatePolicyResponse) h.iam("CreatePolicy", "PolicyName", "p", "Path", "/team/",
                "PolicyDocument", IamHarness.allow("s3:*", "*"), "Description", "desc");
        String arn = "arn:aws:iam::" + h.acct() + ":policy/team/p";
        assertThat(created.policy().arn()).isEqualTo(arn);
        h.iamFails("EntityAlreadyExists", "CreatePolicy", "PolicyName", "p", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iamFails("MalformedPolicyDocument", "CreatePolicy", "PolicyName", "q", "PolicyDocument", "{}");
        h.iamFails("LimitExceeded", "CreatePolicy", "PolicyName", "q",
                "PolicyDocument", IamHarness.allow("s3:*", "arn:aws:s3:::" + "x".repeat(6200)));

        for (int i = 2; i <= 5; i++) {
            var v = (CreatePolicyVersionResponse) h.iam("CreatePolicyVersion", "PolicyArn", arn,
                    "PolicyDocument", IamHarness.allow("s3:GetObject" + i, "*"), "SetAsDefault", i == 3 ? "true" : "false");
            assertThat(v.policyVersion().versionId()).isEqualTo("v" + i);
            assertThat(v.policyVersion().isDefaultVersion()).isEqualTo(i == 3);
        }
        h.iamFails("LimitExceeded", "CreatePolicyVersion", "PolicyArn", arn, "PolicyDocument", IamHarness.allow("s3:*", "*"));
        var policy = (GetPolicyResponse) h.iam("GetPolicy", "PolicyArn", arn);
        assertThat(policy.policy().defaultVersionId()).isEqualTo("v3");
        var v3 = (GetPolicyVersionResponse) h.iam("GetPolicyVersion", "PolicyArn", arn, "VersionId", "v3");
        assertThat(URLDecoder.decode(v3.policyVersion().document(), StandardCharsets.UTF_8))
                .isEqualTo(IamHarness.allow("s3:GetObject3", "*"));
        var versions = (ListPolicyVersionsResponse) h.iam("ListPolicyVersions", "PolicyArn", arn);
        assertThat(versions.versions()).extracting(IamShapes.PolicyVersion::versionId).containsExactly("v5", "v4", "v3", "v2", "v1");
        assertThat(versions.versions().get(0).document()).isNull();

        h.iamFails("DeleteConflict", "DeletePolicyVersion", "PolicyArn", arn, "VersionId", "v3");
        h.iamFails("DeleteConflict", "DeletePolicy", "PolicyArn", arn);
        h.iam("SetDefaultPolicyVersion", "PolicyArn", arn, "VersionId", "v5");
        h.iamFails("NoSuchEntity", "SetDefaultPolicyVersion", "PolicyArn", arn, "VersionId", "v9");
        for (String v : new String[] {"v1", "v2", "v3", "v4"}) {
            h.iam("DeletePolicyVersion", "PolicyArn", arn, "VersionId", v);
        }
        var v6 = (CreatePolicyVersionResponse) h.iam("CreatePolicyVersion", "PolicyArn", arn,
                "PolicyDocument", IamHarness.allow("s3:*", "*"));
        assertThat(v6.policyVersion().versionId()).as("never renumbered").isEqualTo("v6");
        h.iam("DeletePolicyVersion", "PolicyArn", arn, "VersionId", "v6");
        h.iam("DeletePolicy", "PolicyArn", arn);
        h.iamFails("NoSuchEntity", "GetPolicy", "PolicyArn", arn);
        h.iamFails("InvalidInput", "GetPolicy", "PolicyArn", "arn:aws:s3:::not-a-policy-arn");
    }

    @Test
    void attachments_countLimitAndDeleteConflict() {
        h.iam("CreateUser", "UserName", "u");
        h.iam("CreateGroup", "GroupName", "g");
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        for (int i = 0; i < 11; i++) {
            h.iam("CreatePolicy", "PolicyName", "p" + i, "PolicyDocument", IamHarness.allow("s3:*", "*"));
        }
        for (int i = 0; i < 10; i++) {
            h.iam("AttachRolePolicy", "RoleName", "r", "PolicyArn", policyArn("p" + i));
        }
        h.iam("AttachRolePolicy", "RoleName", "r", "PolicyArn", policyArn("p0"));
        h.iamFails("LimitExceeded", "AttachRolePolicy", "RoleName", "r", "PolicyArn", policyArn("p10"));
        h.iam("AttachUserPolicy", "UserName", "u", "PolicyArn", policyArn("p0"));
        h.iam("AttachGroupPolicy", "GroupName", "g", "PolicyArn", policyArn("p0"));
        h.iamFails("NoSuchEntity", "AttachUserPolicy", "UserName", "u", "PolicyArn", policyArn("missing"));

        var attached = (ListAttachedPoliciesResponse) h.iam("ListAttachedRolePolicies", "RoleName", "r", "MaxItems", "3");
        assertThat(attached.attachedPolicies()).extracting(IamShapes.AttachedPolicy::policyName).containsExactly("p0", "p1", "p2");
        assertThat(attached.isTruncated()).isTrue();
        var forUser = (ListAttachedPoliciesResponse) h.iam("ListAttachedUserPolicies", "UserName", "u");
        assertThat(forUser.attachedPolicies()).extracting(IamShapes.AttachedPolicy::policyArn).containsExactly(policyArn("p0"));
        var forGroup = (ListAttachedPoliciesResponse) h.iam("ListAttachedGroupPolicies", "GroupName", "g");
        assertThat(forGroup.attachedPolicies()).hasSize(1);

        assertThat(((GetPolicyResponse) h.iam("GetPolicy", "PolicyArn", policyArn("p0"))).policy().attachmentCount()).isEqualTo(3);
        var onlyAttached = (ListPoliciesResponse) h.iam("ListPolicies", "Scope", "Local", "OnlyAttached", "true");
        assertThat(onlyAttached.policies()).hasSize(10);
        assertThat(((ListPoliciesResponse) h.iam("ListPolicies")).policies()).hasSize(11);
        assertThat(((ListPoliciesResponse) h.iam("ListPolicies", "Scope", "AWS")).policies()).isEmpty();

        h.iamFails("DeleteConflict", "DeletePolicy", "PolicyArn", policyArn("p0"));
        h.iam("DetachUserPolicy", "UserName", "u", "PolicyArn", policyArn("p0"));
        h.iamFails("NoSuchEntity", "DetachUserPolicy", "UserName", "u", "PolicyArn", policyArn("p0"));
        h.iam("DetachGroupPolicy", "GroupName", "g", "PolicyArn", policyArn("p0"));
        h.iam("DetachRolePolicy", "RoleName", "r", "PolicyArn", policyArn("p0"));
        h.iam("DeletePolicy", "PolicyArn", policyArn("p0"));
    }

    @Test
    void permissionsBoundaries_setUsageCountAndBlockPolicyDeletion() {
        h.iam("CreatePolicy", "PolicyName", "b", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iam("CreateUser", "UserName", "u", "PermissionsBoundary", policyArn("b"));
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        h.iam("PutRolePermissionsBoundary", "RoleName", "r", "PermissionsBoundary", policyArn("b"));
        var user = (GetUserResponse) h.iam("GetUser", "UserName", "u");
        assertThat(user.user().permissionsBoundary().permissionsBoundaryArn()).isEqualTo(policyArn("b"));
        assertThat(user.user().permissionsBoundary().permissionsBoundaryType()).isEqualTo("PermissionsBoundaryPolicy");
        var role = (GetRoleResponse) h.iam("GetRole", "RoleName", "r");
        assertThat(role.role().permissionsBoundary().permissionsBoundaryArn()).isEqualTo(policyArn("b"));
        assertThat(((GetPolicyResponse) h.iam("GetPolicy", "PolicyArn", policyArn("b"))).policy()
                .permissionsBoundaryUsageCount()).isEqualTo(2);
        h.iamFails("DeleteConflict", "DeletePolicy", "PolicyArn", policyArn("b"));
        h.iamFails("NoSuchEntity", "PutUserPermissionsBoundary", "UserName", "u", "PermissionsBoundary", policyArn("nope"));

        h.iam("DeleteUserPermissionsBoundary", "UserName", "u");
        h.iam("DeleteRolePermissionsBoundary", "RoleName", "r");
        assertThat(((GetUserResponse) h.iam("GetUser", "UserName", "u")).user().permissionsBoundary()).isNull();
        h.iam("DeletePolicy", "PolicyArn", policyArn("b"));
    }

    @Test
    void roleTags_tagUntagList() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        h.iam("TagRole", "RoleName", "r", "Tags.member.1.Key", "a", "Tags.member.1.Value", "1",
                "Tags.member.2.Key", "b", "Tags.member.2.Value", "2");
        var page = (ListTagsResponse) h.iam("ListRoleTags", "RoleName", "r", "MaxItems", "1");
        assertThat(page.tags()).extracting(IamShapes.Tag::key).containsExactly("a");
        assertThat(page.isTruncated()).isTrue();
        h.iam("UntagRole", "RoleName", "r", "TagKeys.member.1", "A");
        assertThat(((ListTagsResponse) h.iam("ListRoleTags", "RoleName", "r")).tags()).extracting(IamShapes.Tag::key)
                .containsExactly("b");
        h.iamFails("NoSuchEntity", "TagRole", "RoleName", "ghost", "Tags.member.1.Key", "a", "Tags.member.1.Value", "1");
    }

    @Test
    void simulatePrincipalPolicy_reportsDecisionsAndMatchedStatements() {
        h.iam("CreateUser", "UserName", "u");
        h.iam("PutUserPolicy", "UserName", "u", "PolicyName", "read", "PolicyDocument", IamHarness.allow("s3:GetObject", "*"));
        h.iam("CreateGroup", "GroupName", "g");
        h.iam("AddUserToGroup", "GroupName", "g", "UserName", "u");
        h.iam("CreatePolicy", "PolicyName", "nodelete", "PolicyDocument", IamHarness.deny("s3:DeleteObject", "*"));
        h.iam("AttachGroupPolicy", "GroupName", "g", "PolicyArn", policyArn("nodelete"));

        var out = (SimulatePolicyResponse) h.iam("SimulatePrincipalPolicy",
                "PolicySourceArn", "arn:aws:iam::" + h.acct() + ":user/u",
                "ActionNames.member.1", "s3:GetObject", "ActionNames.member.2", "s3:DeleteObject",
                "ActionNames.member.3", "s3:PutObject", "ResourceArns.member.1", "arn:aws:s3:::b/k");
        assertThat(out.evaluationResults()).extracting(EvaluationResult::evalActionName, EvaluationResult::evalDecision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("s3:GetObject", "allowed"),
                        org.assertj.core.groups.Tuple.tuple("s3:DeleteObject", "explicitDeny"),
                        org.assertj.core.groups.Tuple.tuple("s3:PutObject", "implicitDeny"));
        assertThat(out.evaluationResults().get(0).matchedStatements()).extracting(IamShapes.Statement::sourcePolicyId,
                IamShapes.Statement::sourcePolicyType).containsExactly(org.assertj.core.groups.Tuple.tuple("read", "user"));
        assertThat(out.evaluationResults().get(1).matchedStatements().get(0).sourcePolicyType()).isEqualTo("user-managed");
        assertThat(out.evaluationResults().get(2).matchedStatements()).isEmpty();
        h.iamFails("NoSuchEntity", "SimulatePrincipalPolicy", "PolicySourceArn", "arn:aws:iam::" + h.acct() + ":user/ghost",
                "ActionNames.member.1", "s3:GetObject");
    }

    @Test
    void simulateCustomPolicy_evaluatesOnlyTheGivenPolicies_withPaging() {
        var out = (SimulatePolicyResponse) h.iam("SimulateCustomPolicy",
                "PolicyInputList.member.1", IamHarness.allow("kms:*", "*"),
                "PolicyInputList.member.2", IamHarness.deny("kms:ScheduleKeyDeletion", "*"),
                "ActionNames.member.1", "kms:Encrypt", "ActionNames.member.2", "kms:ScheduleKeyDeletion", "MaxItems", "1");
        assertThat(out.evaluationResults()).extracting(EvaluationResult::evalDecision).containsExactly("allowed");
        assertThat(out.evaluationResults().get(0).evalResourceName()).isEqualTo("*");
        assertThat(out.evaluationResults().get(0).matchedStatements().get(0).sourcePolicyId()).isEqualTo("PolicyInputList.1");
        assertThat(out.isTruncated()).isTrue();
        var rest = (SimulatePolicyResponse) h.iam("SimulateCustomPolicy",
                "PolicyInputList.member.1", IamHarness.allow("kms:*", "*"),
                "PolicyInputList.member.2", IamHarness.deny("kms:ScheduleKeyDeletion", "*"),
                "ActionNames.member.1", "kms:Encrypt", "ActionNames.member.2", "kms:ScheduleKeyDeletion",
                "Marker", out.marker());
        assertThat(rest.evaluationResults()).extracting(EvaluationResult::evalDecision).containsExactly("explicitDeny");
        h.iamFails("MalformedPolicyDocument", "SimulateCustomPolicy", "PolicyInputList.member.1", "nope",
                "ActionNames.member.1", "kms:Encrypt");
    }
}
