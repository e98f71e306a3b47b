package io.citadel.identity.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The STS (2011-06-15) request and response shapes beyond GetCallerIdentity, as in the AWS model. */
public final class StsShapes {

    private StsShapes() {
    }

    /** The model spells this member in lower case. */
    public record PolicyDescriptorType(@JsonProperty("arn") String arn) {
    }

    public record Tag(String key, String value) {
    }

    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    }

    public record AssumedRoleUser(String assumedRoleId, String arn) {
    }

    public record AssumeRoleRequest(String roleArn, String roleSessionName, List<PolicyDescriptorType> policyArns,
                                    String policy, Integer durationSeconds, List<Tag> tags, List<String> transitiveTagKeys,
                                    String externalId, String serialNumber, String tokenCode, String sourceIdentity) {
    }

    public record AssumeRoleResponse(Credentials credentials, AssumedRoleUser assumedRoleUser, Integer packedPolicySize) {
    }

    public record GetSessionTokenRequest(Integer durationSeconds, String serialNumber, String tokenCode) {
    }

    public record GetSessionTokenResponse(Credentials credentials) {
    }

    public record GetAccessKeyInfoRequest(String accessKeyId) {
    }

    public record GetAccessKeyInfoResponse(String account) {
    }
}
