package io.citadel.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of the pieces under the evaluator: addresses, dates, templates, sizes, the builder. */
class PolicyPiecesTest {

    @Test
    void ipRange_parsesV4V6AndRejectsJunk() {
        assertThat(IpRange.parse("10.0.0.0/8").contains(IpRange.parseAddress("10.255.0.1"))).isTrue();
        assertThat(IpRange.parse("10.1.2.3/8").contains(IpRange.parseAddress("10.9.9.9"))).isTrue();
        assertThat(IpRange.parse("2001:db8::/32").contains(IpRange.parseAddress("2001:db8:ffff::1"))).isTrue();
        assertThat(IpRange.parse("::ffff:1.2.3.4").contains(IpRange.parseAddress("0:0:0:0:0:ffff:102:304"))).isTrue();
        assertThat(IpRange.parseAddress("1:2:3:4:5:6:7:8")).hasSize(16);
        for (String bad : List.of("", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4/", "1.2.3.4/-1", "::1::2", ":1",
                "1:2:3:4:5:6:7:8:9", "12345::", "a.b.c.d", "1.2.3.4 ", "01234.1.1.1", "1::2:", "g::1")) {
            assertThat(IpRange.parseAddress(bad) == null || IpRange.parse(bad) == null).as(bad).isTrue();
        }
    }

    @Test
    void dates_acceptIsoFormsAndEpochSeconds() {
        long t = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
        assertThat(PolicyDates.parse("2024-06-01T00:00:00Z")).isEqualTo(t);
        assertThat(PolicyDates.parse("2024-06-01T00:00:00z")).isEqualTo(t);
        assertThat(PolicyDates.parse("2024-06-01")).isEqualTo(t);
        assertThat(PolicyDates.parse("2024-06-01T00:00:00")).isEqualTo(t);
        assertThat(PolicyDates.parse("2024-05-31T20:00:00-04:00")).isEqualTo(t);
        assertThat(PolicyDates.parse("1717200000")).isEqualTo(t);
        assertThat(PolicyDates.parse("soon")).isEqualTo(PolicyDates.INVALID);
        assertThat(PolicyDates.parse("")).isEqualTo(PolicyDates.INVALID);
    }

    @Test
    void numbers_rejectNonDecimalForms() {
        assertThat(Condition.parseNumber("1e3")).isEqualTo(1000.0);
        assertThat(Condition.parseNumber("-2.5")).isEqualTo(-2.5);
        for (String bad : List.of("", "-", "NaN", "Infinity", "0x10", "1d", "1e", "1.2.3", " 1")) {
            assertThat(Condition.parseNumber(bad)).as(bad).isNaN();
        }
    }

    @Test
    void template_substitutesOnceWithDefaultsAndEscapes() {
        ConditionContext ctx = ConditionContext.of(Map.of("aws:username", List.of("alice"),
                "aws:TagKeys", List.of("a", "b")));

        assertThat(Template.parse("home/${aws:username}/", true).resolve(ctx)).isEqualTo("home/alice/");
        assertThat(Template.parse("${ aws:username , 'x' }", true).resolve(ctx)).isEqualTo("alice");
        assertThat(Template.parse("${aws:missing, 'd''q'}", true).resolve(ctx)).isEqualTo("d'q");
        assertThat(Template.parse("${aws:missing, '${aws:username}'}", true).resolve(ctx)).isEqualTo("${aws:username}");
        assertThat(Template.parse("${aws:missing}", true).resolve(ctx)).isNull();
        assertThat(Template.parse("${aws:TagKeys}", true).resolve(ctx)).isNull();
        assertThat(Template.parse("${*}${?}${$}", true).resolve(ctx)).isEqualTo("*?$");
        assertThat(Template.parse("${unterminated", true).resolve(ctx)).isEqualTo("${unterminated");
        assertThat(Template.parse("${}", true).resolve(ctx)).isEqualTo("${}");
        assertThat(Template.parse("${aws:username}", false).resolve(ctx)).isEqualTo("${aws:username}");
        assertThat(Template.parse("a/${aws:username}/*", true).resolveGlob(ctx, false).matches("a/alice/x")).isTrue();
    }

    @Test
    void policySize_countsCharactersWithoutWhitespace() {
        assertThat(PolicySize.countIamCharacters("{ \"a\" :\n\t\"b c\" }\r\n")).isEqualTo(10);
        assertThat(PolicySize.MANAGED_MAX).isEqualTo(6144);
    }

