package io.citadel.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A KMS key's stored record in one region namespace (metadata, policy, tags, rotation schedule);
 * its key material versions are stored apart ({@link KeyMaterial}). Immutable; changes make a copy.
 *
 * @param currentVersion the material version new ciphertexts use; 0 while no material exists (EXTERNAL origin)
 * @param primaryRegion  for multi-Region keys, the region of the primary key; null otherwise
 * @param replicaRegions for the primary of a multi-Region key, its replicas' regions
 */
public record KmsKey(
        String accountId,
        String region,
        String keyId,
        Instant creationDate,
        String description,
        KeyUsage keyUsage,
        KeySpec keySpec,
        Origin origin,
        boolean awsManaged,
        KeyState state,
        Instant deletionDate,
        Integer pendingWindowDays,
        Instant validTo,
        String expirationModel,
        boolean multiRegion,
        String primaryRegion,
        List<String> replicaRegions,
        String policy,
        Map<String, String> tags,
        boolean rotationEnabled,
        Integer rotationPeriodDays,
        Instant nextRotationDate,
        int onDemandRotations,
        int currentVersion,
        String currentMaterialId) {

    /** Where the key material came from (OriginType). */
    public enum Origin { AWS_KMS, EXTERNAL }

    public KmsKey {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyUsage, "keyUsage");
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(policy, "policy");
        description = description == null ? "" : description;
        replicaRegions = replicaRegions == null ? List.of() : List.copyOf(replicaRegions);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
    }

    public String arn() {
        return arn(region, accountId, keyId);
    }

    static String arn(String region, String accountId, String keyId) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId;
    }

    public boolean isPrimary() {
        return multiRegion && region.equals(primaryRegion);
    }

    KmsKey withState(KeyState newState) {
        return new Builder(this).state(newState).build();
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for the few fields an operation changes. */
    static final class Builder {
        private String accountId;
        private String region;
        private final String keyId;
        private final Instant creationDate;
        private String description;
        private final KeyUsage keyUsage;
        private final KeySpec keySpec;
        private final Origin origin;
        private final boolean awsManaged;
        private KeyState state;
        private Instant deletionDate;
        private Integer pendingWindowDays;
        private Instant validTo;
        private String expirationModel;
        private final boolean multiRegion;
        private String primaryRegion;
        private List<String> replicaRegions;
        private String policy;
        private Map<String, String> tags;
        private boolean rotationEnabled;
        private Integer rotationPeriodDays;
        private Instant nextRotationDate;
        private int onDemandRotations;
        private int currentVersion;
        private String currentMaterialId;

        Builder(KmsKey k) {
            accountId = k.accountId; region = k.region; keyId = k.keyId; creationDate = k.creationDate;
            description = k.description; keyUsage = k.keyUsage; keySpec = k.keySpec; origin = k.origin;
            awsManaged = k.awsManaged; state = k.state; deletionDate = k.deletionDate;
            pendingWindowDays = k.pendingWindowDays; validTo = k.validTo; expirationModel = k.expirationModel;
            multiRegion = k.multiRegion; primaryRegion = k.primaryRegion; replicaRegions = k.replicaRegions;
            policy = k.policy; tags = k.tags; rotationEnabled = k.rotationEnabled;
            rotationPeriodDays = k.rotationPeriodDays; nextRotationDate = k.nextRotationDate;
            onDemandRotations = k.onDemandRotations; currentVersion = k.currentVersion;
            currentMaterialId = k.currentMaterialId;
        }

        Builder region(String v) { region = v; return this; }
        Builder description(String v) { description = v; return this; }
        Builder state(KeyState v) { state = v; return this; }
        Builder deletion(Instant date, Integer windowDays) { deletionDate = date; pendingWindowDays = windowDays; return this; }
        Builder validTo(Instant v, String model) { validTo = v; expirationModel = model; return this; }
        Builder primaryRegion(String v) { primaryRegion = v; return this; }
        Builder replicaRegions(List<String> v) { replicaRegions = v; return this; }
        Builder policy(String v) { policy = v; return this; }
        Builder tags(Map<String, String> v) { tags = v; return this; }
        Builder rotation(boolean enabled, Integer periodDays, Instant next) {
            rotationEnabled = enabled; rotationPeriodDays = periodDays; nextRotationDate = next; return this;
        }
        Builder onDemandRotations(int v) { onDemandRotations = v; return this; }
        Builder material(int version, String materialId) { currentVersion = version; currentMaterialId = materialId; return this; }

        KmsKey build() {
            return new KmsKey(accountId, region, keyId, creationDate, description, keyUsage, keySpec, origin, awsManaged,
                    state, deletionDate, pendingWindowDays, validTo, expirationModel, multiRegion, primaryRegion,
                    replicaRegions, policy, tags, rotationEnabled, rotationPeriodDays, nextRotationDate,
                    onDemandRotations, currentVersion, currentMaterialId);
        }
    }
}
