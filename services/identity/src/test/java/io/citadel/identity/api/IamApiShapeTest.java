package io.citadel.identity.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What botocore parses: result wrappers, list members, booleans, timestamps and URL-encoded documents. */
class IamApiShapeTest {

    private final IamHarness h = new IamHarness();

    @Test
    void createUser_rendersUserInsideItsResult() {
        String xml = h.xml(h.iam, h.root, "CreateUser", "UserName", "alice", "Path", "/team/",
                "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue");
        assertThat(xml).startsWith("<CreateUserResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<CreateUserResult><User><Path>/team/</Path><UserName>alice</UserName><UserId>AIDA");
        assertThat(xml).contains("<Arn>arn:aws:iam::" + h.acct() + ":user/team/alice</Arn>")
                .contains("<CreateDate>2026-01-01T00:00:00Z</CreateDate>")
                .contains("<Tags><member><Key>team</Key><Value>blue</Value></member></Tags>");
    }

    @Test
    void listUsers_rendersMembersAndIsTruncated() {
        h.iam("CreateUser", "UserName", "a");
        h.iam("CreateUser", "UserName", "b");
        String xml = h.xml(h.iam, h.root, "ListUsers", "MaxItems", "1");
        assertThat(xml).contains("<ListUsersResult><Users><member><Path>/</Path><UserName>a</UserName>")
                .contains("<IsTruncated>true</IsTruncated><Marker>a</Marker>");
    }

    @Test
    void getRole_sendsTheTrustPolicyUrlEncoded() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        String xml = h.xml(h.iam, h.root, "GetRole", "RoleName", "r");
        String encoded = xml.replaceAll(".*<AssumeRolePolicyDocument>([^<]*)</AssumeRolePolicyDocument>.*", "$1");
        assertThat(encoded).startsWith("%7B%22Version%22%3A%222012-10-17%22").doesNotContain("+");
        assertThat(URLDecoder.decode(encoded, StandardCharsets.UTF_8)).isEqualTo(h.trustAccount());
        assertThat(xml).contains("<MaxSessionDuration>3600</MaxSessionDuration>");
    }

    @Test
    void policy_rendersIsAttachableAndDefaultVersion() {
        String xml = h.xml(h.iam, h.root, "CreatePolicy", "PolicyName", "p",
                "PolicyDocument", IamHarness.allow("s3:GetObject", "*"));
        assertThat(xml).contains("<Arn>arn:aws:iam::" + h.acct() + ":policy/p</Arn>")
                .contains("<DefaultVersionId>v1</DefaultVersionId>")
                .contains("<AttachmentCount>0</AttachmentCount>")
                .contains("<IsAttachable>true</IsAttachable>")
                .containsPattern("<PolicyId>ANPA[A-Z2-7]{17}</PolicyId>");
    }

    @Test
    void assumeRole_rendersCredentialsAndAssumedRoleUser() {
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        String xml = h.xml(h.sts, h.root, "AssumeRole", "RoleArn", "arn:aws:iam::" + h.acct() + ":role/r",
                "RoleSessionName", "s1");
        assertThat(xml).containsPattern("<AssumeRoleResult><Credentials><AccessKeyId>ASIA[A-Z2-7]{16}</AccessKeyId>"
                + "<SecretAccessKey>[^<]{40}</SecretAccessKey><SessionToken>[^<]+</SessionToken>"
                + "<Expiration>2026-01-01T01:00:00Z</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROA[A-Z2-7]{17}:s1</AssumedRoleId>"
                + "<Arn>arn:aws:sts::" + h.acct() + ":assumed-role/r/s1</Arn></AssumedRoleUser></AssumeRoleResult>");
    }

    @Test
    void assumeRole_readsLowerCasePolicyArnMember() {
        h.iam("CreatePolicy", "PolicyName", "p", "PolicyDocument", IamHarness.allow("s3:*", "*"));
        h.iam("CreateRole", "RoleName", "r", "AssumeRolePolicyDocument", h.trustAccount());
        var out = (StsShapes.AssumeRoleResponse) h.call(h.sts, h.root, "AssumeRole", IamHarness.params(
                "RoleArn", "arn:aws:iam::" + h.acct() + ":role/r", "RoleSessionName", "s1",
                "PolicyArns.member.1.arn", "arn:aws:iam::" + h.acct() + ":policy/p"));
        assertThat(out.packedPolicySize()).isPositive();
        var session = h.identity.sts().validCredential(out.credentials().accessKeyId()).orElseThrow();
        assertThat(session.policyArns()).containsExactly("arn:aws:iam::" + h.acct() + ":policy/p");
    }

    @Test
    void listAccessKeys_rendersAccessKeyMetadataMembers() {
        String xml = h.xml(h.iam, h.root, "ListAccessKeys");
        assertThat(xml).contains("<ListAccessKeysResult><AccessKeyMetadata><member><AccessKeyId>" + h.rootKey.accessKeyId())
                .contains("<Status>Active</Status>");
    }
}
