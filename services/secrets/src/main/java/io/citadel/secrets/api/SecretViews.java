package io.citadel.secrets.api;

import io.citadel.secrets.StoredSecret;
import java.util.List;
import java.util.Map;

/** Domain records as the Secrets Manager wire shapes show them. */
final class SecretViews {

    private SecretViews() {
    }

    static DescribeSecretResponse describe(StoredSecret s) {
        StoredSecret.RotationConfig r = s.rotation();
        return new DescribeSecretResponse(s.arn(), s.name(), null, s.description(), s.kmsKeyId(), rotationEnabled(s),
                r == null ? null : r.lambdaArn(), rules(r), null, null, s.lastRotatedDate(), s.lastChangedDate(), s.lastAccessedDate(),
                s.deletedDate(), r != null && r.enabled() ? s.nextRotationDate() : null, tags(s.tags()), s.versionIdsToStages(), null,
                s.createdDate(), primaryRegion(s), s.replicas().isEmpty() ? null : replication(s.replicas()));
    }

    static SecretListEntry entry(StoredSecret s) {
        StoredSecret.RotationConfig r = s.rotation();
        return new SecretListEntry(s.arn(), s.name(), null, s.description(), s.kmsKeyId(), rotationEnabled(s), r == null ? null : r.lambdaArn(),
                rules(r), null, null, s.lastRotatedDate(), s.lastChangedDate(), s.lastAccessedDate(), s.deletedDate(),
                r != null && r.enabled() ? s.nextRotationDate() : null, tags(s.tags()), s.versionIdsToStages(), null, s.createdDate(),
                primaryRegion(s));
    }

    private static Boolean rotationEnabled(StoredSecret s) {
        return s.rotation() == null ? null : s.rotation().enabled();
    }

    private static String primaryRegion(StoredSecret s) {
        return s.isReplica() ? s.primaryRegion() : s.replicas().isEmpty() ? null : s.region();
    }

    static RotationRulesType rules(StoredSecret.RotationConfig r) {
        if (r == null || r.automaticallyAfterDays() == null && r.scheduleExpression() == null) {
            return null;
        }
        return new RotationRulesType(r.automaticallyAfterDays(), r.duration(), r.scheduleExpression());
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.isEmpty() ? null : tags.entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    static List<ReplicationStatusType> replication(List<StoredSecret.Replica> replicas) {
        return replicas.stream().map(r -> new ReplicationStatusType(r.region(), r.kmsKeyId() == null ? "alias/aws/secretsmanager" : r.kmsKeyId(),
                r.status(), r.statusMessage(), null)).toList();
    }
}
