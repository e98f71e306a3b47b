package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    private final KmsHarness h = new KmsHarness();
    private final KeyRotation rotation = h.kms.rotation();
    private final KeyAdministration admin = h.kms.administration();
    private final KeyDeletion deletion = h.kms.deletion();

    @AfterEach
    void close() {
        h.close();
    }

    private KeyRotation.Status status(KmsKey key) {
        return rotation.getKeyRotationStatus(h.a(), key.keyId());
    }

    @Test
    void enableKeyRotation_defaultsTo365Days_firstRotationOnePeriodAhead() {
        KmsKey key = h.symmetricKey();
        assertThat(status(key).enabled()).isFalse();

        rotation.enableKeyRotation(h.a(), key.keyId(), null);

        KeyRotation.Status status = status(key);
        assertThat(status.enabled()).isTrue();
        assertThat(status.periodDays()).isEqualTo(365);
        assertThat(status.nextRotationDate()).isEqualTo(KmsHarness.START.plus(Duration.ofDays(365)));
    }

    @Test
    void enableKeyRotation_accepts90and2560_andRejects89and2561() {
        KmsKey key = h.symmetricKey();
        for (int days : new int[] {89, 2561, 0}) {
            assertThat(code(() -> rotation.enableKeyRotation(h.a(), key.keyId(), days))).as("%d days", days)
                    .isEqualTo("ValidationException");
        }
        assertThat(status(key).enabled()).isFalse();
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        assertThat(status(key).periodDays()).isEqualTo(90);
        rotation.enableKeyRotation(h.a(), key.keyId(), 2560);
        assertThat(status(key).periodDays()).isEqualTo(2560);
        assertThat(status(key).nextRotationDate()).isEqualTo(KmsHarness.START.plus(Duration.ofDays(2560)));
    }

    @Test
    void automaticRotation_nothingBeforeThePeriod_thenOneNewVersion_andTheNextDateMovesOnePeriod() {
        KmsKey key = h.symmetricKey();
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        Instant first = status(key).nextRotationDate();

        h.clock.advance(Duration.ofDays(90).minusSeconds(1));
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).isEqualTo(1);
        assertThat(rotation.listKeyRotations(h.a(), key.keyId())).isEmpty();

        h.clock.advance(Duration.ofSeconds(2));
        h.runDue();
        KmsKey rotated = h.describe(h.a(), key.keyId());
        assertThat(rotated.currentVersion()).isEqualTo(2);
        assertThat(rotated.currentMaterialId()).isNotEqualTo(key.currentMaterialId());
        assertThat(status(key).nextRotationDate()).isEqualTo(first.plus(Duration.ofDays(90)));
        assertThat(rotation.listKeyRotations(h.a(), key.keyId())).singleElement().satisfies(r -> {
            assertThat(r.rotationType()).isEqualTo("AUTOMATIC");
            assertThat(r.materialId()).isEqualTo(rotated.currentMaterialId());
            assertThat(r.rotationDate()).isEqualTo(h.clock.instant());
        });

        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).as("one rotation per period").isEqualTo(2);
    }

    @Test
    void ciphertextsFromBeforeEveryRotation_stillDecrypt_afterThreeRotations() {
        KmsKey key = h.symmetricKey();
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        List<byte[]> blobs = new ArrayList<>();
        List<String> materials = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KeyCryptography.Encrypted e = h.kms.cryptography().encrypt(h.a(), Call.DIRECT, key.keyId(), utf8("v" + i), null, null,
                    false);
            blobs.add(e.ciphertext());
            materials.add(e.materialId());
            h.clock.advance(Duration.ofDays(90));
            h.runDue();
        }
        assertThat(new HashSet<>(materials)).hasSize(4);
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).isEqualTo(5);
        for (int i = 0; i < 4; i++) {
            KeyCryptography.Decrypted d = h.kms.cryptography().decrypt(h.a(), Call.DIRECT, blobs.get(i), null, null, null, false);
            assertThat(d.plaintext()).isEqualTo(utf8("v" + i));
            assertThat(d.materialId()).isEqualTo(materials.get(i));
        }
    }

    @Test
    void disableKeyRotation_stopsTheSchedule() {
        KmsKey key = h.symmetricKey();
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        rotation.disableKeyRotation(h.a(), key.keyId());

        h.clock.advance(Duration.ofDays(200));
        h.runDue();

        assertThat(status(key).enabled()).isFalse();
        assertThat(status(key).nextRotationDate()).isNull();
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).isEqualTo(1);
    }

    @Test
    void aKeyDisabledWhenRotationIsDue_isNotRotated_thenRotatesOnceReenabled() {
        KmsKey key = h.symmetricKey();
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        admin.disableKey(h.a(), key.keyId());

        h.clock.advance(Duration.ofDays(100));
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).isEqualTo(1);
        assertThat(status(key).enabled()).isTrue();

        admin.enableKey(h.a(), key.keyId());
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).as("overdue rotation runs once re-enabled").isEqualTo(2);
        assertThat(status(key).nextRotationDate()).isAfter(h.clock.instant());
    }

    @Test
    void pendingDeletion_readsAsRotationDisabled_andCancellingRestoresIt() {
        KmsKey key = h.symmetricKey();
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        h.clock.advance(Duration.ofDays(80));
        deletion.scheduleKeyDeletion(h.a(), key.keyId(), 30, false);

        assertThat(status(key).enabled()).isFalse();
        h.clock.advance(Duration.ofDays(15));
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).as("no rotation while pending deletion").isEqualTo(1);

        deletion.cancelKeyDeletion(h.a(), key.keyId());
        assertThat(status(key).enabled()).isTrue();
        assertThat(status(key).periodDays()).isEqualTo(90);
    }

    @Test
    void rotateKeyOnDemand_addsAVersion_keepsTheSchedule_andOldCiphertextsDecrypt() {
        KmsKey key = h.symmetricKey();
        rotation.enableKeyRotation(h.a(), key.keyId(), 365);
        Instant next = status(key).nextRotationDate();
        byte[] before = h.encrypt(h.a(), key.keyId(), utf8("before"), null);

        KmsKey rotated = rotation.rotateKeyOnDemand(h.a(), key.keyId());

        assertThat(rotated.currentVersion()).isEqualTo(2);
        assertThat(status(key).nextRotationDate()).isEqualTo(next);
        assertThat(h.decrypt(h.a(), before, null)).isEqualTo(utf8("before"));
        assertThat(h.kms.cryptography().encrypt(h.a(), Call.DIRECT, key.keyId(), utf8("after"), null, null, false).materialId())
                .isEqualTo(rotated.currentMaterialId());
    }

    @Test
    void rotateKeyOnDemand_25TimesIsTheLimit_the26thIsLimitExceeded() {
        KmsKey key = h.symmetricKey();
        for (int i = 0; i < 25; i++) {
            rotation.rotateKeyOnDemand(h.a(), key.keyId());
        }
        assertThat(code(() -> rotation.rotateKeyOnDemand(h.a(), key.keyId()))).isEqualTo("LimitExceededException");
        assertThat(h.describe(h.a(), key.keyId()).currentVersion()).isEqualTo(26);
    }

    @Test
    void listKeyRotations_listsAutomaticAndOnDemandRotations_inOrder() {
        KmsKey key = h.symmetricKey();
        rotation.rotateKeyOnDemand(h.a(), key.keyId());
        rotation.enableKeyRotation(h.a(), key.keyId(), 90);
        h.clock.advance(Duration.ofDays(90));
        h.runDue();
        h.clock.advance(Duration.ofDays(1));
        rotation.rotateKeyOnDemand(h.a(), key.keyId());

        assertThat(rotation.listKeyRotations(h.a(), key.keyId())).extracting(KeyRotation.Rotation::rotationType)
                .containsExactly("ON_DEMAND", "AUTOMATIC", "ON_DEMAND");
        assertThat(rotation.listKeyRotations(h.a(), key.keyId()).getLast().materialId())
                .isEqualTo(h.describe(h.a(), key.keyId()).currentMaterialId());
    }

    @Test
    void rotation_ofAsymmetricHmacAndImportedKeys_isUnsupported() {
        for (KmsKey key : List.of(h.key("RSA_2048", "SIGN_VERIFY"), h.key("ECC_NIST_P256", "KEY_AGREEMENT"),
                h.key("HMAC_256", "GENERATE_VERIFY_MAC"), h.createKey(h.a(), KmsHarness.external(null, null)))) {
            assertThat(code(() -> rotation.enableKeyRotation(h.a(), key.keyId(), null))).as(key.keySpec() + " " + key.origin())
                    .isEqualTo("UnsupportedOperationException");
            assertThat(code(() -> rotation.rotateKeyOnDemand(h.a(), key.keyId()))).as(key.keySpec() + " " + key.origin())
                    .isEqualTo("UnsupportedOperationException");
        }
        KmsKey rsa = h.key("RSA_2048", "ENCRYPT_DECRYPT");
        assertThat(code(() -> rotation.listKeyRotations(h.a(), rsa.keyId()))).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void rotateKeyOnDemand_ofADisabledKey_isDisabledException() {
        KmsKey key = h.symmetricKey();
        admin.disableKey(h.a(), key.keyId());
        assertThat(code(() -> rotation.rotateKeyOnDemand(h.a(), key.keyId()))).isEqualTo("DisabledException");
    }

    @Test
    void awsManagedKey_rotatesEveryYear_andCannotBeDeletedNorHaveRotationDisabled() {
        KmsKey managed = admin.awsManagedKey(h.a(), "ssm", "Systems Manager");
        assertThat(admin.awsManagedKey(h.a(), "ssm", "Systems Manager").keyId()).isEqualTo(managed.keyId());
        assertThat(managed.awsManaged()).isTrue();
        KeyRotation.Status status = status(managed);
        assertThat(status.enabled()).isTrue();
        assertThat(status.periodDays()).isEqualTo(365);
        byte[] blob = h.kms.cryptography().encrypt(h.a(), Call.via("ssm", KmsHarness.REGION), "alias/aws/ssm", utf8("param"), null,
                null, false).ciphertext();

        h.clock.advance(Duration.ofDays(365));
        h.runDue();
        assertThat(h.describe(h.a(), managed.keyId()).currentVersion()).isEqualTo(2);
        h.clock.advance(Duration.ofDays(365));
        h.runDue();
        assertThat(h.describe(h.a(), managed.keyId()).currentVersion()).isEqualTo(3);

        assertThat(code(() -> deletion.scheduleKeyDeletion(h.a(), managed.keyId(), 7, false))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> rotation.disableKeyRotation(h.a(), managed.keyId()))).isEqualTo("AccessDeniedException");
        assertThat(code(() -> rotation.rotateKeyOnDemand(h.a(), managed.keyId()))).isEqualTo("AccessDeniedException");
        assertThat(h.describe(h.a(), managed.keyId()).state()).isEqualTo(KeyState.ENABLED);
        assertThat(status(managed).enabled()).isTrue();
        assertThat(h.kms.cryptography().decrypt(h.a(), Call.via("ssm", KmsHarness.REGION), blob, null, null, null, false)
                .plaintext()).isEqualTo(utf8("param"));
    }

    @Test
    void awsManagedKey_evenWithAPermissivePolicy_refusesDeletionAndRotationChanges() {
        KmsKey managed = admin.awsManagedKey(h.a(), "secretsmanager", "Secrets Manager");
        // Only a path around the key policy could reach the domain's own rule; bypass it by replacing the policy text.
        KmsKey opened = managed.toBuilder().policy(KeyPolicies.defaultPolicy(h.accountA)).build();
        h.storage.transaction(tx -> {
            KeyStore.putKey(tx, opened);
            return null;
        });
        assertThat(code(() -> deletion.scheduleKeyDeletion(h.a(), managed.keyId(), 7, false))).isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> rotation.disableKeyRotation(h.a(), managed.keyId()))).isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> admin.disableKey(h.a(), managed.keyId()))).isEqualTo("UnsupportedOperationException");
        assertThat(status(managed).enabled()).isTrue();
    }
}
