package io.citadel.parameters;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A parameter's head record: the latest version's number and attributes (so listing needs one read
 * per parameter) and its tags. Every version's value lives in its {@link ParameterVersion} row; the
 * head also carries a copy of the latest version's value ({@code currentValue}, or
 * {@code currentCiphertext} for a SecureString), which never changes for a version, so a read of the
 * latest version (GetParameter, GetParametersByPath) needs only the head. Heads written before the
 * copy existed have neither, and readers fall back to the version row.
 */
public record StoredParameter(
        String name,
        long version,
        ParameterType type,
        ParameterTier tier,
        String keyId,
        Instant lastModifiedDate,
        String lastModifiedUser,
        String description,
        String allowedPattern,
        String dataType,
        Map<String, String> tags,
        java.util.List<ParameterPolicy> policies,
        String currentValue,
        byte[] currentCiphertext) {

    public StoredParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tier, "tier");
        policies = policies == null ? java.util.List.of() : java.util.List.copyOf(policies);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    static StoredParameter of(ParameterVersion v, Map<String, String> tags) {
        return new StoredParameter(v.name(), v.version(), v.type(), v.tier(), v.keyId(), v.lastModifiedDate(), v.lastModifiedUser(),
                v.description(), v.allowedPattern(), v.dataType(), tags, v.policies(), v.value(), v.ciphertext());
    }

    /**
     * The latest version as far as the head knows it: every attribute and the value, but not its
     * labels (they change without a new version and live only in the version row); empty for a head
     * without the copy. For reads that return no labels.
     */
    java.util.Optional<ParameterVersion> latestWithoutLabels() {
        if (currentValue == null && currentCiphertext == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new ParameterVersion(name, version, type, tier, keyId, currentValue, currentCiphertext,
                lastModifiedDate, lastModifiedUser, description, allowedPattern, dataType, java.util.List.of(), policies));
    }

    @Override
    public String toString() {
        return "StoredParameter[" + name + ":" + version + ", " + type + "]";
    }

    StoredParameter withPolicies(java.util.List<ParameterPolicy> newPolicies) {
        return new StoredParameter(name, version, type, tier, keyId, lastModifiedDate, lastModifiedUser, description, allowedPattern,
                dataType, tags, newPolicies, currentValue, currentCiphertext);
    }

    StoredParameter withTags(Map<String, String> newTags) {
        return new StoredParameter(name, version, type, tier, keyId, lastModifiedDate, lastModifiedUser, description, allowedPattern,
                dataType, newTags, policies, currentValue, currentCiphertext);
    }
}
