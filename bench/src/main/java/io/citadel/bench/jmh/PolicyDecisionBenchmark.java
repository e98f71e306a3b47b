package io.citadel.bench.jmh;

import io.citadel.core.policy.AuthorizationRequest;
import io.citadel.core.policy.Decision;
import io.citadel.core.policy.PolicyDocument;
import io.citadel.core.policy.PolicyEvaluator;
import io.citadel.core.policy.PolicyKind;
import io.citadel.core.policy.PolicySet;
import io.citadel.core.policy.RequestPrincipal;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One policy decision against ten statements with conditions: a KMS key policy evaluated as the
 * primary authority plus an identity policy with variables, dates, tags and set operators. The
 * issue's target is at most 5 µs per decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {

    static final String KEY_POLICY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "EnableIam", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
               "Action": "kms:*", "Resource": "*"},
              {"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:role/KeyAdmin"},
               "Action": ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                          "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:ScheduleKeyDeletion"],
               "Resource": "*"},
              {"Sid": "ViaSecrets", "Effect": "Allow", "Principal": {"AWS": "*"},
               "Action": ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*",
               "Condition": {"StringEquals": {"kms:CallerAccount": "111111111111",
                                              "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}},
              {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
               "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
              {"Sid": "DenyOutside", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
               "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]},
                             "Bool": {"aws:ViaAWSService": "false"}}}
            ]}""";

    static final String IDENTITY = """
            {"Version": "2012-10-17", "Statement": [
              {"Sid": "S3Home", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
               "Resource": "arn:aws:s3:::home/${aws:username}/*"},
              {"Sid": "Regions", "Effect": "Deny", "Action": "*", "Resource": "*",
               "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
              {"Sid": "Tags", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*",
               "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}},
              {"Sid": "Time", "Effect": "Allow", "Action": "kms:Encrypt",
               "Resource": "arn:aws:kms:*:111111111111:key/*",
               "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"},
                             "ForAllValues:StringLike": {"aws:TagKeys": ["env*", "team"]}}},
              {"Sid": "Mfa", "Effect": "Deny", "Action": "kms:ScheduleKeyDeletion", "Resource": "*",
               "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
            ]}""";

    private PolicySet policies;
    private AuthorizationRequest encrypt;

    @Setup
    public void compile() {
        PolicyDocument key = PolicyDocument.parse(KEY_POLICY, PolicyKind.RESOURCE);
        PolicyDocument identity = PolicyDocument.parse(IDENTITY, PolicyKind.IDENTITY);
        policies = PolicySet.builder().identity(identity).resourcePolicy(key, "111111111111")
                .resourcePolicyIsPrimary(true).build();
        RequestPrincipal alice = RequestPrincipal.user("111111111111", "/", "alice", "AIDAALICE", Map.of("team", "red"));
        encrypt = AuthorizationRequest.builder("kms:Encrypt",
                        "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", alice)
                .sourceIp("10.1.2.3").secureTransport(true).currentTime(Instant.parse("2026-01-01T00:00:00Z"))
                .requestedRegion("us-east-1").viaAwsService(false).resourceTags(Map.of("team", "red"))
                .put("kms:CallerAccount", "111111111111")
                .build();
        if (!PolicyEvaluator.evaluate(encrypt, policies).isAllowed()) {
            throw new IllegalStateException("the benchmark's request must be allowed");
        }
    }

    @Benchmark
    public Decision decide() {
        return PolicyEvaluator.evaluate(encrypt, policies);
    }
}
