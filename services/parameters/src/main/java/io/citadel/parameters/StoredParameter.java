package io.citadel.parameters;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A parameter's head record: the latest version's number and attributes (so listing needs one read
 * per parameter) and its tags. The values live in the {@link ParameterVersion} rows.
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
        java.util.List<ParameterPolicy> policies) {

    public StoredParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(tier, "tier");
        policies = policies == null ? java.util.List.of() : java.util.List.copyOf(policies);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    static StoredParameter of(ParameterVersion v, Map<String, String> tags) {
        return new StoredParameter(v.name(), v.version(), v.type(), v.tier(), v.keyId(), v.lastModifiedDate(), v.lastModifiedUser(),
                v.description(), v.allowedPattern(), v.dataType(), tags, v.policies());
    }

    StoredParameter withPolicies(java.util.List<ParameterPolicy> newPolicies) {
        return new StoredParameter(name, version, type, tier, keyId, lastModifiedDate, lastModifiedUser, description, allowedPattern,
                dataType, tags, newPolicies);
    }

    StoredParameter withTags(Map<String, String> newTags) {
        return new StoredParameter(name, version, type, tier, keyId, lastModifiedDate, lastModifiedUser, description, allowedPattern,
                dataType, newTags, policies);
    }
}
