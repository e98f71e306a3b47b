package io.citadel.secrets;

import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.core.crypto.Hashes;
import io.citadel.secrets.SecretCrypto.Plain;
import io.citadel.storage.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * CreateSecret, PutSecretValue, UpdateSecret, UpdateSecretVersionStage, DeleteSecret and
 * RestoreSecret. Values are encrypted through KMS before the storage transaction (transactions have
 * no outside effects); the transaction then applies the change to the head as it finds it, and
 * writes the same change to every replica region.
 */
public final class SecretWrites {

    private static final int ATTEMPTS = 3;

    private final SecretEnvironment env;
    private final SecretReplication replication;

    SecretWrites(SecretEnvironment env, SecretReplication replication) {
        this.env = env;
        this.replication = replication;
    }

    public record Written(String arn, String name, String versionId, List<String> stages) {
    }

    public record CreateInput(String name, String clientRequestToken, String description, String kmsKeyId, String secretString,
                              byte[] secretBinary, Map<String, String> tags, List<SecretReplication.Region> replicaRegions,
                              boolean forceOverwriteReplica) {

        @Override
        public String toString() {
            return "CreateInput[" + name + "]";
        }
    }

    public record CreateResult(Written written, List<StoredSecret.Replica> replication) {
    }

    public CreateResult create(RequestContext ctx, CreateInput in) {
        String name = SecretNames.checkName(in.name());
        String account = ctx.principal().accountId();
        String region = ctx.region();
        Plain value = value(in.secretString(), in.secretBinary(), false);
        Map<String, String> tags = in.tags() == null ? Map.of() : in.tags();
        SecretTags.check(tags, env.limits.tags());
        String arn = SecretNames.arn(region, account, name, SecretNames.suffix(env.random));
        env.requireWithoutSecret(ctx, "CreateSecret", arn, request -> {
            request.put("secretsmanager:Name", name);
            if (in.description() != null) {
                request.put("secretsmanager:Description", in.description());
            }
            if (in.kmsKeyId() != null) {
                request.put("secretsmanager:KmsKeyId", in.kmsKeyId());
            }
            request.requestTags(tags);
        });
        if (!tags.isEmpty()) {
            env.requireWithoutSecret(ctx, "TagResource", arn, request -> request.requestTags(tags));
        }
        Optional<StoredSecret> existing = env.storage.transaction(tx -> SecretRepository.head(tx, account, region, name));
        if (existing.isPresent()) {
            Optional<CreateResult> retried = retriedCreate(existing.get(), in.clientRequestToken(), value);
            if (retried.isPresent()) {
                return retried.get();
            }
            throw existsError(existing.get());
        }
        String token = token(in.clientRequestToken());
        Instant now = env.now();
        String keyId = env.crypto.keyFor(ctx, account, in.kmsKeyId());
        SecretVersion version = value == null ? null : env.crypto.encrypt(ctx, keyId, arn, token, value);
        List<StoredSecret.VersionInfo> versions = version == null ? List.of()
                : List.of(new StoredSecret.VersionInfo(token, now, List.of(Staging.CURRENT), null, version.keyArn()));
        StoredSecret secret = new StoredSecret(account, region, name, arn, in.description(), blankToNull(in.kmsKeyId()), now, now, null,
                null, null, null, null, tags, null, versions, null, List.of(), 1);
        env.storage.transaction(tx -> {
            SecretRepository.head(tx, account, region, name).ifPresent(s -> {
                throw existsError(s);
            });
            SecretRepository.putHead(tx, secret);
            if (version != null) {
                SecretRepository.putVersion(tx, account, region, name, version);
            }
            return null;
        });
        List<StoredSecret.Replica> replicas = List.of();
        if (in.replicaRegions() != null && !in.replicaRegions().isEmpty()) {
            replicas = replication.replicate(ctx, secret, in.replicaRegions(), in.forceOverwriteReplica());
        }
        return new CreateResult(new Written(arn, name, version == null ? null : token, versions.isEmpty() ? List.of() : List.of(Staging.CURRENT)),
                replicas);
    }

    /** A CreateSecret repeated with the same ClientRequestToken and value (an SDK's retry) succeeds, as AWS documents. */
    private Optional<CreateResult> retriedCreate(StoredSecret s, String token, Plain value) {
        if (s.isDeleted() || token == null || value == null || s.version(token).isEmpty()) {
            return Optional.empty();
        }
        Optional<SecretVersion> stored = env.storage.transaction(tx -> SecretRepository.version(tx, s.account(), s.region(), s.name(), token));
        if (stored.isEmpty() || !Hashes.constantTimeEquals(stored.get().digest(), SecretCrypto.digest(token, value))) {
            return Optional.empty();
        }
        return Optional.of(new CreateResult(new Written(s.arn(), s.name(), token, s.version(token).get().stages()), s.replicas()));
    }

