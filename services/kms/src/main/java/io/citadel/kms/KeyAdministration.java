package io.citadel.kms;

import io.citadel.core.RequestContext;
import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.policy.MalformedPolicyException;
import io.citadel.core.schedule.ScheduledJob;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Transaction;
import io.citadel.storage.schedule.StorageScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Key lifecycle and metadata: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey,
 * UpdateKeyDescription, ScheduleKeyDeletion / CancelKeyDeletion (carried out by the durable
 * scheduler), key policies and tags, GetKeyLastUsage, and the AWS managed keys that Citadel's
 * services create on first use.
 */
public final class KeyAdministration {

    static final int MAX_DESCRIPTION = 8192;

    /** CreateKey's parameters (null members take AWS's defaults). */
    public record CreateKeyInput(String policy, String description, String keyUsage, String keySpec,
                                 String customerMasterKeySpec, String origin, String customKeyStoreId,
                                 boolean bypassPolicyLockoutSafetyCheck, List<Tags.Tag> tags, boolean multiRegion,
                                 String xksKeyId) {
    }

    /** A page of ListKeys. */
    public record KeyPage(List<KmsKey> keys, String nextMarker) {
    }

    private final KmsEnvironment env;

    KeyAdministration(KmsEnvironment env) {
        this.env = env;
    }

    public KmsKey createKey(RequestContext ctx, CreateKeyInput in) {
        if (in.customKeyStoreId() != null || in.xksKeyId() != null) {
            throw KmsErrors.unsupported("Custom key stores (CloudHSM and external key stores) are not supported");
        }
        KeySpec spec = keySpec(in.keySpec(), in.customerMasterKeySpec());
        KeyUsage usage = keyUsage(in.keyUsage(), spec);
        KmsKey.Origin origin = origin(in.origin());
        String description = description(in.description());
        Map<String, String> tags = Tags.toMap(in.tags());
        if (tags.size() > Tags.MAX_TAGS) {
            throw KmsErrors.error(KmsErrors.TAG, "Tags: " + tags.size() + " (expected: at most " + Tags.MAX_TAGS + ")");
        }
        env.access.requireWithoutKey(ctx, "kms:CreateKey", "*", request -> {
            request.put("kms:KeySpec", spec.name());
            request.put("kms:KeyUsage", usage.name());
            request.put("kms:KeyOrigin", origin.name());
            request.put("kms:MultiRegion", Boolean.toString(in.multiRegion()));
            if (in.multiRegion()) {
                request.put("kms:MultiRegionKeyType", "PRIMARY");
            }
            request.requestTags(tags);
        });
        String accountId = ctx.principal().accountId();
        String keyId = in.multiRegion() ? "mrk-" + HexFormat.of().formatHex(randomBytes(16)) : UUID.randomUUID().toString();
        Instant now = env.clock.instant();
        String policy = in.policy() == null ? KeyPolicies.defaultPolicy(accountId) : in.policy();
        KmsKey key = new KmsKey(accountId, ctx.region(), keyId, now, description, usage, spec, origin, false,
                origin == KmsKey.Origin.EXTERNAL ? KeyState.PENDING_IMPORT : KeyState.ENABLED, null, null, null,
                null, in.multiRegion(), in.multiRegion() ? ctx.region() : null,
                List.of(), policy, tags, false, null, null, 0, 0, null);
        if (in.policy() != null) {
            checkPolicy(ctx, key, in.policy(), in.bypassPolicyLockoutSafetyCheck());
        }
        // EXTERNAL keys wait in PendingImport without material; every other key gets its first version now.
        KeyMaterial material = origin == KmsKey.Origin.AWS_KMS ? newMaterial(spec, 1, now, null) : null;
        KmsKey created = material == null ? key : key.toBuilder().material(1, material.materialId()).build();
        env.storage.transaction(tx -> {
            if (material != null) {
                KeyStore.putMaterial(tx, created, material);
            }
            KeyStore.putKey(tx, created);
            return null;
        });
        return created;
    }

    /** Fresh material of {@code spec}: an AES-256 key, an HMAC key of the spec's length, or a key pair. */
    KeyMaterial newMaterial(KeySpec spec, int version, Instant now, String rotationType) {
        String materialId = env.newMaterialId();
        if (spec.isAsymmetric()) {
            AsymmetricKeyPair pair = KeyPairs.generate(spec.pairType(), env.random);
            return new KeyMaterial(version, materialId, pair.privatePkcs8(), pair.publicSpki(), now, rotationType);
        }
        int bytes = spec.isHmac() ? spec.hmacKeyBytes() : 32;
        return new KeyMaterial(version, materialId, randomBytes(bytes), null, now, rotationType);
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        env.random.nextBytes(out);
        return out;
    }

