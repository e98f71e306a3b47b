package io.citadel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.PassphraseKdf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealTest {

    /** Real deployments use {@link PassphraseKdf.Params#DEFAULT}; tests keep Argon2id cheap. */
    static final PassphraseKdf.Params CHEAP = new PassphraseKdf.Params(256, 1, 1);

    @TempDir
    Path dataDir;

    private final InMemoryStorage raw = new InMemoryStorage();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- key file

    @Test
    void fromKeyFile_onFirstStart_createsAPrivateKeyFile() throws Exception {
        Path keyFile = Seal.keyFileIn(dataDir);

        try (RootKey key = Seal.fromKeyFile(keyFile, raw)) {
            byte[] file = Files.readAllBytes(keyFile);
            assertThat(file).hasSize(53);
            assertThat(new String(file, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("CITADEL ROOT KEY");
            assertThat(file[16]).isEqualTo((byte) 1);
            assertThat(Arrays.copyOfRange(file, 17, 49)).isEqualTo(key.bytes());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        }
        assertThat(dataDir.resolve("root.key.tmp")).doesNotExist();
    }

    @Test
    void fromKeyFile_onLaterStarts_returnsTheSameKey() {
        Path keyFile = Seal.keyFileIn(dataDir);
        byte[] first;
        try (RootKey key = Seal.fromKeyFile(keyFile, raw)) {
            first = key.bytes();
            Barrier.open(raw, key).put("acct/a", bytes("v"));
        }

        try (RootKey again = Seal.fromKeyFile(keyFile, raw)) {
            assertThat(again.bytes()).isEqualTo(first);
            assertThat(Barrier.open(raw, again).get("acct/a")).isPresent();
        }
    }

    @Test
    void fromKeyFile_missingForASealedStore_failsWithoutCreatingOne() {
        try (RootKey key = Seal.fromKeyFile(dataDir.resolve("first.key"), raw)) {
            Barrier.open(raw, key);
        }
        Path lost = Seal.keyFileIn(dataDir);

        assertThatThrownBy(() -> Seal.fromKeyFile(lost, raw))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("is missing but the store is already sealed");
        assertThat(lost).doesNotExist();
    }

    @Test
    void fromKeyFile_ofAnotherStore_failsToUnsealAndWritesNothing() {
        try (RootKey key = Seal.fromKeyFile(dataDir.resolve("a.key"), raw)) {
            Barrier.open(raw, key).put("acct/a", bytes("v"));
        }
        Seal.fromKeyFile(dataDir.resolve("b.key"), new InMemoryStorage()).close();
        Map<String, String> before = RawStore.snapshot(raw);

        try (RootKey wrong = Seal.fromKeyFile(dataDir.resolve("b.key"), raw)) {
            assertThatThrownBy(() -> Barrier.open(raw, wrong))
                    .isInstanceOf(SealException.class)
                    .hasMessageContaining("wrong passphrase or key file");
        }
        assertThat(RawStore.snapshot(raw)).isEqualTo(before);
    }

    @Test
    void fromKeyFile_corrupted_isRejected() throws Exception {
        Path keyFile = Seal.keyFileIn(dataDir);
        Seal.fromKeyFile(keyFile, raw).close();
        byte[] good = Files.readAllBytes(keyFile);

        Files.write(keyFile, RawStore.flipByte(good, 30));
        assertThatThrownBy(() -> Seal.fromKeyFile(keyFile, raw)).isInstanceOf(SealException.class).hasMessageContaining("checksum");
        Files.write(keyFile, RawStore.flipByte(good, 0));
        assertThatThrownBy(() -> Seal.fromKeyFile(keyFile, raw)).isInstanceOf(SealException.class).hasMessageContaining("magic");
        Files.write(keyFile, Arrays.copyOf(good, 40));
        assertThatThrownBy(() -> Seal.fromKeyFile(keyFile, raw)).isInstanceOf(SealException.class).hasMessageContaining("40 bytes (expected: 53)");
    }

    // ---- passphrase

    @Test
    void fromPassphrase_onNewStore_recordsSaltAndParams_andDerivesTheSameKeyLater() {
        byte[] first;
        try (RootKey key = Seal.fromPassphrase("correct horse".toCharArray(), raw, CHEAP)) {
            first = key.bytes();
            Barrier.open(raw, key).put("acct/a", bytes("v"));
        }
        byte[] record = raw.get(Seal.SEAL_KEY).orElseThrow();

        assertThat(record[0]).isEqualTo((byte) 1);
        assertThat(record).hasSize(1 + 12 + 1 + 32 + 32);
        // The stored parameters win over the ones offered for new stores.
        try (RootKey again = Seal.fromPassphrase("correct horse".toCharArray(), raw, PassphraseKdf.Params.DEFAULT)) {
            assertThat(again.bytes()).isEqualTo(first);
            assertThat(Barrier.open(raw, again).get("acct/a")).isPresent();
        }
    }

    @Test
    void fromPassphrase_onTwoStores_usesDifferentSalts() {
        try (RootKey a = Seal.fromPassphrase("same".toCharArray(), raw, CHEAP);
             RootKey b = Seal.fromPassphrase("same".toCharArray(), new InMemoryStorage(), CHEAP)) {
            assertThat(a.bytes()).isNotEqualTo(b.bytes());
        }
    }

    @Test
    void fromPassphrase_wrong_failsAndWritesNothing() {
        try (RootKey key = Seal.fromPassphrase("correct horse".toCharArray(), raw, CHEAP)) {
            Barrier.open(raw, key).put("acct/a", bytes("v"));
        }
        Map<String, String> before = RawStore.snapshot(raw);

        assertThatThrownBy(() -> Seal.fromPassphrase("battery staple".toCharArray(), raw, CHEAP))
                .isInstanceOf(SealException.class)
                .hasMessage("cannot unseal: wrong passphrase (it does not match the key check in sys/seal)");
        assertThat(RawStore.snapshot(raw)).isEqualTo(before);
    }

    @Test
    void fromPassphrase_withTamperedSealRecord_failsAndWritesNothing() {
        Seal.fromPassphrase("correct horse".toCharArray(), raw, CHEAP).close();
        byte[] record = raw.get(Seal.SEAL_KEY).orElseThrow();
        raw.put(Seal.SEAL_KEY, RawStore.flipByte(record, 20));
        Map<String, String> before = RawStore.snapshot(raw);

        assertThatThrownBy(() -> Seal.fromPassphrase("correct horse".toCharArray(), raw, CHEAP))
                .isInstanceOf(SealException.class)
                .hasMessageStartingWith("cannot unseal: wrong passphrase");
        raw.put(Seal.SEAL_KEY, Arrays.copyOf(record, 20));
        assertThatThrownBy(() -> Seal.fromPassphrase("correct horse".toCharArray(), raw, CHEAP))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("malformed");
        raw.put(Seal.SEAL_KEY, RawStore.flipByte(record, 20));
        assertThat(RawStore.snapshot(raw)).isEqualTo(before);
    }

    @Test
    void fromPassphrase_onAKeyFileSealedStore_failsAndWritesNothing() {
        try (RootKey key = Seal.fromKeyFile(Seal.keyFileIn(dataDir), raw)) {
            Barrier.open(raw, key);
        }
        Map<String, String> before = RawStore.snapshot(raw);

        assertThatThrownBy(() -> Seal.fromPassphrase("anything".toCharArray(), raw, CHEAP))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("was it sealed with a key file?");
        assertThat(RawStore.snapshot(raw)).isEqualTo(before);
    }

    @Test
    void rootKey_closed_isZeroedAndRedacted() {
        RootKey key = new RootKey(new byte[32]);

        assertThat(key).hasToString("RootKey[redacted]");
        key.close();
        assertThatThrownBy(key::bytes).isInstanceOf(IllegalStateException.class);
    }
}
