package io.citadel.secrets;

import io.citadel.core.RequestContext;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * What Parameter Store's {@code /aws/reference/secretsmanager/<secret-id>} reads: the secret's
 * AWSCURRENT value with the caller's own secretsmanager:GetSecretValue and kms:Decrypt permissions.
 * The node connects it to Parameter Store's interface, so neither module knows the other.
 */
public final class SecretReferences {

    private final SecretReads reads;

    SecretReferences(SecretReads reads) {
        this.reads = reads;
    }

    /** The value as text (SecretBinary in base64, as AWS returns it through Parameter Store). */
    public record Referenced(String arn, String name, String versionId, String value, Instant createdDate, List<String> stages) {

        @Override
        public String toString() {
            return "Referenced[" + arn + "]";
        }

        /** The metadata Parameter Store returns as SourceResult (never the value). */
        public String sourceResult() {
            com.fasterxml.jackson.databind.node.ObjectNode o = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("ARN", arn).put("Name", name).put("VersionId", versionId);
            stages.forEach(o.putArray("VersionStages")::add);
            o.put("CreatedDate", createdDate.toString());
            return o.toString();
        }
    }

    /** Empty when the secret does not exist (Parameter Store then answers ParameterNotFound). */
    public java.util.Optional<Referenced> read(RequestContext ctx, String secretId) {
        SecretReads.Value v;
        try {
            v = reads.get(ctx, secretId, null, null);
        } catch (io.citadel.core.ServiceException e) {
            if (e.errorCode().equals(SecretErrors.NOT_FOUND)) {
                return java.util.Optional.empty();
            }
            throw e;
        }
        String value = v.secretString() != null ? v.secretString() : Base64.getEncoder().encodeToString(v.secretBinary());
        return java.util.Optional.of(new Referenced(v.arn(), v.name(), v.versionId(), value, v.createdDate(), v.stages()));
    }
}
