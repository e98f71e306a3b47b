package io.citadel.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import io.citadel.identity.AccessKey;
import io.citadel.identity.api.IamShapes.*;
import org.junit.jupiter.api.Test;

class IamUsersGroupsTest {

    private final IamHarness h = new IamHarness();

    @Test
    void createUser_thenGet_andDuplicateIgnoringCase_isEntityAlreadyExists() {
        var created = (CreateUserResponse) h.iam("CreateUser", "UserName", "alice", "Path", "/eng/");
        assertThat(created.user().userId()).matches("AIDA[A-Z2-7]{17}");
        var got = (GetUserResponse) h.iam("GetUser", "UserName", "ALICE");
        assertThat(got.user().userName()).isEqualTo("alice");
        assertThat(got.user().path()).isEqualTo("/eng/");
        h.iamFails("EntityAlreadyExists", "CreateUser", "UserName", "Alice");
    }

    @Test
    void badNamesAndPaths_areValidationErrors_andMissingUsers_NoSuchEntity() {
        h.iamFails("ValidationError", "CreateUser", "UserName", "bad name");
        h.iamFails("ValidationError", "CreateUser", "UserName", "x".repeat(65));
        h.iamFails("ValidationError", "CreateUser", "UserName", "ok", "Path", "noslash");
        h.iamFails("NoSuchEntity", "GetUser", "UserName", "ghost");
        h.iamFails("NoSuchEntity", "DeleteUser", "UserName", "ghost");
    }

    @Test
    void getUser_withoutName_isTheCaller() {
        var rootView = (GetUserResponse) h.iam("GetUser");
        assertThat(rootView.user().arn()).isEqualTo("arn:aws:iam::" + h.acct() + ":root");
        assertThat(rootView.user().userId()).isEqualTo(h.acct());
        h.iam("CreateUser", "UserName", "bob");
        AccessKey key = h.identity.createAccessKey(h.acct(), "bob");
        Principal bob = h.identity.principalOf(key);
        h.failsAs(bob, h.iam, "AccessDenied", "GetUser");
        h.iam("PutUserPolicy", "UserName", "bob", "PolicyName", "self", "PolicyDocument",
                IamHarness.allow("iam:GetUser", "arn:aws:iam::" + h.acct() + ":user/${aws:username}"));
        var self = (GetUserResponse) h.iamAs(bob, "GetUser");
        assertThat(self.user().userName()).isEqualTo("bob");
    }

    @Test
    void listUsers_pagesWithMarker_andFiltersByPathPrefix() {
        for (String name : new String[] {"u1", "u2", "u3", "u4", "u5"}) {
            h.iam("CreateUser", "UserName", name, "Path", name.equals("u5") ? "/ops/" : "/");
        }
        var first = (ListUsersResponse) h.iam("ListUsers", "MaxItems", "2");
        assertThat(first.users()).extracting(IamShapes.User::userName).containsExactly("u1", "u2");
        assertThat(first.isTruncated()).isTrue();
        var second = (ListUsersResponse) h.iam("ListUsers", "MaxItems", "2", "Marker", first.marker());
        assertThat(second.users()).extracting(IamShapes.User::userName).containsExactly("u3", "u4");
        var third = (ListUsersResponse) h.iam("ListUsers", "MaxItems", "2", "Marker", second.marker());
        assertThat(third.users()).extracting(IamShapes.User::userName).containsExactly("u5");
        assertThat(third.isTruncated()).isFalse();
        assertThat(third.marker()).isNull();
        var ops = (ListUsersResponse) h.iam("ListUsers", "PathPrefix", "/ops/");
        assertThat(ops.users()).extracting(IamShapes.User::userName).containsExactly("u5");
        h.iamFails("ValidationError", "ListUsers", "MaxItems", "0");
    }

