package io.citadel.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** policies/malformed.json: documents IAM refuses, with the start of the message we give. */
class MalformedPolicyTest {

    @TestFactory
    Stream<DynamicTest> table() throws IOException {
        JsonNode root;
        try (InputStream in = MalformedPolicyTest.class.getResourceAsStream("/policy/malformed.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root) {
            String name = c.get("rule").asText();
            tests.add(DynamicTest.dynamicTest(name, () -> assertThatThrownBy(
                    () -> PolicyDocument.parse(c.get("policy").asText(), PolicyKind.valueOf(c.get("kind").asText())))
                    .isInstanceOf(MalformedPolicyException.class)
                    .hasMessageStartingWith(c.get("error").asText())));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(50);
        return tests.stream();
    }

    @Test
    void parse_ofValidIdentityPolicy_exposesStatements() {
        PolicyDocument doc = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Id": "p1", "Statement": [
                  {"Sid": "Read", "Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"},
                  {"Effect": "Deny", "NotAction": "s3:*", "NotResource": "arn:aws:s3:::b/*"}]}""",
                PolicyKind.IDENTITY);

        assertThat(doc.version()).isEqualTo("2012-10-17");
        assertThat(doc.substitutesVariables()).isTrue();
        assertThat(doc.id()).isEqualTo("p1");
        assertThat(doc.statements()).extracting(Statement::sid).containsExactly("Read", null);
        assertThat(doc.statements()).extracting(Statement::effect).containsExactly(Effect.ALLOW, Effect.DENY);
        assertThat(doc.named("arn:aws:iam::111111111111:policy/p").name()).isEqualTo("arn:aws:iam::111111111111:policy/p");
    }

    @Test
    void parse_withoutVersion_usesOldSemantics() {
        PolicyDocument doc = PolicyDocument.parse("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}");

        assertThat(doc.version()).isNull();
        assertThat(doc.substitutesVariables()).isFalse();
    }

    @Test
    void parse_resourcePolicy_allowsSpacesInSidAndAllPrincipalForms() {
        PolicyDocument doc = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Sid": "Enable IAM User Permissions", "Effect": "Allow",
                 "Principal": {"AWS": ["111111111111", "arn:aws:iam::111111111111:root",
                   "arn:aws:iam::111111111111:user/a/b", "arn:aws:sts::111111111111:assumed-role/R/s", "*"],
                   "Service": "logs.us-east-1.amazonaws.com",
                   "Federated": "cognito-identity.amazonaws.com", "CanonicalUser": "79a59df900b949e5"},
                 "Action": "kms:*", "Resource": "*"}]}""", PolicyKind.RESOURCE);

        assertThat(doc.statements()).hasSize(1);
    }

    @Test
    void parse_conditionOperatorNames_areCaseInsensitive() {
        PolicyDocument doc = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",
                 "Condition": {"stringequalsifexists": {"aws:username": "a"}, "forallvalues:stringlike": {"aws:TagKeys": "x*"}}}}""");

        assertThat(doc.statements()).hasSize(1);
    }

    @Test
    void parse_trustPolicy_acceptsPrincipalWithoutResource() {
        PolicyDocument doc = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                 "Action": "sts:AssumeRole"}}""", PolicyKind.TRUST);

        assertThat(doc.kind()).isEqualTo(PolicyKind.TRUST);
    }
}
