package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.storage.Entry;
import io.citadel.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyDeletionTest {

    private static final Map<String, String> CONTEXT = Map.of("app", "billing");

    private final KmsHarness h = new KmsHarness();
    private final KeyAdministration admin = h.kms.administration();
    private final KeyDeletion deletion = h.kms.deletion();

    @AfterEach
    void close() {
        h.close();
    }

    /** A key in use: a ciphertext, two aliases, a grant. */
    private record KeyInUse(KmsKey key, byte[] blob, String grantId) {
    }

    private KeyInUse keyInUse(KmsHarness harness) {
        KmsKey key = harness.symmetricKey();
        byte[] blob = harness.encrypt(harness.a(), key.keyId(), utf8("to be destroyed"), CONTEXT);
        harness.kms.aliases().createAlias(harness.a(), "alias/doomed", key.keyId());
        harness.kms.aliases().createAlias(harness.a(), "alias/doomed-too", key.keyId());
        String grantId = harness.kms.grants().createGrant(harness.a(), Call.DIRECT, key.keyId(), harness.userArn(harness.accountA, "x"),
                null, List.of("Decrypt"), null, null, "g", false).grantId();
        harness.kms.rotation().enableKeyRotation(harness.a(), key.keyId(), 90);
        return new KeyInUse(key, blob, grantId);
    }

    @Test
    void beforeTheDeletionDate_theKeyStays_andNothingRuns() {
        KeyInUse k = keyInUse(h);
        deletion.scheduleKeyDeletion(h.a(), k.key().keyId(), 7, false);

        h.clock.advance(Duration.ofDays(7).minusSeconds(1));
        h.runDue();

        assertThat(h.describe(h.a(), k.key().keyId()).state()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(h.keysMentioning("/material/" + k.key().keyId() + "/")).hasSize(1);
        assertThat(h.kms.grants().listGrants(h.a(), k.key().keyId(), null, null)).hasSize(1);
        deletion.cancelKeyDeletion(h.a(), k.key().keyId());
        admin.enableKey(h.a(), k.key().keyId());
        assertThat(h.decrypt(h.a(), k.blob(), CONTEXT)).isEqualTo(utf8("to be destroyed"));
    }

    @Test
    void afterTheDeletionDate_theSchedulerRemovesKeyAliasesGrantsAndMaterial() {
        KeyInUse k = keyInUse(h);
        String keyId = k.key().keyId();
        deletion.scheduleKeyDeletion(h.a(), keyId, 7, false);

        h.clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertThat(h.runDue()).isGreaterThanOrEqualTo(1);

        assertThat(code(() -> h.describe(h.a(), keyId))).isEqualTo("NotFoundException");
        assertThat(code(() -> h.encrypt(h.a(), "alias/doomed", utf8("x"), null))).isEqualTo("NotFoundException");
        assertThat(h.kms.aliases().listAliases(h.a(), null, null, null).aliases()).isEmpty();
        assertThat(code(() -> h.kms.grants().listGrants(h.a(), keyId, null, null))).isEqualTo("NotFoundException");
        assertThat(h.kms.grants().listRetirableGrants(h.a(), h.userArn(h.accountA, "x"))).isEmpty();
        assertThat(code(() -> h.decrypt(h.a(), k.blob(), CONTEXT))).isEqualTo("InvalidCiphertextException");
        assertThat(h.keysMentioning(keyId)).as("storage keys that still name the key").isEmpty();
        assertThat(h.keysMentioning(k.grantId())).isEmpty();
        assertThat(valuesMentioning(h, keyId)).as("stored values that still name the key, but the deletion event")
                .allSatisfy(key -> assertThat(key).startsWith(io.citadel.storage.outbox.Outbox.PREFIX)).hasSize(1);
    }

    @Test
    void deletedKey_oldCiphertexts_cannotBeDecrypted_evenWithTheStorageAndTheRootKey() {
        KeyInUse k = keyInUse(h);
        assertThat(StoredSecrets.anyOpens(h.storage, k.blob(), CONTEXT)).as("the attack works while the key exists").isTrue();
        deletion.scheduleKeyDeletion(h.a(), k.key().keyId(), 7, false);

        h.clock.advance(Duration.ofDays(8));
        h.runDue();

        assertThat(h.keysMentioning("/material/" + k.key().keyId())).isEmpty();
        assertThat(StoredSecrets.anyOpens(h.storage, k.blob(), CONTEXT)).isFalse();
    }

    @Test
    void deletion_ofOneKey_leavesTheOthersWorking() {
        KeyInUse doomed = keyInUse(h);
        KmsKey kept = h.symmetricKey();
        h.kms.aliases().createAlias(h.a(), "alias/kept", kept.keyId());
        byte[] keptBlob = h.encrypt(h.a(), kept.keyId(), utf8("kept"), null);
        deletion.scheduleKeyDeletion(h.a(), doomed.key().keyId(), 7, false);

        h.clock.advance(Duration.ofDays(8));
        h.runDue();

        assertThat(h.decrypt(h.a(), keptBlob, null)).isEqualTo(utf8("kept"));
        assertThat(h.kms.aliases().listAliases(h.a(), null, null, null).aliases())
                .extracting(KeyAliases.AliasEntry::aliasName).containsExactly("alias/kept");
    }

    @Test
    void anotherNode_thatCachedTheMaterial_cannotDecryptAfterTheDeletion() {
        Kms other = h.secondNode();
        KeyInUse k = keyInUse(h);
        assertThat(other.cryptography().decrypt(h.a(), Call.DIRECT, k.blob(), CONTEXT, null, null, false).plaintext())
                .isEqualTo(utf8("to be destroyed"));
        deletion.scheduleKeyDeletion(h.a(), k.key().keyId(), 7, false);

        h.clock.advance(Duration.ofDays(8));
        h.runDue();

        assertThat(code(() -> other.cryptography().decrypt(h.a(), Call.DIRECT, k.blob(), CONTEXT, null, null, false)))
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void sqlite_afterDeletion_reopenedDatabase_holdsNoMaterialOfTheKey(@TempDir Path dir) throws IOException {
        byte[] rootKey = KmsHarness.newRootKey();
        SqliteStorage raw = SqliteStorage.open(dir);
        String keyId;
        byte[] blob;
        byte[] sealedMaterial;
        String account;
        try (KmsHarness sqlite = new KmsHarness(raw, rootKey)) {
            KeyInUse k = keyInUse(sqlite);
            keyId = k.key().keyId();
            blob = k.blob();
            account = sqlite.accountA;
            String materialKey = sqlite.keysMentioning("/material/" + keyId + "/").getFirst();
            sealedMaterial = raw.get(materialKey).orElseThrow();
            sqlite.kms.deletion().scheduleKeyDeletion(sqlite.a(), keyId, 7, false);
            sqlite.clock.advance(Duration.ofDays(8));
            sqlite.runDue();
        }

        try (KmsHarness reopened = new KmsHarness(SqliteStorage.open(dir), rootKey)) {
            assertThat(reopened.accountA).isEqualTo(account);
            assertThat(reopened.keysMentioning(keyId)).isEmpty();
            assertThat(StoredSecrets.anyOpens(reopened.storage, blob, CONTEXT)).isFalse();
            assertThat(code(() -> reopened.decrypt(reopened.a(), blob, CONTEXT))).isEqualTo("InvalidCiphertextException");
            assertThat(code(() -> reopened.describe(reopened.a(), keyId))).isEqualTo("NotFoundException");
        }
        assertThat(filesContaining(dir, java.util.Arrays.copyOfRange(sealedMaterial, 17, 49)))
                .as("database files that still hold the deleted material's sealed bytes").isEmpty();
    }

    @Test
    void sqlite_afterDeletionAndPurge_runningNode_holdsNoSealedMaterialInAnyFile(@TempDir Path dir) throws IOException {
        SqliteStorage raw = SqliteStorage.open(dir);
        try (KmsHarness sqlite = new KmsHarness(raw, KmsHarness.newRootKey())) {
            KeyInUse k = keyInUse(sqlite);
            String materialKey = sqlite.keysMentioning("/material/" + k.key().keyId() + "/").getFirst();
            byte[] sealed = java.util.Arrays.copyOfRange(raw.get(materialKey).orElseThrow(), 17, 49);
            sqlite.kms.deletion().scheduleKeyDeletion(sqlite.a(), k.key().keyId(), 7, false);
            sqlite.clock.advance(Duration.ofDays(8));
            sqlite.runDue();
            assertThat(filesContaining(dir, sealed)).as("before the purge the write-ahead log still holds the old page")
                    .contains("citadel.db-wal");

            sqlite.kms.purgeDestroyedMaterial();

            assertThat(filesContaining(dir, sealed)).as("files holding the deleted material's sealed bytes, node running")
                    .isEmpty();
        }
    }

    private static List<String> valuesMentioning(KmsHarness harness, String fragment) {
        return KmsHarness.entries(harness.storage).stream()
                .filter(e -> new String(e.value(), StandardCharsets.ISO_8859_1).contains(fragment))
                .map(Entry::key).toList();
    }

    private static List<String> filesContaining(Path dir, byte[] needle) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                try {
                    return SymmetricEncryptionTest.indexOf(Files.readAllBytes(f), needle) >= 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(f -> f.getFileName().toString()).toList();
        }
    }
}
