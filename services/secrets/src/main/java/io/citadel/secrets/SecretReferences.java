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
    }

    public Referenced read(RequestContext ctx, String secretId) {
        SecretReads.Value v = reads.get(ctx, secretId, null, null);
        String value = v.secretString() != null ? v.secretString() : Base64.getEncoder().encodeToString(v.secretBinary());
        return new Referenced(v.arn(), v.name(), v.versionId(), value, v.createdDate(), v.stages());
    }
}