    @Test
    void builder_fillsGlobalKeysFromFacts() {
        RequestPrincipal role = RequestPrincipal.assumedRole("111111111111", "/app/", "Worker", "AROAW", "s1",
                Map.of("team", "red"));
        AuthorizationRequest r = AuthorizationRequest.builder("KMS:Encrypt", "arn:aws:kms:us-east-1:111111111111:key/k", role)
                .sourceIp("10.0.0.1")
                .secureTransport(true)
                .currentTime(Instant.parse("2024-06-01T00:00:00.789Z"))
                .requestedRegion("us-east-1")
                .resourceTags(Map.of("env", "prod"))
                .requestTags(Map.of("a", "1"))
                .calledVia(List.of("secretsmanager.amazonaws.com"))
                .with(b -> b.put("kms:ViaService", "secretsmanager.us-east-1.amazonaws.com"))
                .build();
        ConditionContext c = r.context();

        assertThat(r.action()).isEqualTo("kms:encrypt");
        assertThat(c.values("aws:PrincipalArn")).containsExactly("arn:aws:iam::111111111111:role/app/Worker");
        assertThat(role.arn()).isEqualTo("arn:aws:sts::111111111111:assumed-role/Worker/s1");
        assertThat(c.values("aws:userid")).containsExactly("AROAW:s1");
        assertThat(c.contains("aws:username")).isFalse();
        assertThat(c.values("aws:PrincipalType")).containsExactly("AssumedRole");
        assertThat(c.values("aws:principaltag/TEAM")).containsExactly("red");
        assertThat(c.values("aws:CurrentTime")).containsExactly("2024-06-01T00:00:00Z");
        assertThat(c.values("aws:EpochTime")).containsExactly("1717200000");
        assertThat(c.values("aws:SecureTransport")).containsExactly("true");
        assertThat(c.values("aws:ResourceTag/env")).containsExactly("prod");
        assertThat(c.values("aws:RequestTag/a")).containsExactly("1");
        assertThat(c.values("aws:TagKeys")).containsExactly("a");
        assertThat(c.values("aws:CalledVia")).containsExactly("secretsmanager.amazonaws.com");
        assertThat(c.values("aws:ViaAWSService")).containsExactly("true");
        assertThat(c.values("aws:MultiFactorAuthPresent")).containsExactly("false");
        assertThat(c.values("kms:viaservice")).containsExactly("secretsmanager.us-east-1.amazonaws.com");
    }

    @Test
    void builder_forIamUser_omitsMfaKeyAndSetsUsername() {
        RequestPrincipal alice = RequestPrincipal.user("111111111111", "/", "alice", "AIDAA", Map.of());
        ConditionContext c = AuthorizationRequest.builder("s3:GetObject", "*", alice).build().context();

        assertThat(c.contains("aws:MultiFactorAuthPresent")).isFalse();
        assertThat(c.values("aws:username")).containsExactly("alice");
        assertThat(c.values("aws:PrincipalType")).containsExactly("User");
    }

    @Test
    void principal_validatesRequiredFields() {
        assertThatThrownBy(() -> new RequestPrincipal(PrincipalType.ASSUMED_ROLE, "arn:aws:sts::1:assumed-role/R/s",
                "111111111111", "AROA:s", null, null, Map.of())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void decision_reportsDecidingStatementAndPolicyName() {
        PolicyDocument p = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},
                  {"Sid": "D", "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}]}""", PolicyKind.IDENTITY)
                .named("arn:aws:iam::111111111111:policy/P");
        RequestPrincipal alice = RequestPrincipal.user("111111111111", "/", "alice", "AIDAA", Map.of());

        Decision allow = PolicyEvaluator.evaluate(
                AuthorizationRequest.builder("s3:GetObject", "arn:aws:s3:::b/k", alice).build(),
                PolicySet.builder().identity(PolicyDocument.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}"), p).build());
        Decision deny = PolicyEvaluator.evaluate(
                AuthorizationRequest.builder("s3:DeleteObject", "arn:aws:s3:::b/k", alice).build(), PolicySet.identity(List.of(p)));

        assertThat(allow.isAllowed()).isTrue();
        assertThat(allow.decidedBy().source()).isEqualTo(PolicySource.IDENTITY);
        assertThat(allow.decidedBy().policyIndex()).isEqualTo(1);
        assertThat(allow.decidedBy().policyName()).isEqualTo("arn:aws:iam::111111111111:policy/P");
        assertThat(allow.decidedBy().sid()).isEqualTo("A");
        assertThat(deny.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(deny.decidedBy().statementIndex()).isEqualTo(1);
        assertThat(deny.reason()).contains("identity-based");
    }

    @Test
    void policySet_primaryMode_requiresResourcePolicy() {
        assertThatThrownBy(() -> PolicySet.builder().resourcePolicyIsPrimary(true).build())
                .isInstanceOf(NullPointerException.class);
    }
}
