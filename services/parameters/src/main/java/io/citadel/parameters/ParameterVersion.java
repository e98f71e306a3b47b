package io.citadel.parameters;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One version of a parameter as stored: its attributes at that version and its value. A SecureString
 * version holds only {@code ciphertext} (format: docs/formats.md, "Parameter Store SecureString") and
 * a null {@code value}; other types hold {@code value} and no ciphertext.
 */
public record ParameterVersion(
        String name,
        long version,
        ParameterType type,
        ParameterTier tier,
        String keyId,
        String value,
        byte[] ciphertext,
        Instant lastModifiedDate,
        String lastModifiedUser,
        String description,
        String allowedPattern,
        String dataType,
        List<String> labels,
        List<ParameterPolicy> policies) {

    public ParameterVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(lastModifiedDate, "lastModifiedDate");
        labels = labels == null ? List.of() : List.copyOf(labels);
        policies = policies == null ? List.of() : List.copyOf(policies);
        if (type == ParameterType.SECURE_STRING ? ciphertext == null || value != null : value == null || ciphertext != null) {
            throw new IllegalArgumentException("a SecureString stores only ciphertext, other types only a value: " + name);
        }
    }

    ParameterVersion withLabels(List<String> newLabels) {
        return new ParameterVersion(name, version, type, tier, keyId, value, ciphertext, lastModifiedDate, lastModifiedUser,
                description, allowedPattern, dataType, newLabels, policies);
    }

    ParameterVersion withPolicies(List<ParameterPolicy> newPolicies) {
        return new ParameterVersion(name, version, type, tier, keyId, value, ciphertext, lastModifiedDate, lastModifiedUser,
                description, allowedPattern, dataType, labels, newPolicies);
    }

    @Override
    public String toString() {
        return "ParameterVersion[" + name + ":" + version + ", " + type + "]";
    }
}