    static KeySpec keySpec(String keySpec, String customerMasterKeySpec) {
        if (keySpec != null && customerMasterKeySpec != null) {
            throw KmsErrors.validation("Specify KeySpec or CustomerMasterKeySpec (deprecated), not both");
        }
        String name = keySpec != null ? keySpec : customerMasterKeySpec != null ? customerMasterKeySpec : "SYMMETRIC_DEFAULT";
        if (name.startsWith("SM2")) {
            throw KmsErrors.unsupported("KeySpec SM2 is available only in China Regions");
        }
        try {
            return KeySpec.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw KmsErrors.validation("KeySpec: " + name + " (expected: one of " + List.of(KeySpec.values()) + ")");
        }
    }

    static KeyUsage keyUsage(String keyUsage, KeySpec spec) {
        KeyUsage usage;
        if (keyUsage == null) {
            if (spec.isHmac()) {
                throw KmsErrors.validation("KeyUsage: missing (expected: GENERATE_VERIFY_MAC for KeySpec " + spec + ")");
            }
            if (spec.isAsymmetric()) {
                throw KmsErrors.validation("KeyUsage: missing (expected: one of " + usages(spec) + " for KeySpec " + spec + ")");
            }
            usage = KeyUsage.ENCRYPT_DECRYPT;
        } else {
            usage = KeyUsage.valueOf(keyUsage);
        }
        if (!spec.allows(usage)) {
            throw KmsErrors.validation("KeyUsage " + usage + " is not compatible with KeySpec " + spec + " (expected: one of "
                    + usages(spec) + ")");
        }
        return usage;
    }

    private static List<KeyUsage> usages(KeySpec spec) {
        return java.util.Arrays.stream(KeyUsage.values()).filter(spec::allows).toList();
    }

    static KmsKey.Origin origin(String origin) {
        if (origin == null || origin.equals("AWS_KMS")) {
            return KmsKey.Origin.AWS_KMS;
        }
        if (origin.equals("EXTERNAL")) {
            return KmsKey.Origin.EXTERNAL;
        }
        throw KmsErrors.unsupported("Origin " + origin + " needs a custom key store, which is not supported");
    }