    private static ServiceException existsError(StoredSecret s) {
        return s.isDeleted()
                ? SecretErrors.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.")
                : SecretErrors.error(SecretErrors.EXISTS, "The operation failed because the secret " + s.name() + " already exists.");
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    public Written putValue(RequestContext ctx, String secretId, String clientRequestToken, String secretString, byte[] secretBinary,
                            List<String> stagesOrNull) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "PutSecretValue", secret, null);
        requireWritable(secret);
        requireNotDeleted(secret);
        Plain value = value(secretString, secretBinary, true);
        List<String> stages = stagesOrNull == null ? List.of(Staging.CURRENT) : Staging.checkLabels(stagesOrNull);
        String token = token(clientRequestToken);
        String versionId = addVersion(ctx, secret, token, value, stages, b -> { });
        return new Written(secret.arn(), secret.name(), versionId, stages);
    }

    public record UpdateInput(String secretId, String clientRequestToken, String description, String kmsKeyId, String secretString,
                              byte[] secretBinary) {

        @Override
        public String toString() {
            return "UpdateInput[" + secretId + "]";
        }
    }

    public Written update(RequestContext ctx, UpdateInput in) {
        StoredSecret secret = env.find(ctx, in.secretId());
        env.require(ctx, "UpdateSecret", secret, request -> {
            if (in.description() != null) {
                request.put("secretsmanager:Description", in.description());
            }
            if (in.kmsKeyId() != null) {
                request.put("secretsmanager:KmsKeyId", in.kmsKeyId());
            }
        });
        requireWritable(secret);
        requireNotDeleted(secret);
        Plain value = value(in.secretString(), in.secretBinary(), false);
        boolean keyChanges = in.kmsKeyId() != null && !java.util.Objects.equals(normalKey(in.kmsKeyId()), normalKey(secret.kmsKeyId()));
        if (keyChanges) {
            secret = reencrypt(ctx, secret, blankToNull(in.kmsKeyId()));
        }
        Consumer<StoredSecret.Builder> edits = b -> {
            if (in.description() != null) {
                b.description = in.description();
            }
        };
        if (value != null) {
            String versionId = addVersion(ctx, secret, token(in.clientRequestToken()), value, List.of(Staging.CURRENT), edits);
            return new Written(secret.arn(), secret.name(), versionId, List.of(Staging.CURRENT));
        }
        if (in.description() != null) {
            StoredSecret seen = secret;
            env.storage.transaction(tx -> {
                StoredSecret fresh = fresh(tx, seen);
                StoredSecret.Builder b = fresh.edit().changed(env.now());
                edits.accept(b);
                StoredSecret updated = b.build();
                SecretRepository.putHead(tx, updated);
                replication.mirror(tx, updated, Map.of(), List.of());
                return null;
            });
        }
        return new Written(secret.arn(), secret.name(), null, null);
    }

    private static String normalKey(String keyId) {
        return keyId == null || keyId.isEmpty() || keyId.equals(SecretCrypto.DEFAULT_KEY_ALIAS) ? null : keyId;
    }

    /** Moves the secret to another key: the versions labelled AWSCURRENT, AWSPENDING or AWSPREVIOUS are re-encrypted under it, as AWS does. */
    private StoredSecret reencrypt(RequestContext ctx, StoredSecret secret, String newKmsKeyId) {
        String keyId = env.crypto.keyFor(ctx, secret.account(), newKmsKeyId);
        Map<String, SecretVersion> redone = new LinkedHashMap<>();
        for (StoredSecret.VersionInfo info : secret.versions()) {
            if (info.stages().stream().noneMatch(s -> s.equals(Staging.CURRENT) || s.equals(Staging.PENDING) || s.equals(Staging.PREVIOUS))) {
                continue;
            }
            SecretVersion old = env.storage.transaction(tx -> SecretRepository.version(tx, secret.account(), secret.region(), secret.name(),
                    info.versionId())).orElseThrow();
            Plain plain = env.crypto.decrypt(ctx, secret.arn(), old);
            try {
                redone.put(info.versionId(), env.crypto.encrypt(ctx, keyId, secret.arn(), info.versionId(), plain));
            } finally {
                java.util.Arrays.fill(plain.bytes(), (byte) 0);
            }
        }
        return env.storage.transaction(tx -> {
            StoredSecret fresh = fresh(tx, secret);
            StoredSecret.Builder b = fresh.edit().changed(env.now());
            b.kmsKeyId = newKmsKeyId;
            List<StoredSecret.VersionInfo> versions = new ArrayList<>();
            for (StoredSecret.VersionInfo v : b.versions) {
                SecretVersion r = redone.get(v.versionId());
                versions.add(r == null ? v : v.withKey(r.keyArn()));
                if (r != null) {
                    SecretRepository.putVersion(tx, fresh.account(), fresh.region(), fresh.name(), r);
                }
            }
            b.versions = versions;
            StoredSecret updated = b.build();
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), List.of());
            return updated;
        });
    }

    /**
     * Adds a version with {@code stages}, or confirms the identical version already stored under
     * {@code token}; {@code kmsCtx} is whose authority KMS sees (the caller, or the service for
     * rotation). Returns the version id.
     */
    String addVersion(RequestContext kmsCtx, StoredSecret seen, String token, Plain value, List<String> stages,
                      Consumer<StoredSecret.Builder> edits) {
        StoredSecret secret = seen;
        for (int attempt = 1; ; attempt++) {
            if (secret.version(token).isPresent()) {
                confirmSame(secret, token, value);
                return token;
            }
            String keyId = env.crypto.keyFor(kmsCtx, secret.account(), secret.kmsKeyId());
            SecretVersion version = env.crypto.encrypt(kmsCtx, keyId, secret.arn(), token, value);
            Map<String, SecretVersion> replicas = replication.encryptForReplicas(kmsCtx, secret, token, value);
            StoredSecret prepared = secret;
            Optional<StoredSecret> changed = env.storage.transaction(tx -> {
                StoredSecret fresh = fresh(tx, prepared);
                if (!java.util.Objects.equals(fresh.kmsKeyId(), prepared.kmsKeyId())
                        || !fresh.replicas().equals(prepared.replicas()) || fresh.version(token).isPresent()) {
                    return Optional.of(fresh);
                }
                Instant now = env.now();
                StoredSecret.Builder b = fresh.edit().changed(now);
                List<StoredSecret.VersionInfo> versions = new ArrayList<>(b.versions);
                versions.add(new StoredSecret.VersionInfo(token, now, List.of(), null, version.keyArn()));
                versions = Staging.attach(versions, token, stages);
                List<String> removed = Staging.expendable(versions, env.limits.versions(), env.limits.versionGrace(), now);
                if (versions.size() - removed.size() > env.limits.versions()) {
                    throw SecretErrors.error(SecretErrors.LIMIT_EXCEEDED, "You have exceeded the maximum number of versions of this "
                            + "secret (" + env.limits.versions() + "); versions without a staging label are removed only "
                            + env.limits.versionGrace().toHours() + " hours after their creation.");
                }
                versions.removeIf(v -> removed.contains(v.versionId()));
                b.versions = versions;
                edits.accept(b);
                if (stages.contains(Staging.CURRENT)) {
                    RotationEngine.abandonIn(tx, b, token, now);
                }
                StoredSecret updated = b.build();
                for (String id : removed) {
                    SecretRepository.deleteVersion(tx, fresh.account(), fresh.region(), fresh.name(), id);
                }
                SecretRepository.putVersion(tx, fresh.account(), fresh.region(), fresh.name(), version);
                SecretRepository.putHead(tx, updated);
                replication.mirror(tx, updated, replicas, removed);
                return Optional.<StoredSecret>empty();
            });
            if (changed.isEmpty()) {
                return token;
            }
            if (attempt >= ATTEMPTS && changed.get().version(token).isEmpty()) {
                throw SecretErrors.invalidRequest("The secret " + seen.name() + " changed while this request ran; try again.");
            }
            secret = changed.get();
        }
    }

    private void confirmSame(StoredSecret secret, String token, Plain value) {
        SecretVersion stored = env.storage.transaction(tx -> SecretRepository.version(tx, secret.account(), secret.region(), secret.name(),
                token)).orElseThrow(() -> SecretErrors.error(SecretErrors.EXISTS,
                "You can't modify an existing version, you can only create a new version."));
        if (!Hashes.constantTimeEquals(stored.digest(), SecretCrypto.digest(token, value))) {
            throw SecretErrors.error(SecretErrors.EXISTS, "You can't modify an existing version, you can only create a new version.");
        }
    }

    /** The head as the transaction sees it; gone or scheduled for deletion in between is the caller's error. */
    static StoredSecret fresh(Transaction tx, StoredSecret seen) {
        StoredSecret fresh = SecretRepository.head(tx, seen.account(), seen.region(), seen.name())
                .filter(s -> s.arn().equals(seen.arn())).orElseThrow(SecretErrors::notFound);
        if (fresh.isDeleted()) {
            throw SecretErrors.invalidRequest(SecretErrors.MARKED_FOR_DELETION);
        }
        return fresh;
    }

    public Written updateStage(RequestContext ctx, String secretId, String stage, String removeFromVersionId, String moveToVersionId) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "UpdateSecretVersionStage", secret, request -> request.put("secretsmanager:VersionStage", stage));
        requireWritable(secret);
        requireNotDeleted(secret);
        moveStage(secret, stage, removeFromVersionId, moveToVersionId);
        return new Written(secret.arn(), secret.name(), null, null);
    }

    /** UpdateSecretVersionStage's rules, with whatever authority the caller already established. */
    void moveStage(StoredSecret seen, String stage, String removeFromVersionId, String moveToVersionId) {
        Staging.checkLabels(List.of(stage == null ? "" : stage));
        env.storage.transaction(tx -> {
            StoredSecret fresh = fresh(tx, seen);
            Optional<StoredSecret.VersionInfo> holder = fresh.withStage(stage);
            if (moveToVersionId != null && fresh.version(moveToVersionId).isEmpty()) {
                throw SecretErrors.invalidParameter("The version " + moveToVersionId + " doesn't exist for secret " + fresh.name() + ".");
            }
            if (removeFromVersionId != null && holder.map(h -> !h.versionId().equals(removeFromVersionId)).orElse(true)) {
                throw SecretErrors.invalidParameter("The staging label " + stage + " is not attached to version " + removeFromVersionId
                        + ", so it can't be removed from it.");
            }
            if (moveToVersionId != null && holder.isPresent() && removeFromVersionId == null
                    && !holder.get().versionId().equals(moveToVersionId)) {
                throw SecretErrors.invalidParameter("The parameter RemoveFromVersionId can't be empty. Staging label " + stage
                        + " is currently attached to version " + holder.get().versionId()
                        + ", so you must explicitly reference that version in RemoveFromVersionId.");
            }
            if (moveToVersionId == null && removeFromVersionId == null) {
                throw SecretErrors.invalidParameter("You must specify MoveToVersionId, RemoveFromVersionId, or both.");
            }
            if (moveToVersionId == null && stage.equals(Staging.CURRENT)) {
                throw SecretErrors.invalidParameter("You can't remove the staging label AWSCURRENT from a version; move it to another "
                        + "version with MoveToVersionId instead.");
            }
            Instant now = env.now();
            StoredSecret.Builder b = fresh.edit().changed(now);
            b.versions = moveToVersionId != null ? Staging.move(b.versions, stage, moveToVersionId)
                    : Staging.remove(b.versions, stage, removeFromVersionId);
            List<String> removed = Staging.expendable(b.versions, env.limits.versions(), env.limits.versionGrace(), now);
            b.versions.removeIf(v -> removed.contains(v.versionId()));
            StoredSecret updated = b.build();
            for (String id : removed) {
                SecretRepository.deleteVersion(tx, fresh.account(), fresh.region(), fresh.name(), id);
            }
            SecretRepository.putHead(tx, updated);
            replication.mirror(tx, updated, Map.of(), removed);
            return null;
        });
    }

    public record Deleted(String arn, String name, Instant deletionDate) {
    }

    public Deleted delete(RequestContext ctx, String secretId, Long recoveryWindowInDays, boolean force) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "DeleteSecret", secret, request -> {
            if (recoveryWindowInDays != null) {
                request.put("secretsmanager:RecoveryWindowInDays", Long.toString(recoveryWindowInDays));
            }
            request.put("secretsmanager:ForceDeleteWithoutRecovery", Boolean.toString(force));
        });
        requireWritable(secret);
        if (force && recoveryWindowInDays != null) {
            throw SecretErrors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        long days = recoveryWindowInDays == null ? 30 : recoveryWindowInDays;
        if (!force && (days < 7 || days > 30)) {
            throw SecretErrors.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        if (!secret.replicas().isEmpty()) {
            throw SecretErrors.invalidRequest("You can't delete secret " + secret.name() + " because it is replicated to other Regions. "
                    + "Remove the replica Regions with RemoveRegionsFromReplication first.");
        }
        Instant now = env.now();
        return env.storage.transaction(tx -> {
            StoredSecret fresh = SecretRepository.head(tx, secret.account(), secret.region(), secret.name())
                    .filter(s -> s.arn().equals(secret.arn())).orElseThrow(SecretErrors::notFound);
            if (force) {
                SecretRepository.deleteAll(tx, fresh.account(), fresh.region(), fresh.name());
                SecretJobs.cancelPurge(tx, fresh);
                SecretJobs.cancelRotation(tx, fresh);
                return new Deleted(fresh.arn(), fresh.name(), now);
            }
            if (fresh.isDeleted()) {
                throw SecretErrors.invalidRequest(SecretErrors.MARKED_FOR_DELETION);
            }
            Instant at = now.plus(Duration.ofDays(days));
            StoredSecret.Builder b = fresh.edit();
            b.deletedDate = at;
            SecretRepository.putHead(tx, b.build());
            SecretJobs.schedulePurge(tx, fresh, at);
            SecretJobs.cancelRotation(tx, fresh);
            return new Deleted(fresh.arn(), fresh.name(), at);
        });
    }

    public Written restore(RequestContext ctx, String secretId) {
        StoredSecret secret = env.find(ctx, secretId);
        env.require(ctx, "RestoreSecret", secret, null);
        requireWritable(secret);
        env.storage.transaction(tx -> {
            StoredSecret fresh = SecretRepository.head(tx, secret.account(), secret.region(), secret.name())
                    .filter(s -> s.arn().equals(secret.arn())).orElseThrow(SecretErrors::notFound);
            if (!fresh.isDeleted()) {
                return null;
            }
            StoredSecret.Builder b = fresh.edit().changed(env.now());
            b.deletedDate = null;
            StoredSecret restored = b.build();
            SecretRepository.putHead(tx, restored);
            SecretJobs.cancelPurge(tx, fresh);
            if (restored.rotation() != null && restored.rotation().enabled() && restored.nextRotationDate() != null) {
                SecretJobs.scheduleRotation(tx, restored, restored.nextRotationDate());
            }
            return null;
        });
        return new Written(secret.arn(), secret.name(), null, null);
    }

    /** The purge job: removes a secret whose recovery window ended (unless it was restored or replaced). */
    io.citadel.core.schedule.ScheduledJob purge(Transaction tx, io.citadel.core.schedule.ScheduledJob job) {
        SecretJobs.Target t = io.citadel.core.json.StoredJson.read(job.payload(), SecretJobs.Target.class);
        SecretRepository.head(tx, t.account(), t.region(), t.name())
                .filter(s -> s.arn().equals(t.arn()) && s.isDeleted() && !s.deletedDate().isAfter(env.now()))
                .ifPresent(s -> {
                    SecretRepository.deleteAll(tx, s.account(), s.region(), s.name());
                    SecretJobs.cancelRotation(tx, s);
                });
        return null;
    }

    /** Writes to a replica are refused; so is any change to a secret scheduled for deletion (RestoreSecret and DeleteSecret aside). */
    static void requireWritable(StoredSecret secret) {
        if (secret.isReplica()) {
            throw SecretErrors.invalidRequest(SecretErrors.REPLICA_WRITE);
        }
    }

    static void requireNotDeleted(StoredSecret secret) {
        if (secret.isDeleted()) {
            throw SecretErrors.invalidRequest(SecretErrors.MARKED_FOR_DELETION);
        }
    }

    /** Exactly one of SecretString and SecretBinary (or neither when {@code required} is false), at most 65,536 bytes. */
    static Plain value(String secretString, byte[] secretBinary, boolean required) {
        if (secretString != null && secretBinary != null) {
            throw SecretErrors.invalidParameter("You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (secretString == null && secretBinary == null) {
            if (required) {
                throw SecretErrors.invalidRequest("You must provide either SecretString or SecretBinary.");
            }
            return null;
        }
        Plain plain = Plain.of(secretString, secretBinary);
        if (plain.bytes().length == 0 || plain.bytes().length > 65_536) {
            throw SecretErrors.invalidParameter("The secret value: " + plain.bytes().length + " bytes (expected: 1..65536)");
        }
        return plain;
    }

    static String token(String clientRequestToken) {
        if (clientRequestToken == null) {
            return UUID.randomUUID().toString();
        }
        if (clientRequestToken.length() < 32 || clientRequestToken.length() > 64) {
            throw SecretErrors.invalidParameter("ClientRequestToken: length " + clientRequestToken.length() + " (expected: 32..64)");
        }
        return clientRequestToken;
    }

    /** For tests: how many version records one secret has in storage. */
    int storedVersions(StoredSecret s) {
        return env.storage.transaction(tx -> tx.scanAll(SecretRepository.base(s.account(), s.region()) + "v/" + s.name() + "#").size());
    }
}
