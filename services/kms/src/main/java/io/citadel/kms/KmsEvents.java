package io.citadel.kms;

import io.citadel.core.events.AwsEvent;
import io.citadel.storage.Transaction;
import io.citadel.storage.outbox.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * KMS's EventBridge events (source aws.kms, detail {@code {"key-id": ...}}, the key's ARN as the one
 * resource): "KMS CMK Rotation" after an automatic rotation, "KMS CMK Deletion" when a scheduled
 * deletion completes, "KMS Imported Key Material Expiration" when imported material expires. Each is
 * written to the storage outbox in the transaction that makes the change.
 */
final class KmsEvents {

    static final String ROTATION = "KMS CMK Rotation";
    static final String DELETION = "KMS CMK Deletion";
    static final String IMPORT_EXPIRATION = "KMS Imported Key Material Expiration";

    private KmsEvents() {
    }

    static void emit(Transaction tx, Instant time, String detailType, KmsKey key) {
        String detail = "{\"key-id\":\"" + key.keyId() + "\"}";
        AwsEvent event = new AwsEvent(UUID.randomUUID().toString(), detailType, "aws.kms", key.accountId(), time, key.region(),
                List.of(key.arn()), detail);
        Outbox.append(tx, time, event.json());
    }
}