    static String description(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw KmsErrors.validation("Description: length " + description.length() + " (expected: 0.." + MAX_DESCRIPTION + ")");
        }
        return description == null ? "" : description;
    }

    /** Parses the policy (MalformedPolicyDocumentException naming the problem) and runs the lockout safety check. */
    void checkPolicy(RequestContext ctx, KmsKey key, String policy, boolean bypass) {
        if (policy.getBytes(StandardCharsets.UTF_8).length > KeyPolicies.MAX_POLICY_BYTES) {
            throw KmsErrors.error(KmsErrors.LIMIT_EXCEEDED, "Policy: " + policy.getBytes(StandardCharsets.UTF_8).length
                    + " bytes (expected: at most " + KeyPolicies.MAX_POLICY_BYTES + ")");
        }
        try {
            env.access.parse(policy);
        } catch (MalformedPolicyException e) {
            throw KmsErrors.error(KmsErrors.MALFORMED_POLICY, e.getMessage());
        }
        if (!bypass && !env.access.policyAllowsPutKeyPolicy(ctx, key, policy)) {
            throw KmsErrors.error(KmsErrors.MALFORMED_POLICY,
                    "The new key policy will not allow you to update the key policy in the future.");
        }
    }

    public KmsKey describeKey(RequestContext ctx, Call call, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        env.access.require(ctx, resolved, "DescribeKey", "DescribeKey", call, null, null);
        return resolved.key();
    }

    public KeyPage listKeys(RequestContext ctx, Integer limit, String marker) {
        env.access.requireWithoutKey(ctx, "kms:ListKeys", "*", null);
        int max = limit == null ? 100 : limit;
        String prefix = KmsKeys.keys(ctx.principal().accountId(), ctx.region());
        String after = null;
        if (marker != null) {
            if (!marker.matches("(mrk-)?[0-9a-f-]{32,36}")) {
                throw KmsErrors.error(KmsErrors.INVALID_MARKER, "Marker: not a marker this service returned");
            }
            after = prefix + marker;
        }
        String start = after;
        ScanPage page = env.storage.transaction(tx -> tx.scan(prefix, start, max));
        List<KmsKey> keys = page.entries().stream().map(e -> io.citadel.core.json.StoredJson.read(e.value(), KmsKey.class)).toList();
        return new KeyPage(keys, page.hasMore() ? keys.getLast().keyId() : null);
    }

    public KmsKey enableKey(RequestContext ctx, String keyId) {
        return changeWithTx(ctx, keyId, "EnableKey", null, false, (tx, key) -> {
            requireCustomerManaged(key, "EnableKey");
            KeyStates.requireManageable(key);
            if (key.state() == KeyState.PENDING_IMPORT) {
                throw KeyStates.notIn(key);
            }
            if (key.rotationEnabled() && key.nextRotationDate() != null) {
                // AWS: a rotation that fell due while the key was disabled runs as soon as it is enabled again.
                Instant now = env.clock.instant();
                Instant due = key.nextRotationDate().isAfter(now) ? key.nextRotationDate() : now;
                StorageScheduler.schedule(tx, new ScheduledJob(KeyRotation.ROTATE_JOB, KmsKeys.jobId(key), due));
            }
            return key.withState(KeyState.ENABLED);
        });
    }

    public KmsKey disableKey(RequestContext ctx, String keyId) {
        return change(ctx, keyId, "DisableKey", key -> {
            requireCustomerManaged(key, "DisableKey");
            KeyStates.requireManageable(key);
            if (key.state() == KeyState.PENDING_IMPORT) {
                throw KeyStates.notIn(key);
            }
            return key.withState(KeyState.DISABLED);
        });
    }

    public KmsKey updateKeyDescription(RequestContext ctx, String keyId, String description) {
        String checked = description(description);
        return change(ctx, keyId, "UpdateKeyDescription", key -> {
            requireCustomerManaged(key, "UpdateKeyDescription");
            KeyStates.requireManageable(key);
            return key.toBuilder().description(checked).build();
        });
    }

    public String getKeyPolicy(RequestContext ctx, String keyId, String policyName) {
        requireDefaultPolicyName(policyName);
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "GetKeyPolicy", null, Call.DIRECT, null, null);
        return resolved.key().policy();
    }

    public void putKeyPolicy(RequestContext ctx, String keyId, String policyName, String policy, boolean bypass) {
        requireDefaultPolicyName(policyName);
        changeWithTx(ctx, keyId, "PutKeyPolicy", null, false, (tx, key) -> {
            requireCustomerManaged(key, "PutKeyPolicy");
            checkPolicy(ctx, key, policy, bypass);
            return key.toBuilder().policy(policy).build();
        });
    }

    public List<String> listKeyPolicies(RequestContext ctx, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "ListKeyPolicies", null, Call.DIRECT, null, null);
        return List.of("default");
    }

    private static void requireDefaultPolicyName(String policyName) {
        if (policyName != null && !policyName.equals("default")) {
            throw KmsErrors.notFound("PolicyName: " + policyName + " (expected: default, the only key policy name)");
        }
    }

    public void tagResource(RequestContext ctx, String keyId, List<Tags.Tag> tags) {
        Map<String, String> added = Tags.toMap(tags);
        changeWithTx(ctx, keyId, "TagResource", r -> r.requestTags(added), false, (tx, key) -> {
            requireCustomerManaged(key, "TagResource");
            KeyStates.requireManageable(key);
            return key.toBuilder().tags(Tags.merged(key.tags(), added)).build();
        });
    }

    public void untagResource(RequestContext ctx, String keyId, List<String> tagKeys) {
        changeWithTx(ctx, keyId, "UntagResource", r -> r.put("aws:TagKeys", tagKeys), false, (tx, key) -> {
            requireCustomerManaged(key, "UntagResource");
            KeyStates.requireManageable(key);
            Map<String, String> remaining = new LinkedHashMap<>(key.tags());
            tagKeys.forEach(remaining::remove);
            return key.toBuilder().tags(remaining).build();
        });
    }

    public Map<String, String> listResourceTags(RequestContext ctx, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "ListResourceTags", null, Call.DIRECT, null, null);
        return resolved.key().tags();
    }

    /** GetKeyLastUsage's answer: the key and its last successful cryptographic use, if any. */
    public record KeyLastUse(KmsKey key, java.util.Optional<KeyUsageTracker.LastUsage> lastUsage) {
    }

    public KeyLastUse getKeyLastUsage(RequestContext ctx, String keyId) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, true);
        requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, "GetKeyLastUsage", null, Call.DIRECT, null, null);
        return new KeyLastUse(resolved.key(), env.usage.lastUsage(resolved.key()));
    }

    /**
     * The AWS managed key of {@code service} ({@code alias/aws/<service>}) in the caller's account and
     * region, created with its alias on first use, as Parameter Store and Secrets Manager need it.
     */
    public KmsKey awsManagedKey(RequestContext ctx, String service, String serviceName) {
        String accountId = ctx.principal().accountId();
        String region = ctx.region();
        String aliasName = "alias/aws/" + service;
        return env.storage.transaction(tx -> {
            var existing = KeyStore.alias(tx, accountId, region, aliasName);
            if (existing.isPresent()) {
                return KeyStore.key(tx, accountId, region, existing.get().targetKeyId()).orElseThrow();
            }
            Instant now = env.clock.instant();
            KeyMaterial material = newMaterial(KeySpec.SYMMETRIC_DEFAULT, 1, now, null);
            KmsKey key = new KmsKey(accountId, region, UUID.randomUUID().toString(), now,
                    "Default key that protects my " + serviceName + " data when no other key is defined",
                    KeyUsage.ENCRYPT_DECRYPT, KeySpec.SYMMETRIC_DEFAULT, KmsKey.Origin.AWS_KMS, true, KeyState.ENABLED, null,
                    null, null, null, false, null, List.of(), KeyPolicies.awsManagedPolicy(accountId, region, service, serviceName),
                    Map.of(), true, 365, now.plus(Duration.ofDays(365)), 0, 1, material.materialId());
            KeyStore.putMaterial(tx, key, material);
            KeyStore.putKey(tx, key);
            KeyStore.putAlias(tx, accountId, region, new Alias(aliasName, key.keyId(), now, now));
            StorageScheduler.schedule(tx, new ScheduledJob(KeyRotation.ROTATE_JOB, KmsKeys.jobId(key), key.nextRotationDate()));
            return key;
        });
    }

    /** Operations AWS documents as "Cross-account use: No" do not find another account's keys. */
    static void requireSameAccount(RequestContext ctx, KmsKey key) {
        if (!key.accountId().equals(ctx.principal().accountId())) {
            throw KmsErrors.keyNotFound(key.arn());
        }
    }

    static void requireCustomerManaged(KmsKey key, String operation) {
        if (key.awsManaged()) {
            throw KmsErrors.unsupported(key.arn() + " is an AWS managed key; " + operation + " is not allowed on it");
        }
    }

    /** A change computed from the key's current record. */
    @FunctionalInterface
    interface KeyChange {
        KmsKey apply(KmsKey key);
    }

    /** A change that also writes other rows in the same transaction. */
    @FunctionalInterface
    interface KeyChangeInTx {
        KmsKey apply(Transaction tx, KmsKey key);
    }

    private KmsKey change(RequestContext ctx, String keyId, String operation, KeyChange change) {
        return changeWithTx(ctx, keyId, operation, null, false, (tx, key) -> change.apply(key));
    }

    /** Resolves (key id or ARN only), authorizes {@code kms:<operation>} on the key, then applies the change atomically. */
    KmsKey changeWithTx(RequestContext ctx, String keyId, String operation, io.citadel.core.policy.ConditionKeys extra,
                        boolean dryRun, KeyChangeInTx change) {
        ResolvedKey resolved = env.resolver.resolve(ctx, keyId, false);
        requireSameAccount(ctx, resolved.key());
        env.access.require(ctx, resolved, operation, null, Call.DIRECT, null, extra);
        if (dryRun) {
            throw KmsErrors.dryRun();
        }
        return env.storage.transaction(tx -> {
            KmsKey current = KeyStore.key(tx, resolved.key().accountId(), resolved.key().region(), resolved.key().keyId())
                    .orElseThrow(() -> KmsErrors.keyNotFound(resolved.key().arn()));
            KmsKey updated = change.apply(tx, current);
            KeyStore.putKey(tx, updated);
            return updated;
        });
    }

}