    @Test
    void updateUser_renames_movingKeysPoliciesAndGroups() {
        h.iam("CreateUser", "UserName", "old");
        AccessKey key = h.identity.createAccessKey(h.acct(), "old");
        h.iam("PutUserPolicy", "UserName", "old", "PolicyName", "p", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iam("CreateGroup", "GroupName", "g");
        h.iam("AddUserToGroup", "GroupName", "g", "UserName", "old");
        h.iam("UpdateUser", "UserName", "old", "NewUserName", "new", "NewPath", "/moved/");

        h.iamFails("NoSuchEntity", "GetUser", "UserName", "old");
        var user = (GetUserResponse) h.iam("GetUser", "UserName", "new");
        assertThat(user.user().arn()).isEqualTo("arn:aws:iam::" + h.acct() + ":user/moved/new");
        assertThat(h.identity.accessKey(key.accessKeyId()).orElseThrow().userName()).isEqualTo("new");
        var keys = (ListAccessKeysResponse) h.iam("ListAccessKeys", "UserName", "new");
        assertThat(keys.accessKeyMetadata()).extracting(AccessKeyMetadata::accessKeyId).containsExactly(key.accessKeyId());
        var policies = (ListPoliciesNamesResponse) h.iam("ListUserPolicies", "UserName", "new");
        assertThat(policies.policyNames()).containsExactly("p");
        var group = (GetGroupResponse) h.iam("GetGroup", "GroupName", "g");
        assertThat(group.users()).extracting(IamShapes.User::userName).containsExactly("new");
        h.iam("CreateUser", "UserName", "other");
        h.iamFails("EntityAlreadyExists", "UpdateUser", "UserName", "new", "NewUserName", "OTHER");
    }

    @Test
    void deleteUser_isRefusedWhileItHasKeysPoliciesAttachmentsOrGroups() {
        h.iam("CreateUser", "UserName", "u");
        AccessKey key = h.identity.createAccessKey(h.acct(), "u");
        h.iamFails("DeleteConflict", "DeleteUser", "UserName", "u");
        h.iam("DeleteAccessKey", "UserName", "u", "AccessKeyId", key.accessKeyId());

        h.iam("PutUserPolicy", "UserName", "u", "PolicyName", "p", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iamFails("DeleteConflict", "DeleteUser", "UserName", "u");
        h.iam("DeleteUserPolicy", "UserName", "u", "PolicyName", "p");

        h.iam("CreatePolicy", "PolicyName", "m", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        String arn = "arn:aws:iam::" + h.acct() + ":policy/m";
        h.iam("AttachUserPolicy", "UserName", "u", "PolicyArn", arn);
        h.iamFails("DeleteConflict", "DeleteUser", "UserName", "u");
        h.iam("DetachUserPolicy", "UserName", "u", "PolicyArn", arn);

        h.iam("CreateGroup", "GroupName", "g");
        h.iam("AddUserToGroup", "GroupName", "g", "UserName", "u");
        h.iamFails("DeleteConflict", "DeleteUser", "UserName", "u");
        h.iam("RemoveUserFromGroup", "GroupName", "g", "UserName", "u");

        h.iam("DeleteUser", "UserName", "u");
        h.iamFails("NoSuchEntity", "GetUser", "UserName", "u");
    }

    @Test
    void groups_membership_listing_andDeleteConflict() {
        var created = (CreateGroupResponse) h.iam("CreateGroup", "GroupName", "admins", "Path", "/x/");
        assertThat(created.group().groupId()).matches("AGPA[A-Z2-7]{17}");
        assertThat(created.group().arn()).isEqualTo("arn:aws:iam::" + h.acct() + ":group/x/admins");
        h.iamFails("EntityAlreadyExists", "CreateGroup", "GroupName", "ADMINS");
        h.iam("CreateUser", "UserName", "a");
        h.iam("CreateUser", "UserName", "b");
        h.iam("AddUserToGroup", "GroupName", "admins", "UserName", "a");
        h.iam("AddUserToGroup", "GroupName", "admins", "UserName", "b");
        h.iamFails("NoSuchEntity", "AddUserToGroup", "GroupName", "nope", "UserName", "a");

        var page = (GetGroupResponse) h.iam("GetGroup", "GroupName", "admins", "MaxItems", "1");
        assertThat(page.users()).extracting(IamShapes.User::userName).containsExactly("a");
        assertThat(page.isTruncated()).isTrue();
        var rest = (GetGroupResponse) h.iam("GetGroup", "GroupName", "admins", "Marker", page.marker());
        assertThat(rest.users()).extracting(IamShapes.User::userName).containsExactly("b");

        var forUser = (ListGroupsForUserResponse) h.iam("ListGroupsForUser", "UserName", "a");
        assertThat(forUser.groups()).extracting(IamShapes.Group::groupName).containsExactly("admins");
        var all = (ListGroupsResponse) h.iam("ListGroups", "PathPrefix", "/x/");
        assertThat(all.groups()).hasSize(1);

        h.iamFails("DeleteConflict", "DeleteGroup", "GroupName", "admins");
        h.iam("RemoveUserFromGroup", "GroupName", "admins", "UserName", "a");
        h.iamFails("NoSuchEntity", "RemoveUserFromGroup", "GroupName", "admins", "UserName", "a");
        h.iam("RemoveUserFromGroup", "GroupName", "admins", "UserName", "b");
        h.iam("PutGroupPolicy", "GroupName", "admins", "PolicyName", "p", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iamFails("DeleteConflict", "DeleteGroup", "GroupName", "admins");
        h.iam("DeleteGroupPolicy", "GroupName", "admins", "PolicyName", "p");
        h.iam("DeleteGroup", "GroupName", "admins");
        h.iamFails("NoSuchEntity", "GetGroup", "GroupName", "admins");
    }

    @Test
    void aUserMayBeInAtMostTenGroups() {
        h.iam("CreateUser", "UserName", "u");
        for (int i = 0; i < 10; i++) {
            h.iam("CreateGroup", "GroupName", "g" + i);
            h.iam("AddUserToGroup", "GroupName", "g" + i, "UserName", "u");
        }
        h.iam("CreateGroup", "GroupName", "g10");
        h.iamFails("LimitExceeded", "AddUserToGroup", "GroupName", "g10", "UserName", "u");
    }

    @Test
    void accessKeys_createListUpdateDelete_andLimits() {
        h.iam("CreateUser", "UserName", "u");
        var created = (CreateAccessKeyResponse) h.iam("CreateAccessKey", "UserName", "u");
        assertThat(created.accessKey().accessKeyId()).matches("AKIA[A-Z2-7]{16}");
        assertThat(created.accessKey().secretAccessKey()).hasSize(40);
        assertThat(created.accessKey().userName()).isEqualTo("u");
        h.iam("CreateAccessKey", "UserName", "u");
        h.iamFails("LimitExceeded", "CreateAccessKey", "UserName", "u");

        String id = created.accessKey().accessKeyId();
        h.iam("UpdateAccessKey", "UserName", "u", "AccessKeyId", id, "Status", "Inactive");
        var list = (ListAccessKeysResponse) h.iam("ListAccessKeys", "UserName", "u", "MaxItems", "1");
        assertThat(list.accessKeyMetadata()).hasSize(1);
        assertThat(list.isTruncated()).isTrue();
        assertThat(h.identity.accessKey(id).orElseThrow().status()).isEqualTo(AccessKey.Status.Inactive);
        h.iamFails("ValidationError", "UpdateAccessKey", "UserName", "u", "AccessKeyId", id, "Status", "Bogus");
        h.iamFails("NoSuchEntity", "UpdateAccessKey", "AccessKeyId", id, "Status", "Active");
        h.iam("DeleteAccessKey", "UserName", "u", "AccessKeyId", id);
        h.iamFails("NoSuchEntity", "DeleteAccessKey", "UserName", "u", "AccessKeyId", id);
        assertThat(h.identity.accessKey(id)).isEmpty();
    }

    @Test
    void accessKeyLastUsed_isRecordedAtMostOncePerMinute() {
        var never = (GetAccessKeyLastUsedResponse) h.iam("GetAccessKeyLastUsed", "AccessKeyId", h.rootKey.accessKeyId());
        assertThat(never.accessKeyLastUsed().serviceName()).isEqualTo("N/A");
        assertThat(never.accessKeyLastUsed().lastUsedDate()).isNull();

        AccessKeyCredentials credentials = new AccessKeyCredentials(h.identity, h.clock);
        credentials.recordUse(new io.citadel.protocol.sigv4.Authenticated(h.root, "us-east-1", "iam"));
        var used = (GetAccessKeyLastUsedResponse) h.iam("GetAccessKeyLastUsed", "AccessKeyId", h.rootKey.accessKeyId());
        assertThat(used.accessKeyLastUsed().lastUsedDate()).isEqualTo(h.now.get());
        assertThat(used.accessKeyLastUsed().serviceName()).isEqualTo("iam");

        var before = h.now.get();
        h.advance(java.time.Duration.ofSeconds(30));
        credentials.recordUse(new io.citadel.protocol.sigv4.Authenticated(h.root, "eu-west-1", "sts"));
        var throttled = (GetAccessKeyLastUsedResponse) h.iam("GetAccessKeyLastUsed", "AccessKeyId", h.rootKey.accessKeyId());
        assertThat(throttled.accessKeyLastUsed().lastUsedDate()).isEqualTo(before);
        h.advance(java.time.Duration.ofSeconds(31));
        credentials.recordUse(new io.citadel.protocol.sigv4.Authenticated(h.root, "eu-west-1", "sts"));
        var later = (GetAccessKeyLastUsedResponse) h.iam("GetAccessKeyLastUsed", "AccessKeyId", h.rootKey.accessKeyId());
        assertThat(later.accessKeyLastUsed().region()).isEqualTo("eu-west-1");
        h.iamFails("NoSuchEntity", "GetAccessKeyLastUsed", "AccessKeyId", "AKIAAAAAAAAAAAAAAAAA");
    }

    @Test
    void userTags_tagUntagList_andRules() {
        h.iam("CreateUser", "UserName", "u");
        h.iam("TagUser", "UserName", "u", "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue",
                "Tags.member.2.Key", "env", "Tags.member.2.Value", "prod");
        h.iam("TagUser", "UserName", "u", "Tags.member.1.Key", "TEAM", "Tags.member.1.Value", "red");
        var tags = (ListTagsResponse) h.iam("ListUserTags", "UserName", "u");
        assertThat(tags.tags()).extracting(IamShapes.Tag::key, IamShapes.Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("env", "prod"), org.assertj.core.groups.Tuple.tuple("TEAM", "red"));
        h.iam("UntagUser", "UserName", "u", "TagKeys.member.1", "team");
        assertThat(((ListTagsResponse) h.iam("ListUserTags", "UserName", "u")).tags()).hasSize(1);

        h.iamFails("InvalidInput", "TagUser", "UserName", "u", "Tags.member.1.Key", "aws:x", "Tags.member.1.Value", "v");
        h.iamFails("InvalidInput", "TagUser", "UserName", "u", "Tags.member.1.Key", "k", "Tags.member.1.Value", "v",
                "Tags.member.2.Key", "K", "Tags.member.2.Value", "w");
        h.iamFails("ValidationError", "TagUser", "UserName", "u", "Tags.member.1.Key", "bad#key", "Tags.member.1.Value", "v");
        String[] many = new String[2 + 4 * 50];
        many[0] = "UserName";
        many[1] = "u";
        for (int i = 0; i < 50; i++) {
            many[2 + 4 * i] = "Tags.member." + (i + 1) + ".Key";
            many[3 + 4 * i] = "k" + i;
            many[4 + 4 * i] = "Tags.member." + (i + 1) + ".Value";
            many[5 + 4 * i] = "v";
        }
        h.iamFails("LimitExceeded", "TagUser", many);
        h.iamFails("NoSuchEntity", "ListUserTags", "UserName", "ghost");
    }
}
