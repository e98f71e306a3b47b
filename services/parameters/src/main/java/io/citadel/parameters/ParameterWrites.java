package io.citadel.parameters;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.storage.KeyRules;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PutParameter, DeleteParameter(s), LabelParameterVersion and UnlabelParameterVersion. SecureString
 * values are encrypted through KMS before the storage transaction (transactions have no outside
 * effects); the transaction then checks that nobody wrote the parameter in between.
 */
public final class ParameterWrites {

    /** AWS checks aws:ec2:image values for this form; whether the AMI exists is not checked here. */
    private static final java.util.regex.Pattern AMI_ID = java.util.regex.Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");

    private final ParameterEnvironment env;
    private final ServiceSettings settings;

    ParameterWrites(ParameterEnvironment env, ServiceSettings settings) {
        this.env = env;
        this.settings = settings;
    }

    /** PutParameter's members, as plain values (null: not given). */
    public record PutInput(String name, String description, String value, String type, String keyId, boolean overwrite,
                           String allowedPattern, Map<String, String> tags, String tier, String policies, String dataType) {
    }

    public record PutResult(long version, ParameterTier tier) {
    }

    public PutResult put(RequestContext ctx, PutInput in) {
        String account = ParameterEnvironment.account(ctx);
        String region = ctx.region();
        String name = ParameterNames.checkNewName(in.name());
        String arn = env.arn(ctx, name);
        env.require(ctx, "PutParameter", arn);
        if (ParameterRepository.versionKey(account, region, name, Long.MAX_VALUE).length() > KeyRules.MAX_KEY_CHARS) {
            throw ParameterErrors.validation("Parameter name: length " + name.length() + " (expected: at most "
                    + (name.length() - (ParameterRepository.versionKey(account, region, name, Long.MAX_VALUE).length()
                    - KeyRules.MAX_KEY_CHARS)) + " in Citadel for this account and region)");
        }
        if (in.overwrite() && in.tags() != null && !in.tags().isEmpty()) {
            throw ParameterErrors.validation("Invalid request: tags and overwrite can't be used together. To create a parameter "
                    + "with tags, please remove overwrite flag. To update tags for an existing parameter, please use "
                    + "AddTagsToResource or RemoveTagsFromResource.");
        }
        Instant now = env.clock.instant();
        List<ParameterPolicy> policies = ParameterPolicy.parse(in.policies(), now);
        if (in.value() == null) {
            throw ParameterErrors.validation("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must not be null");
        }
        Optional<StoredParameter> existing = env.storage.transaction(tx -> ParameterRepository.head(tx, account, region, name));
        if (existing.isPresent() && !in.overwrite()) {
            throw ParameterErrors.error(ParameterErrors.ALREADY_EXISTS,
                    "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
        }
        ParameterType type = in.type() != null ? ParameterType.parse(in.type())
                : existing.map(StoredParameter::type).orElse(ParameterType.STRING);
        if (existing.isPresent() && existing.get().type() != type) {
            throw ParameterErrors.error(ParameterErrors.HIERARCHY_TYPE, "The parameter type can't be changed from "
                    + existing.get().type().wire() + " to " + type.wire() + ". Create a new parameter instead.");
        }
        if (type != ParameterType.SECURE_STRING && in.keyId() != null) {
            throw ParameterErrors.validation("KeyId: only a SecureString parameter is encrypted with a key (Type: " + type.wire() + ")");
        }
        String dataType = in.dataType() != null ? in.dataType() : existing.map(StoredParameter::dataType).orElse("text");
        checkDataType(dataType, type, in.value());
        String allowedPattern = in.allowedPattern() != null ? in.allowedPattern()
                : existing.map(StoredParameter::allowedPattern).orElse(null);
        checkAllowedPattern(allowedPattern, in.value());
        String description = in.description() != null ? in.description() : existing.map(StoredParameter::description).orElse(null);
        ParameterTier tier = effectiveTier(ctx, in, existing, in.value().getBytes(StandardCharsets.UTF_8).length, !policies.isEmpty());
        Map<String, String> tags = existing.map(StoredParameter::tags).orElse(in.tags() == null ? Map.of() : in.tags());
        ParameterTags.checkCount(tags.size(), env.limits.tags());

        String keyId = null;
        byte[] ciphertext = null;
        if (type == ParameterType.SECURE_STRING) {
            keyId = in.keyId() != null ? in.keyId() : env.secure.defaultKey(ctx);
            ciphertext = env.secure.encrypt(ctx, keyId, arn, in.value());
        }
        String storedKeyId = keyId;
        byte[] storedCiphertext = ciphertext;
        long expectedVersion = existing.map(StoredParameter::version).orElse(0L);
        return env.storage.transaction(tx -> {
            Optional<StoredParameter> current = ParameterRepository.head(tx, account, region, name);
            if (current.map(StoredParameter::version).orElse(0L) != expectedVersion) {
                throw ParameterErrors.error(ParameterErrors.TOO_MANY_UPDATES,
                        "There are concurrent updates for the resource that you tried to update: " + name);
            }
            ParameterRepository.Counts counts = ParameterRepository.counts(tx, account, region);
            ParameterTier previousTier = current.map(StoredParameter::tier).orElse(null);
            if (previousTier != tier) {
                long limit = tier == ParameterTier.ADVANCED ? env.limits.advancedParameters() : env.limits.standardParameters();
                if (counts.of(tier) + 1 > limit) {
                    throw ParameterErrors.error(ParameterErrors.LIMIT_EXCEEDED, "You have exceeded the number of " + tier.wire()
                            + " parameters for this account and region (" + limit + "). Delete unnecessary parameters and try again.");
                }
                counts = counts.plus(tier, 1);
                if (previousTier != null) {
                    counts = counts.plus(previousTier, -1);
                }
                ParameterRepository.putCounts(tx, account, region, counts);
            }
            long version = expectedVersion + 1;
            if (current.isPresent()) {
                List<ParameterVersion> versions = ParameterRepository.versions(tx, account, region, name);
                if (versions.size() >= env.limits.versions()) {
                    ParameterVersion oldest = versions.getFirst();
                    if (!oldest.labels().isEmpty()) {
                        throw ParameterErrors.error(ParameterErrors.MAX_VERSIONS, "You attempted to create a new version of " + name
                                + " by calling the PutParameter API with the overwrite flag. Version " + oldest.version()
                                + ", the oldest version, can't be deleted because it has a label associated with it. Move the label "
                                + "to another version of the parameter, and try again.");
                    }
                    ParameterRepository.deleteVersion(tx, account, region, name, oldest.version());
                }
            }
            ParameterVersion v = new ParameterVersion(name, version, type, tier, storedKeyId,
                    type == ParameterType.SECURE_STRING ? null : in.value(), storedCiphertext, now, ctx.principal().arn(), description,
                    allowedPattern, dataType, List.of(), policies);
            ParameterRepository.putVersion(tx, account, region, v);
            ParameterRepository.putHead(tx, account, region, StoredParameter.of(v, tags));
            ParameterPolicies.schedule(tx, account, region, name, version, policies, now);
            ParameterEvents.change(tx, account, region, now, current.isPresent() ? "Update" : "Create", name, type, description);
            return new PutResult(version, tier);
        });
    }

    private ParameterTier effectiveTier(RequestContext ctx, PutInput in, Optional<StoredParameter> existing, int valueBytes,
                                        boolean hasPolicies) {
        boolean explicit = in.tier() != null;
        ParameterTier requested = explicit ? ParameterTier.parse(in.tier()) : settings.defaultTier(ctx);
        boolean wasAdvanced = existing.map(p -> p.tier() == ParameterTier.ADVANCED).orElse(false);
        ParameterTier tier = switch (requested) {
            case INTELLIGENT_TIERING -> wasAdvanced || hasPolicies || valueBytes > ParameterTier.STANDARD.maxValueBytes()
                    ? ParameterTier.ADVANCED : ParameterTier.STANDARD;
            case STANDARD -> {
                if (wasAdvanced && explicit) {
                    throw ParameterErrors.validation("This parameter uses the advanced-parameter tier. You can't downgrade a "
                            + "parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can "
                            + "delete the advanced parameter and recreate it as a standard parameter.");
                }
                yield wasAdvanced ? ParameterTier.ADVANCED : ParameterTier.STANDARD;
            }
            case ADVANCED -> ParameterTier.ADVANCED;
        };
        if (hasPolicies && tier != ParameterTier.ADVANCED) {
            throw ParameterErrors.validation("Parameter policies are supported only for advanced parameters. Use Tier Advanced or "
                    + "Intelligent-Tiering.");
        }
        if (valueBytes > tier.maxValueBytes()) {
            throw ParameterErrors.validation(tier == ParameterTier.STANDARD
                    ? "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger "
                    + "parameter value, upgrade the parameter to use the advanced-parameter tier."
                    : "Value: " + valueBytes + " bytes (expected: at most 8192 for an advanced parameter)");
        }
        return tier;
    }

    private static void checkDataType(String dataType, ParameterType type, String value) {
        switch (dataType) {
            case "text" -> { }
            case "aws:ec2:image" -> {
                if (type != ParameterType.STRING) {
                    throw ParameterErrors.validation("DataType aws:ec2:image requires Type String (Type: " + type.wire() + ")");
                }
                if (!AMI_ID.matcher(value).matches()) {
                    throw ParameterErrors.validation("Parameter value must be a valid Amazon Machine Image ID for DataType "
                            + "aws:ec2:image (expected: ami-<8 or 17 hex digits>)");
                }
            }
            default -> throw ParameterErrors.validation("The following data type is not supported: " + dataType
                    + " (expected: text, aws:ec2:image)");
        }
    }

    /** A user-supplied pattern, so RE2/J (linear time); the value must match it as a whole. */
    static void checkAllowedPattern(String allowedPattern, String value) {
        if (allowedPattern == null || allowedPattern.isEmpty()) {
            return;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(allowedPattern);
        } catch (PatternSyntaxException e) {
            throw ParameterErrors.error(ParameterErrors.INVALID_ALLOWED_PATTERN, "The parameter AllowedPattern isn't valid: "
                    + e.getDescription());
        }
        if (!pattern.matches(value)) {
            throw ParameterErrors.error(ParameterErrors.PATTERN_MISMATCH,
                    "Parameter value failed to satisfy constraint: Member must satisfy regular expression pattern: " + allowedPattern);
        }
    }

    public void delete(RequestContext ctx, String nameText) {
        String name = ParameterNames.checkName(nameText);
        env.require(ctx, "DeleteParameter", env.arn(ctx, name));
        if (!env.storage.transaction(tx -> deleteIn(tx, ctx, name))) {
            throw ParameterErrors.notFound(name);
        }
    }

    public record Deleted(List<String> deleted, List<String> invalid) {
    }

    public Deleted deleteMany(RequestContext ctx, List<String> names) {
        Set<String> unique = new LinkedHashSet<>(names);
        for (String n : unique) {
            env.require(ctx, "DeleteParameters", env.arn(ctx, ParameterNames.checkName(n)));
        }
        return env.storage.transaction(tx -> {
            List<String> deleted = new ArrayList<>();
            List<String> invalid = new ArrayList<>();
            for (String n : unique) {
                (deleteIn(tx, ctx, n) ? deleted : invalid).add(n);
            }
            return new Deleted(deleted, invalid);
        });
    }

    private static boolean deleteIn(io.citadel.storage.Transaction tx, RequestContext ctx, String name) {
        String account = ParameterEnvironment.account(ctx);
        Optional<StoredParameter> head = ParameterRepository.head(tx, account, ctx.region(), name);
        if (head.isEmpty()) {
            return false;
        }
        ParameterRepository.deleteAll(tx, account, ctx.region(), name);
        ParameterRepository.putCounts(tx, account, ctx.region(),
                ParameterRepository.counts(tx, account, ctx.region()).plus(head.get().tier(), -1));
        ParameterPolicies.cancel(tx, account, ctx.region(), name);
        ParameterEvents.change(tx, account, ctx.region(), ctx.receivedAt(), "Delete", name, head.get().type(), head.get().description());
        return true;
    }

    public record Labelled(List<String> invalidLabels, long version) {
    }

    /** Attaches labels to a version (the latest when {@code version} is null), moving each from any other version. */
    public Labelled label(RequestContext ctx, String nameText, Long version, List<String> labels) {
        String name = ParameterNames.checkName(nameText);
        env.require(ctx, "LabelParameterVersion", env.arn(ctx, name));
        String account = ParameterEnvironment.account(ctx);
        List<String> invalid = labels.stream().filter(l -> !Labels.isValid(l)).distinct().toList();
        List<String> valid = labels.stream().filter(Labels::isValid).distinct().toList();
        return env.storage.transaction(tx -> {
            StoredParameter head = ParameterRepository.head(tx, account, ctx.region(), name)
                    .orElseThrow(() -> ParameterErrors.notFound(name));
            long target = version != null ? version : head.version();
            List<ParameterVersion> versions = ParameterRepository.versions(tx, account, ctx.region(), name);
            ParameterVersion targetVersion = versions.stream().filter(v -> v.version() == target).findFirst()
                    .orElseThrow(() -> versionNotFound(name, target));
            Set<String> merged = new LinkedHashSet<>(targetVersion.labels());
            merged.addAll(valid);
            if (merged.size() > Labels.MAX_LABELS_PER_VERSION) {
                throw ParameterErrors.error(ParameterErrors.LABEL_LIMIT, "A parameter version can have at most "
                        + Labels.MAX_LABELS_PER_VERSION + " labels: " + name + ":" + target + " would have " + merged.size());
            }
            for (ParameterVersion v : versions) {
                if (v.version() != target && v.labels().stream().anyMatch(valid::contains)) {
                    ParameterRepository.putVersion(tx, account, ctx.region(),
                            v.withLabels(v.labels().stream().filter(l -> !valid.contains(l)).toList()));
                }
            }
            ParameterRepository.putVersion(tx, account, ctx.region(), targetVersion.withLabels(List.copyOf(merged)));
            ParameterEvents.change(tx, account, ctx.region(), ctx.receivedAt(), "LabelParameterVersion", name, head.type(),
                    head.description());
            return new Labelled(invalid, target);
        });
    }

    public record Unlabelled(List<String> removed, List<String> invalid) {
    }

    public Unlabelled unlabel(RequestContext ctx, String nameText, long version, List<String> labels) {
        String name = ParameterNames.checkName(nameText);
        env.require(ctx, "UnlabelParameterVersion", env.arn(ctx, name));
        String account = ParameterEnvironment.account(ctx);
        return env.storage.transaction(tx -> {
            ParameterRepository.head(tx, account, ctx.region(), name).orElseThrow(() -> ParameterErrors.notFound(name));
            ParameterVersion v = ParameterRepository.version(tx, account, ctx.region(), name, version)
                    .orElseThrow(() -> versionNotFound(name, version));
            List<String> removed = labels.stream().distinct().filter(v.labels()::contains).toList();
            List<String> invalid = labels.stream().distinct().filter(l -> !v.labels().contains(l)).toList();
            if (!removed.isEmpty()) {
                ParameterRepository.putVersion(tx, account, ctx.region(),
                        v.withLabels(v.labels().stream().filter(l -> !removed.contains(l)).toList()));
            }
            return new Unlabelled(removed, invalid);
        });
    }

    static ServiceException versionNotFound(String name, long version) {
        return ParameterErrors.error(ParameterErrors.VERSION_NOT_FOUND,
                "Systems Manager could not find version " + version + " of " + name + ". Verify the version and try again.");
    }
}
