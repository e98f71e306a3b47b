package io.citadel.core.policy;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * A timing harness, not a test: one decision against ten statements with conditions (a realistic
 * KMS key policy plus an identity policy), measured after warm-up. Run with
 * {@code java -cp core/target/classes:core/target/test-classes:<jackson> io.citadel.core.policy.PolicyEvaluatorTiming}.
 * For publishable figures use JMH in the bench module.
 */
public final class PolicyEvaluatorTiming {

    private PolicyEvaluatorTiming() {
    }

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

    public static void main(String[] args) {
        PolicyDocument key = PolicyDocument.parse(KEY_POLICY, PolicyKind.RESOURCE);
        PolicyDocument identity = PolicyDocument.parse(IDENTITY, PolicyKind.IDENTITY);
        PolicySet set = PolicySet.builder().identity(identity).resourcePolicy(key, "111111111111")
                .resourcePolicyIsPrimary(true).build();
        RequestPrincipal alice = RequestPrincipal.user("111111111111", "/", "alice", "AIDAALICE", Map.of("team", "red"));
        AuthorizationRequest request = AuthorizationRequest.builder("kms:Encrypt",
                        "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab", alice)
                .sourceIp("10.1.2.3").secureTransport(true).currentTime(Instant.parse("2026-01-01T00:00:00Z"))
                .requestedRegion("us-east-1").viaAwsService(false).resourceTags(Map.of("team", "red"))
                .put("kms:CallerAccount", "111111111111")
                .build();
        PrintStream out = System.out;
        Decision d = PolicyEvaluator.evaluate(request, set);
        out.println("decision: " + d);
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = 2_000_000;
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += PolicyEvaluator.evaluate(request, set).outcome().ordinal();
            }
            long ns = System.nanoTime() - start;
            out.printf("round %d: %.1f ns/decision%n", r, (double) ns / n);
        }
        out.println("sink " + sink);
    }
}
