package io.citadel.kms.api;

import io.citadel.kms.KeyAdministration;
import io.citadel.kms.KeyImport;
import io.citadel.kms.KeyReplication;
import io.citadel.kms.KeyRotation;
import io.citadel.kms.Kms;
import io.citadel.kms.KmsKey;
import io.citadel.protocol.Operation;
import java.util.List;

/** The policy, tag, rotation, import and multi-Region rows of the KMS operation table. */
final class KmsKeyManagementOperations {

    private KmsKeyManagementOperations() {
    }

    static void add(List<Operation<?, ?>> ops, Kms kms) {
        KeyAdministration admin = kms.administration();
        KeyRotation rotation = kms.rotation();
        KeyImport imports = kms.imports();
        KeyReplication replication = kms.replication();

        ops.add(new Operation<>("GetKeyPolicy", GetKeyPolicyRequest.class, (ctx, r) ->
                new GetKeyPolicyResponse(admin.getKeyPolicy(ctx, r.keyId(), r.policyName()), "default")));
        ops.add(new Operation<>("PutKeyPolicy", PutKeyPolicyRequest.class, false, (ctx, r) -> {
            admin.putKeyPolicy(ctx, r.keyId(), r.policyName(), r.policy(), KmsApi.isTrue(r.bypassPolicyLockoutSafetyCheck()));
            return null;
        }));
        ops.add(new Operation<>("ListKeyPolicies", ListKeyPoliciesRequest.class, (ctx, r) ->
                new ListKeyPoliciesResponse(admin.listKeyPolicies(ctx, r.keyId()), null, false)));
        ops.add(new Operation<>("TagResource", TagResourceRequest.class, false, (ctx, r) -> {
            admin.tagResource(ctx, r.keyId(), KmsViews.tagsIn(r.tags()));
            return null;
        }));
        ops.add(new Operation<>("UntagResource", UntagResourceRequest.class, false, (ctx, r) -> {
            admin.untagResource(ctx, r.keyId(), r.tagKeys());
            return null;
        }));
        ops.add(new Operation<>("ListResourceTags", ListResourceTagsRequest.class, (ctx, r) -> {
            var page = IndexPage.of(KmsViews.tags(admin.listResourceTags(ctx, r.keyId())), r.limit(), 50, r.marker());
            return new ListResourceTagsResponse(page.items(), page.nextMarker(), page.truncated());
        }));

        ops.add(new Operation<>("EnableKeyRotation", EnableKeyRotationRequest.class, false, (ctx, r) -> {
            rotation.enableKeyRotation(ctx, r.keyId(), r.rotationPeriodInDays());
            return null;
        }));
        ops.add(new Operation<>("DisableKeyRotation", DisableKeyRotationRequest.class, false, (ctx, r) -> {
            rotation.disableKeyRotation(ctx, r.keyId());
            return null;
        }));
        ops.add(new Operation<>("GetKeyRotationStatus", GetKeyRotationStatusRequest.class, (ctx, r) -> {
            var status = rotation.getKeyRotationStatus(ctx, r.keyId());
            return new GetKeyRotationStatusResponse(status.enabled(), status.key().arn(), status.periodDays(),
                    status.nextRotationDate(), status.onDemandRotationStartDate());
        }));
        ops.add(new Operation<>("RotateKeyOnDemand", RotateKeyOnDemandRequest.class, false,
                (ctx, r) -> new RotateKeyOnDemandResponse(rotation.rotateKeyOnDemand(ctx, r.keyId()).arn())));
        ops.add(new Operation<>("ListKeyRotations", ListKeyRotationsRequest.class, (ctx, r) -> {
            var all = rotation.listKeyRotations(ctx, r.keyId());
            var page = IndexPage.of(all, r.limit(), 100, r.marker());
            // RotationsListEntry.KeyId is the bare key id, as in AWS's examples
            return new ListKeyRotationsResponse(page.items().stream().map(x -> new RotationsListEntry(
                    x.keyArn().substring(x.keyArn().lastIndexOf('/') + 1), x.materialId(),
                    null, null, null, null, null, x.rotationDate(), x.rotationType())).toList(),
                    page.nextMarker(), page.truncated());
        }));

        ops.add(new Operation<>("GetParametersForImport", GetParametersForImportRequest.class, false, (ctx, r) -> {
            var p = imports.getParametersForImport(ctx, r.keyId(), r.wrappingAlgorithm(), r.wrappingKeySpec());
            return new GetParametersForImportResponse(p.keyArn(), p.importToken(), p.publicKey(), p.validTo());
        }));
        ops.add(new Operation<>("ImportKeyMaterial", ImportKeyMaterialRequest.class, false, (ctx, r) -> {
            // AWS: ExpirationModel defaults to KEY_MATERIAL_EXPIRES, so a request without it must give ValidTo
            String model = r.expirationModel() == null ? "KEY_MATERIAL_EXPIRES" : r.expirationModel();
            KmsKey key = imports.importKeyMaterial(ctx, r.keyId(), r.importToken(), r.encryptedKeyMaterial(), r.validTo(), model);
            return new ImportKeyMaterialResponse(key.arn(), key.currentMaterialId());
        }));
        ops.add(new Operation<>("DeleteImportedKeyMaterial", DeleteImportedKeyMaterialRequest.class, false, (ctx, r) -> {
            KmsKey key = imports.deleteImportedKeyMaterial(ctx, r.keyId());
            return new DeleteImportedKeyMaterialResponse(key.arn(), key.currentMaterialId());
        }));

        ops.add(new Operation<>("ReplicateKey", ReplicateKeyRequest.class, false, (ctx, r) -> {
            KmsKey replica = replication.replicateKey(ctx, r.keyId(), r.replicaRegion(), r.policy(),
                    KmsApi.isTrue(r.bypassPolicyLockoutSafetyCheck()), r.description(), KmsViews.tagsIn(r.tags()));
            return new ReplicateKeyResponse(KmsViews.metadata(replica), replica.policy(), KmsViews.tags(replica.tags()));
        }));
        ops.add(new Operation<>("UpdatePrimaryRegion", UpdatePrimaryRegionRequest.class, false, (ctx, r) -> {
            replication.updatePrimaryRegion(ctx, r.keyId(), r.primaryRegion());
            return null;
        }));
    }
}
