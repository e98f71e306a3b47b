package io.citadel.kms.api;

import io.citadel.kms.KeyGrants;
import io.citadel.kms.KeyUsage;
import io.citadel.kms.KmsKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Domain records as AWS shapes: KeyMetadata exactly as DescribeKey reports it, tags and grants. */
final class KmsViews {

    private KmsViews() {
    }

    static KeyMetadata metadata(KmsKey key) {
        boolean external = key.origin() == KmsKey.Origin.EXTERNAL;
        return new KeyMetadata(
                key.accountId(), key.keyId(), key.arn(), key.creationDate(),
                key.state() == io.citadel.kms.KeyState.ENABLED,
                key.description(), key.keyUsage().name(), key.state().wire(),
                key.deletionDate(), external ? key.validTo() : null, key.origin().name(),
                null, null,
                external ? (key.expirationModel() == null ? null : key.expirationModel()) : null,
                key.awsManaged() ? "AWS" : "CUSTOMER",
                key.keySpec().name(), key.keySpec().name(),
                list(key.keySpec().algorithms(KeyUsage.ENCRYPT_DECRYPT), key.keyUsage() == KeyUsage.ENCRYPT_DECRYPT),
                list(key.keySpec().algorithms(KeyUsage.SIGN_VERIFY), key.keyUsage() == KeyUsage.SIGN_VERIFY),
                list(key.keySpec().algorithms(KeyUsage.KEY_AGREEMENT), key.keyUsage() == KeyUsage.KEY_AGREEMENT),
                key.multiRegion(),
                key.multiRegion() ? multiRegion(key) : null,
                key.state() == io.citadel.kms.KeyState.PENDING_REPLICA_DELETION ? key.pendingWindowDays() : null,
                list(key.keySpec().algorithms(KeyUsage.GENERATE_VERIFY_MAC), key.keyUsage() == KeyUsage.GENERATE_VERIFY_MAC),
                null,
                key.keySpec() == io.citadel.kms.KeySpec.SYMMETRIC_DEFAULT ? key.currentMaterialId() : null);
    }

    private static List<String> list(List<String> algorithms, boolean applies) {
        return applies ? algorithms : null;
    }

    private static MultiRegionConfiguration multiRegion(KmsKey key) {
        String primaryArn = "arn:aws:kms:" + key.primaryRegion() + ":" + key.accountId() + ":key/" + key.keyId();
        List<MultiRegionKey> replicas = new ArrayList<>();
        for (String region : key.replicaRegions()) {
            replicas.add(new MultiRegionKey("arn:aws:kms:" + region + ":" + key.accountId() + ":key/" + key.keyId(), region));
        }
        return new MultiRegionConfiguration(key.isPrimary() ? "PRIMARY" : "REPLICA",
                new MultiRegionKey(primaryArn, key.primaryRegion()), replicas);
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    static List<io.citadel.kms.Tags.Tag> tagsIn(List<Tag> tags) {
        return tags == null ? List.of() : tags.stream().map(t -> new io.citadel.kms.Tags.Tag(t.tagKey(), t.tagValue())).toList();
    }

    static GrantListEntry grant(KeyGrants.GrantView view) {
        var g = view.grant();
        GrantConstraints constraints = g.contextSubset() == null && g.contextEquals() == null ? null
                : new GrantConstraints(g.contextSubset(), g.contextEquals());
        return new GrantListEntry(view.keyArn(), g.grantId(), g.name(), g.creationDate(), g.granteePrincipal(),
                g.retiringPrincipal(), g.issuingAccount(), g.operations(), constraints);
    }
}
