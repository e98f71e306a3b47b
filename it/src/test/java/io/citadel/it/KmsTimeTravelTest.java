package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationType;

/**
 * Deletion windows, automatic rotation and import expiry, carried out by the node's durable
 * scheduler after the node's clock is moved: no sleeping. The client signs with the same moved
 * clock, as a client whose clock agrees with the server's would.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsTimeTravelTest {

    @TempDir
    Path dataDir;

    @Test
    void scheduledDeletion_happensOnlyAfterTheWindow_andTheOldCiphertextNoLongerDecrypts() {
        String keyId;
        String account;
        try (Node node = Node.start(dataDir);
             KmsClient kms = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-east-1")) {
            account = node.adminAccountId();
            keyId = kms.createKey(b -> b.description("doomed")).keyMetadata().keyId();
            String survivor = kms.createKey(b -> b.description("survivor")).keyMetadata().keyId();
            kms.createAlias(b -> b.aliasName("alias/doomed").targetKeyId(keyId));
            SdkBytes ciphertext = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("soon unreadable"))
                    .encryptionContext(Map.of("ttl", "7d"))).ciphertextBlob();
            SdkBytes survivorCiphertext = kms.encrypt(b -> b.keyId(survivor).plaintext(SdkBytes.fromUtf8String("stays")))
                    .ciphertextBlob();
            kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
            assertThat(materialRows(node, account, keyId)).as("material rows before deletion").isNotEmpty();

            node.clock().advance(Duration.ofDays(6));
            node.citadel().runScheduledJobs();
            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_DELETION);

            node.clock().advance(Duration.ofDays(2));
            node.citadel().runScheduledJobs();

            assertThatThrownBy(() -> kms.describeKey(b -> b.keyId(keyId))).isInstanceOfSatisfying(NotFoundException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).contains(keyId));
            assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("ttl", "7d"))))
                    .isInstanceOfAny(InvalidCiphertextException.class, NotFoundException.class);
            assertThatThrownBy(() -> kms.cancelKeyDeletion(b -> b.keyId(keyId))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> kms.describeKey(b -> b.keyId("alias/doomed"))).isInstanceOf(NotFoundException.class);
            assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyId).contains(survivor).doesNotContain(keyId);
            assertThat(kms.listAliases().aliases()).extracting(a -> a.aliasName()).doesNotContain("alias/doomed");
            assertThat(kms.decrypt(b -> b.ciphertextBlob(survivorCiphertext)).plaintext().asUtf8String()).isEqualTo("stays");
            assertThat(materialRows(node, account, keyId)).as("material rows after deletion").isEmpty();
        }
        try (SqliteStorage raw = SqliteStorage.open(dataDir)) {
            List<String> left = new ArrayList<>();
            String after = null;
            ScanPage page;
            do {
                page = raw.scan("", after, 1000);
                for (Entry entry : page.entries()) {
                    // the audit trail keeps naming the key, as CloudTrail keeps its events
                    boolean audit = entry.key().startsWith("global/audit/") || entry.key().contains("/cloudtrail/idx/");
                    if (entry.key().contains(keyId) && !audit) {
                        left.add(entry.key());
                    }
                    after = entry.key();
                }
            } while (page.hasMore());
            assertThat(left).as("storage rows of the deleted key").isEmpty();
        }
    }

    @Test
    void multiRegionPrimary_waitsForItsReplicas_thenItsOwnWindow_andItsSharedMaterialGoesLast() {
        try (Node node = Node.start(dataDir);
             KmsClient east = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-east-1");
             KmsClient west = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-west-2")) {
            String account = node.adminAccountId();
            String keyId = east.createKey(b -> b.multiRegion(true)).keyMetadata().keyId();
            east.replicateKey(b -> b.keyId(keyId).replicaRegion("us-west-2"));
            SdkBytes ciphertext = east.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("everywhere"))).ciphertextBlob();
            String materials = account + "/multi-region/kms/material/" + keyId + "/";

            var primary = east.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));
            assertThat(primary.keyState()).isEqualTo(KeyState.PENDING_REPLICA_DELETION);
            assertThat(primary.deletionDate()).isNull();
            var waiting = east.describeKey(b -> b.keyId(keyId)).keyMetadata();
            assertThat(waiting.pendingDeletionWindowInDays()).isEqualTo(7);
            assertThat(west.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("everywhere");
            west.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(7));

            node.clock().advance(Duration.ofDays(8));
            node.citadel().runScheduledJobs();

            assertThatThrownBy(() -> west.describeKey(b -> b.keyId(keyId))).isInstanceOf(NotFoundException.class);
            var alone = east.describeKey(b -> b.keyId(keyId)).keyMetadata();
            assertThat(alone.keyState()).isEqualTo(KeyState.PENDING_DELETION);
            assertThat(alone.multiRegionConfiguration().replicaKeys()).isEmpty();
            assertThat(alone.deletionDate()).isCloseTo(node.clock().instant().plus(Duration.ofDays(7)), within(1, ChronoUnit.MINUTES));
            assertThat(rows(node, materials)).as("the primary still holds the shared material").isNotEmpty();

            node.clock().advance(Duration.ofDays(8));
            node.citadel().runScheduledJobs();

            assertThatThrownBy(() -> east.describeKey(b -> b.keyId(keyId))).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> east.decrypt(b -> b.ciphertextBlob(ciphertext)))
                    .isInstanceOfAny(InvalidCiphertextException.class, NotFoundException.class);
            assertThat(rows(node, materials)).as("shared material rows after the last region's deletion").isEmpty();
        }
    }

    private static List<String> rows(Node node, String prefix) {
        try (SqliteStorage raw = SqliteStorage.open(node.dataDir())) {
            return raw.scan(prefix, null, 100).entries().stream().map(Entry::key).toList();
        }
    }

    /** The stored material versions of a (single-Region) key, read through the node's own storage. */
    private static List<String> materialRows(Node node, String account, String keyId) {
        return rows(node, account + "/us-east-1/kms/material/" + keyId + "/");
    }

    @Test
    void automaticRotation_runsOnePeriodAfterEnabling() {
        try (Node node = Node.start(dataDir);
             KmsClient kms = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-east-1")) {
            String keyId = kms.createKey(b -> { }).keyMetadata().keyId();
            String firstMaterial = kms.describeKey(b -> b.keyId(keyId)).keyMetadata().currentKeyMaterialId();
            SdkBytes before = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("year one"))).ciphertextBlob();
            kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90));
            Instant next = kms.getKeyRotationStatus(b -> b.keyId(keyId)).nextRotationDate();
            assertThat(next).isCloseTo(Instant.now().plus(Duration.ofDays(90)), within(1, ChronoUnit.HOURS));

            node.clock().advance(Duration.ofDays(89));
            node.citadel().runScheduledJobs();
            assertThat(kms.listKeyRotations(b -> b.keyId(keyId)).rotations()).isEmpty();

            node.clock().advance(Duration.ofDays(2));
            node.citadel().runScheduledJobs();

            var rotations = kms.listKeyRotations(b -> b.keyId(keyId)).rotations();
            assertThat(rotations).singleElement().satisfies(r -> assertThat(r.rotationType()).isEqualTo(RotationType.AUTOMATIC));
            String secondMaterial = kms.describeKey(b -> b.keyId(keyId)).keyMetadata().currentKeyMaterialId();
            assertThat(secondMaterial).isNotEqualTo(firstMaterial);
            assertThat(kms.getKeyRotationStatus(b -> b.keyId(keyId)).nextRotationDate())
                    .isCloseTo(next.plus(Duration.ofDays(90)), within(2, ChronoUnit.DAYS));
            var old = kms.decrypt(b -> b.ciphertextBlob(before));
            assertThat(old.plaintext().asUtf8String()).isEqualTo("year one");
            assertThat(old.keyMaterialId()).isEqualTo(firstMaterial);
            SdkBytes after = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("year two"))).ciphertextBlob();
            assertThat(kms.decrypt(b -> b.ciphertextBlob(after)).keyMaterialId()).isEqualTo(secondMaterial);
        }
    }

    @Test
    void importedMaterialWithValidTo_expires_andTheSameMaterialBringsTheKeyBack() {
        try (Node node = Node.start(dataDir);
             KmsClient kms = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-east-1")) {
            String keyId = kms.createKey(b -> b.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
            byte[] material = new byte[32];
            new SecureRandom().nextBytes(material);
            Instant validTo = node.clock().instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
            KmsImport.importMaterial(kms, keyId, material, validTo);
            var imported = kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
            assertThat(imported.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(imported.validTo()).isEqualTo(validTo);
            assertThat(imported.expirationModelAsString()).isEqualTo("KEY_MATERIAL_EXPIRES");
            SdkBytes ciphertext = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("short-lived"))).ciphertextBlob();

            node.clock().advance(Duration.ofDays(3));
            node.citadel().runScheduledJobs();

            assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(ciphertext))).isInstanceOf(KmsInvalidStateException.class);
            KmsImport.importMaterial(kms, keyId, material, null);
            assertThat(kms.decrypt(b -> b.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("short-lived");
        }
    }

    @Test
    void aClientWhoseClockDisagrees_isRejected_soTheNodeClockReallyMoved() {
        try (Node node = Node.start(dataDir);
             KmsClient travelling = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-east-1");
             KmsClient leftBehind = KmsClients.kms(node, node.bootstrapCredentials())) {
            node.clock().advance(Duration.ofDays(1));

            assertThat(travelling.listKeys().keys()).isEmpty();
            assertThatThrownBy(leftBehind::listKeys).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.awsErrorDetails().errorMessage()).startsWith("Signature expired"));
        }
    }
}
