package io.citadel.secrets.api;

import io.citadel.secrets.RandomPasswords;
import io.citadel.secrets.RotationEngine;
import io.citadel.secrets.SecretReads;
import io.citadel.secrets.SecretReplication;
import io.citadel.secrets.SecretWrites;
import io.citadel.secrets.Secrets;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Secrets Manager operation table (json 1.1, target prefix secretsmanager, signing name secretsmanager): all 23 operations of the model. */
public final class SecretsApi {

    public static final WireProtocol.Json PROTOCOL = new WireProtocol.Json("secretsmanager", "1.1");

    private SecretsApi() {
    }

    /** The output of an operation whose model output is empty (TagResource, UntagResource). */
    record Empty() {
    }

    public static ServiceApi create(Secrets secrets) {
        List<Operation<?, ?>> ops = new ArrayList<>();
        SecretWrites writes = secrets.writes();
        SecretReads reads = secrets.reads();
        SecretReplication replication = secrets.replication();
        RotationEngine rotation = secrets.rotation();

        ops.add(new Operation<>("CreateSecret", CreateSecretRequest.class, false, (ctx, r) -> {
            var out = writes.create(ctx, new SecretWrites.CreateInput(r.name(), r.clientRequestToken(), r.description(), r.kmsKeyId(),
                    r.secretString(), r.secretBinary(), tags(r.tags()), regions(r.addReplicaRegions()),
                    Boolean.TRUE.equals(r.forceOverwriteReplicaSecret())));
            return new CreateSecretResponse(out.written().arn(), out.written().name(), out.written().versionId(),
                    out.replication().isEmpty() ? null : SecretViews.replication(out.replication()));
        }));
        ops.add(new Operation<>("PutSecretValue", PutSecretValueRequest.class, false, (ctx, r) -> {
            var out = writes.putValue(ctx, r.secretId(), r.clientRequestToken(), r.secretString(), r.secretBinary(), r.versionStages());
            return new PutSecretValueResponse(out.arn(), out.name(), out.versionId(), out.stages());
        }));
        ops.add(new Operation<>("UpdateSecret", UpdateSecretRequest.class, false, (ctx, r) -> {
            var out = writes.update(ctx, new SecretWrites.UpdateInput(r.secretId(), r.clientRequestToken(), r.description(), r.kmsKeyId(),
                    r.secretString(), r.secretBinary()));
            return new UpdateSecretResponse(out.arn(), out.name(), out.versionId());
        }));
        ops.add(new Operation<>("UpdateSecretVersionStage", UpdateSecretVersionStageRequest.class, false, (ctx, r) -> {
            var out = writes.updateStage(ctx, r.secretId(), r.versionStage(), r.removeFromVersionId(), r.moveToVersionId());
            return new UpdateSecretVersionStageResponse(out.arn(), out.name());
        }));
        ops.add(new Operation<>("DeleteSecret", DeleteSecretRequest.class, false, (ctx, r) -> {
            var out = writes.delete(ctx, r.secretId(), r.recoveryWindowInDays(), Boolean.TRUE.equals(r.forceDeleteWithoutRecovery()));
            return new DeleteSecretResponse(out.arn(), out.name(), out.deletionDate());
        }));
        ops.add(new Operation<>("RestoreSecret", RestoreSecretRequest.class, false, (ctx, r) -> {
            var out = writes.restore(ctx, r.secretId());
            return new RestoreSecretResponse(out.arn(), out.name());
        }));
        ops.add(new Operation<>("GetSecretValue", GetSecretValueRequest.class, (ctx, r) -> {
            var v = reads.get(ctx, r.secretId(), r.versionId(), r.versionStage());
            return new GetSecretValueResponse(v.arn(), v.name(), v.versionId(), v.secretBinary(), v.secretString(), v.stages(), v.createdDate());
        }));
        ops.add(new Operation<>("BatchGetSecretValue", BatchGetSecretValueRequest.class, true, (ctx, r) -> {
            var out = reads.batchGet(ctx, r.secretIdList(), filters(r.filters()), r.maxResults(), r.nextToken());
            return new BatchGetSecretValueResponse(out.values().stream().map(v -> new SecretValueEntry(v.arn(), v.name(), v.versionId(),
                    v.secretBinary(), v.secretString(), v.stages(), v.createdDate())).toList(), out.nextToken(),
                    out.errors().stream().map(e -> new APIErrorType(e.secretId(), e.errorCode(), e.message())).toList());
        }));
        ops.add(new Operation<>("DescribeSecret", DescribeSecretRequest.class,
                (ctx, r) -> SecretViews.describe(reads.describe(ctx, r.secretId()))));
        ops.add(new Operation<>("ListSecrets", ListSecretsRequest.class, (ctx, r) -> {
            var page = reads.list(ctx, Boolean.TRUE.equals(r.includePlannedDeletion()), r.maxResults(), r.nextToken(), filters(r.filters()),
                    r.sortOrder(), r.sortBy());
            return new ListSecretsResponse(page.items().stream().map(SecretViews::entry).toList(), page.nextToken());
        }));
        ops.add(new Operation<>("ListSecretVersionIds", ListSecretVersionIdsRequest.class, (ctx, r) -> {
            var out = reads.listVersionIds(ctx, r.secretId(), r.maxResults(), r.nextToken(), Boolean.TRUE.equals(r.includeDeprecated()));
            return new ListSecretVersionIdsResponse(out.page().items().stream().map(v -> new SecretVersionsListEntry(v.versionId(),
                    v.stages(), v.lastAccessedDate(), v.createdDate(), v.kmsKeyArn() == null ? null : List.of(v.kmsKeyArn()))).toList(),
                    out.page().nextToken(), out.secret().arn(), out.secret().name());
        }));
        ops.add(new Operation<>("RotateSecret", RotateSecretRequest.class, false, (ctx, r) -> {
            RotationRulesType rules = r.rotationRules();
            var out = rotation.rotate(ctx, r.secretId(), r.clientRequestToken(), r.rotationLambdaARN(),
                    rules == null ? null : new RotationEngine.Rules(rules.automaticallyAfterDays(), rules.scheduleExpression(), rules.duration()),
                    r.rotateImmediately());
            return new RotateSecretResponse(out.arn(), out.name(), out.versionId());
        }));
        ops.add(new Operation<>("CancelRotateSecret", CancelRotateSecretRequest.class, false, (ctx, r) -> {
            var out = rotation.cancel(ctx, r.secretId());
            return new CancelRotateSecretResponse(out.arn(), out.name(), out.versionId());
        }));
        ops.add(new Operation<>("GetRandomPassword", GetRandomPasswordRequest.class, (ctx, r) -> {
            return new GetRandomPasswordResponse(secrets.randomPassword(ctx, new RandomPasswords.Options(r.passwordLength(),
                    r.excludeCharacters(), r.excludeNumbers(), r.excludePunctuation(), r.excludeUppercase(), r.excludeLowercase(),
                    r.includeSpace(), r.requireEachIncludedType())));
        }));
        ops.add(new Operation<>("TagResource", TagResourceRequest.class, false, (ctx, r) -> {
            secrets.tags().tag(ctx, r.secretId(), tags(r.tags()));
            return new Empty();
        }));
        ops.add(new Operation<>("UntagResource", UntagResourceRequest.class, false, (ctx, r) -> {
            secrets.tags().untag(ctx, r.secretId(), r.tagKeys());
            return new Empty();
        }));
        ops.add(new Operation<>("PutResourcePolicy", PutResourcePolicyRequest.class, false, (ctx, r) -> {
            var p = secrets.policies().put(ctx, r.secretId(), r.resourcePolicy(), Boolean.TRUE.equals(r.blockPublicPolicy()));
            return new PutResourcePolicyResponse(p.arn(), p.name());
        }));
        ops.add(new Operation<>("GetResourcePolicy", GetResourcePolicyRequest.class, (ctx, r) -> {
            var p = secrets.policies().get(ctx, r.secretId());
            return new GetResourcePolicyResponse(p.arn(), p.name(), p.policy());
        }));
        ops.add(new Operation<>("DeleteResourcePolicy", DeleteResourcePolicyRequest.class, false, (ctx, r) -> {
            var p = secrets.policies().delete(ctx, r.secretId());
            return new DeleteResourcePolicyResponse(p.arn(), p.name());
        }));
        ops.add(new Operation<>("ValidateResourcePolicy", ValidateResourcePolicyRequest.class, true, (ctx, r) -> {
            var v = secrets.policies().validate(ctx, r.secretId(), r.resourcePolicy());
            return new ValidateResourcePolicyResponse(v.passed(), v.problems().stream()
                    .map(p -> new ValidationErrorsEntry(p.checkName(), p.message())).toList());
        }));
        ops.add(new Operation<>("ReplicateSecretToRegions", ReplicateSecretToRegionsRequest.class, false, (ctx, r) -> {
            var out = replication.replicateToRegions(ctx, r.secretId(), regions(r.addReplicaRegions()),
                    Boolean.TRUE.equals(r.forceOverwriteReplicaSecret()));
            return new ReplicateSecretToRegionsResponse(out.arn(), SecretViews.replication(out.status()));
        }));
        ops.add(new Operation<>("RemoveRegionsFromReplication", RemoveRegionsFromReplicationRequest.class, false, (ctx, r) -> {
            var out = replication.removeRegions(ctx, r.secretId(), r.removeReplicaRegions());
            return new RemoveRegionsFromReplicationResponse(out.arn(), SecretViews.replication(out.status()));
        }));
        ops.add(new Operation<>("StopReplicationToReplica", StopReplicationToReplicaRequest.class, false,
                (ctx, r) -> new StopReplicationToReplicaResponse(replication.stopReplication(ctx, r.secretId()))));
        return ServiceApi.of("secretsmanager", PROTOCOL, ops);
    }

    static Map<String, String> tags(List<Tag> tags) {
        if (tags == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Tag t : tags) {
            out.put(t.key(), t.value());
        }
        return out;
    }

    static List<SecretReplication.Region> regions(List<ReplicaRegionType> in) {
        return in == null ? null : in.stream().map(r -> new SecretReplication.Region(r.region(), r.kmsKeyId())).toList();
    }

    static List<SecretReads.SecretFilter> filters(List<Filter> in) {
        return in == null ? null : in.stream().map(f -> new SecretReads.SecretFilter(f.key(), f.values())).toList();
    }
}
