package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyStateTest {

    private final KmsHarness h = new KmsHarness();
    private final KeyAdministration admin = h.kms.administration();
    private final KeyDeletion deletion = h.kms.deletion();
    private final KeyCryptography crypto = h.kms.cryptography();
    private final KeyPairOperations pairs = h.kms.keyPairs();

    @AfterEach
    void close() {
        h.close();
    }

    /** The cryptographic operations of each key kind, each named for the assertion message. */
    private Map<String, ThrowingCallable> operationsOn(KmsKey symmetric, byte[] blob, KmsKey signing, KmsKey hmac, KmsKey agreement) {
        Map<String, ThrowingCallable> ops = new LinkedHashMap<>();
        ops.put("Encrypt", () -> h.encrypt(h.a(), symmetric.keyId(), utf8("x"), null));
        ops.put("Decrypt", () -> h.decrypt(h.a(), blob, null));
        ops.put("GenerateDataKey", () -> crypto.generateDataKey(h.a(), Call.DIRECT, symmetric.keyId(), null, 32, null, true, false));
        ops.put("GenerateDataKeyPair", () -> pairs.generateDataKeyPair(h.a(), Call.DIRECT, symmetric.keyId(), null, "ECC_NIST_P256",
                true, false));
        ops.put("ReEncrypt", () -> crypto.reEncrypt(h.a(), Call.DIRECT, blob, null, null, symmetric.keyId(), null, null, null, false));
        ops.put("Sign", () -> pairs.sign(h.a(), Call.DIRECT, signing.keyId(), utf8("m"), "RAW", "ECDSA_SHA_256", false));
        ops.put("Verify", () -> pairs.verify(h.a(), Call.DIRECT, signing.keyId(), utf8("m"), "RAW", new byte[64], "ECDSA_SHA_256",
                false));
        ops.put("GetPublicKey", () -> pairs.getPublicKey(h.a(), Call.DIRECT, signing.keyId()));
        ops.put("GenerateMac", () -> crypto.generateMac(h.a(), Call.DIRECT, hmac.keyId(), utf8("m"), "HMAC_SHA_256", false));
        ops.put("VerifyMac", () -> crypto.verifyMac(h.a(), Call.DIRECT, hmac.keyId(), utf8("m"), new byte[32], "HMAC_SHA_256", false));
        ops.put("DeriveSharedSecret", () -> pairs.deriveSharedSecret(h.a(), Call.DIRECT, agreement.keyId(), "ECDH",
                pairs.getPublicKey(h.a(), Call.DIRECT, agreement.keyId()).publicKey(), false));
        return ops;
    }

    @Test
    void disabledKeys_refuseEveryCryptographicOperation_withDisabledException() {
        KmsKey symmetric = h.symmetricKey();
        KmsKey signing = h.key("ECC_NIST_P256", "SIGN_VERIFY");
        KmsKey hmac = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        KmsKey agreement = h.key("ECC_NIST_P256", "KEY_AGREEMENT");
        byte[] blob = h.encrypt(h.a(), symmetric.keyId(), utf8("before"), null);
        byte[] peer = pairs.getPublicKey(h.a(), Call.DIRECT, agreement.keyId()).publicKey();
        for (KmsKey k : new KmsKey[] {symmetric, signing, hmac}) {
            assertThat(admin.disableKey(h.a(), k.keyId()).state()).isEqualTo(KeyState.DISABLED);
        }
        Map<String, ThrowingCallable> ops = operationsOn(symmetric, blob, signing, hmac, agreement);
        ops.remove("DeriveSharedSecret");
        ops.forEach((name, op) -> assertThat(code(op)).as(name).isEqualTo("DisabledException"));

        admin.disableKey(h.a(), agreement.keyId());
        assertThat(code(() -> pairs.deriveSharedSecret(h.a(), Call.DIRECT, agreement.keyId(), "ECDH", peer, false)))
                .isEqualTo("DisabledException");
    }

    @Test
    void enableKey_afterDisable_restoresUse_andOldCiphertextsDecrypt() {
        KmsKey key = h.symmetricKey();
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("kept"), null);
        admin.disableKey(h.a(), key.keyId());
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.DISABLED);

        assertThat(admin.enableKey(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
        assertThat(h.decrypt(h.a(), blob, null)).isEqualTo(utf8("kept"));
        assertThat(h.decrypt(h.a(), h.encrypt(h.a(), key.keyId(), utf8("new"), null), null)).isEqualTo(utf8("new"));
    }

    @Test
    void pendingDeletion_refusesEveryCryptographicOperation_withInvalidState() {
        KmsKey symmetric = h.symmetricKey();
        KmsKey signing = h.key("ECC_NIST_P256", "SIGN_VERIFY");
        KmsKey hmac = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        KmsKey agreement = h.key("ECC_NIST_P256", "KEY_AGREEMENT");
        byte[] blob = h.encrypt(h.a(), symmetric.keyId(), utf8("before"), null);
        byte[] peer = pairs.getPublicKey(h.a(), Call.DIRECT, agreement.keyId()).publicKey();
        for (KmsKey k : new KmsKey[] {symmetric, signing, hmac, agreement}) {
            assertThat(deletion.scheduleKeyDeletion(h.a(), k.keyId(), 7, false).state()).isEqualTo(KeyState.PENDING_DELETION);
        }
        Map<String, ThrowingCallable> ops = operationsOn(symmetric, blob, signing, hmac, agreement);
        ops.put("DeriveSharedSecret", () -> pairs.deriveSharedSecret(h.a(), Call.DIRECT, agreement.keyId(), "ECDH", peer, false));
        ops.forEach((name, op) -> assertThat(code(op)).as(name).isEqualTo("KMSInvalidStateException"));
    }

    @Test
    void pendingDeletion_keepsDescribeKey_butRefusesEnableAndDisable() {
        KmsKey key = h.symmetricKey();
        deletion.scheduleKeyDeletion(h.a(), key.keyId(), 10, false);

        KmsKey described = h.describe(h.a(), key.keyId());
        assertThat(described.state()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(described.deletionDate()).isEqualTo(KmsHarness.START.plus(Duration.ofDays(10)));
        assertThat(code(() -> admin.enableKey(h.a(), key.keyId()))).isEqualTo("KMSInvalidStateException");
        assertThat(code(() -> admin.disableKey(h.a(), key.keyId()))).isEqualTo("KMSInvalidStateException");
        assertThat(code(() -> deletion.scheduleKeyDeletion(h.a(), key.keyId(), 10, false))).isEqualTo("KMSInvalidStateException");
    }

    @Test
    void cancelKeyDeletion_leavesTheKeyDisabled_asAwsDoes_untilEnabled() {
        KmsKey key = h.symmetricKey();
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("saved"), null);
        deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, false);

        KmsKey cancelled = deletion.cancelKeyDeletion(h.a(), key.keyId());

        assertThat(cancelled.state()).isEqualTo(KeyState.DISABLED);
        assertThat(cancelled.deletionDate()).isNull();
        assertThat(cancelled.pendingWindowDays()).isNull();
        assertThat(code(() -> h.decrypt(h.a(), blob, null))).isEqualTo("DisabledException");
        admin.enableKey(h.a(), key.keyId());
        assertThat(h.decrypt(h.a(), blob, null)).isEqualTo(utf8("saved"));
    }

    @Test
    void cancelKeyDeletion_cancelsTheScheduledDeletion() {
        KmsKey key = h.symmetricKey();
        deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, false);
        deletion.cancelKeyDeletion(h.a(), key.keyId());

        h.clock.advance(Duration.ofDays(8));
        h.runDue();

        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void cancelKeyDeletion_ofAKeyNotPendingDeletion_isInvalidState() {
        KmsKey key = h.symmetricKey();
        assertThat(code(() -> deletion.cancelKeyDeletion(h.a(), key.keyId()))).isEqualTo("KMSInvalidStateException");
    }

    @Test
    void scheduleKeyDeletion_defaultsTo30Days() {
        KmsKey key = h.symmetricKey();
        KmsKey scheduled = deletion.scheduleKeyDeletion(h.a(), key.keyId(), null, false);
        assertThat(scheduled.pendingWindowDays()).isEqualTo(30);
        assertThat(scheduled.deletionDate()).isEqualTo(KmsHarness.START.plus(Duration.ofDays(30)));
    }

    @Test
    void scheduleKeyDeletion_accepts7and30_andRejects6and31() {
        for (int days : new int[] {7, 30}) {
            KmsKey key = h.symmetricKey();
            assertThat(deletion.scheduleKeyDeletion(h.a(), key.keyId(), days, false).deletionDate())
                    .isEqualTo(KmsHarness.START.plus(Duration.ofDays(days)));
        }
        KmsKey key = h.symmetricKey();
        for (int days : new int[] {6, 31, 0, -1}) {
            assertThat(code(() -> deletion.scheduleKeyDeletion(h.a(), key.keyId(), days, false))).as("%d days", days)
                    .isEqualTo("ValidationException");
        }
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void scheduleKeyDeletion_ofADisabledKey_works_andCancelLeavesItDisabled() {
        KmsKey key = h.symmetricKey();
        admin.disableKey(h.a(), key.keyId());
        assertThat(deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, false).state()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(deletion.cancelKeyDeletion(h.a(), key.keyId()).state()).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void scheduleKeyDeletion_dryRun_changesNothing() {
        KmsKey key = h.symmetricKey();
        assertThat(code(() -> deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, true))).isEqualTo("DryRunOperationException");
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void externalKeys_startPendingImport_andRefuseUseAndEnable() {
        KmsKey key = h.createKey(h.a(), KmsHarness.external(null, null));

        assertThat(key.state()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(key.origin()).isEqualTo(KmsKey.Origin.EXTERNAL);
        assertThat(key.currentVersion()).isZero();
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), utf8("x"), null))).isEqualTo("KMSInvalidStateException");
        assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, 32, null, true, false)))
                .isEqualTo("KMSInvalidStateException");
        assertThat(code(() -> admin.enableKey(h.a(), key.keyId()))).isEqualTo("KMSInvalidStateException");
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void cancelKeyDeletion_ofAKeyWithoutMaterial_returnsItToPendingImport_notDisabled() {
        KmsKey key = h.createKey(h.a(), KmsHarness.external(null, null));
        assertThat(deletion.scheduleKeyDeletion(h.a(), key.keyId(), 7, false).state()).isEqualTo(KeyState.PENDING_DELETION);

        assertThat(deletion.cancelKeyDeletion(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(code(() -> admin.enableKey(h.a(), key.keyId()))).isEqualTo("KMSInvalidStateException");
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), utf8("x"), null))).isEqualTo("KMSInvalidStateException");
    }

    @Test
    void updateKeyDescription_isKept_andTooLongIsValidationException() {
        KmsKey key = h.symmetricKey();
        admin.updateKeyDescription(h.a(), key.keyId(), "payments");
        assertThat(h.describe(h.a(), key.keyId()).description()).isEqualTo("payments");
        assertThat(code(() -> admin.updateKeyDescription(h.a(), key.keyId(), "x".repeat(8193)))).isEqualTo("ValidationException");
        assertThat(h.describe(h.a(), key.keyId()).description()).isEqualTo("payments");
    }

    @Test
    void describeKey_ofAnUnknownKey_isNotFound_andOfAnotherRegion_too() {
        KmsKey key = h.symmetricKey();
        assertThat(code(() -> h.describe(h.a(), "11111111-2222-3333-4444-555555555555"))).isEqualTo("NotFoundException");
        assertThat(code(() -> h.describe(h.ctx(h.rootA, KmsHarness.WEST), key.keyId()))).isEqualTo("NotFoundException");
        assertThat(code(() -> h.describe(h.ctx(h.rootA, KmsHarness.WEST), key.arn()))).isEqualTo("NotFoundException");
        assertThat(code(() -> h.describe(h.a(), "not-a-key-id"))).isEqualTo("NotFoundException");
    }
}
