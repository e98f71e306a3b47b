package io.citadel.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BarrierTest {

    private final SecureRandom random = new SecureRandom();
    private final InMemoryStorage raw = new InMemoryStorage();
    private final RootKey root = randomRootKey();
    private final Barrier barrier = Barrier.open(raw, root);

    @AfterEach
    void close() {
        barrier.close();
    }

    private RootKey randomRootKey() {
        byte[] bytes = new byte[RootKey.BYTES];
        random.nextBytes(bytes);
        return new RootKey(bytes);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int keyVersion(byte[] sealed) {
        return ByteBuffer.wrap(sealed, 1, 4).getInt();
    }

    @Test
    void put_storesOnlyTheSealedFormat() {
        barrier.put("acct/secret", bytes("plaintext secret value"));

        byte[] sealed = raw.get("acct/secret").orElseThrow();
        assertThat(sealed).hasSize("plaintext secret value".length() + Barrier.OVERHEAD);
        assertThat(sealed[0]).isEqualTo(Barrier.VALUE_FORMAT);
        assertThat(keyVersion(sealed)).isEqualTo(1);
        assertThat(text(sealed)).doesNotContain("plaintext", "secret");
        assertThat(text(barrier.get("acct/secret").orElseThrow())).isEqualTo("plaintext secret value");
    }

    @Test
    void put_sameValueTwice_sealsDifferently() {
        barrier.put("acct/a", bytes("same"));
        byte[] first = raw.get("acct/a").orElseThrow();
        barrier.put("acct/a", bytes("same"));

        assertThat(raw.get("acct/a").orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void get_withAnyByteFlipped_failsAuthentication() {
        barrier.put("acct/a", bytes("value"));
        byte[] sealed = raw.get("acct/a").orElseThrow();

        for (int i = 0; i < sealed.length; i++) {
            raw.put("acct/a", RawStore.flipByte(sealed, i));
            assertThatThrownBy(() -> barrier.get("acct/a"))
                    .as("flipped byte %d", i)
                    .isInstanceOf(CorruptedValueException.class)
                    .hasMessageStartingWith("sealed value at key 'acct/a'");
        }
    }

    @Test
    void get_ofValueMovedToAnotherKey_fails() {
        barrier.put("acct/alice/secret", bytes("alice's"));
        raw.put("acct/mallory/secret", raw.get("acct/alice/secret").orElseThrow());

        assertThatThrownBy(() -> barrier.get("acct/mallory/secret"))
                .isInstanceOf(CorruptedValueException.class)
                .hasMessage("sealed value at key 'acct/mallory/secret' failed authentication"
                        + " (tampered with, corrupted, or moved from another key)");
    }

    @Test
    void get_ofTruncatedOrUnknownFormatValue_fails() {
        raw.put("acct/short", new byte[Barrier.OVERHEAD - 1]);
        barrier.put("acct/format", bytes("v"));
        byte[] sealed = raw.get("acct/format").orElseThrow();
        sealed[0] = 9;
        raw.put("acct/format", sealed);

        assertThatThrownBy(() -> barrier.get("acct/short")).isInstanceOf(CorruptedValueException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> barrier.get("acct/format")).isInstanceOf(CorruptedValueException.class).hasMessageContaining("format 9");
    }

    @Test
    void get_ofValueNamingAnUnknownKeyVersion_failsAfterReload() {
        barrier.put("acct/a", bytes("v"));
        byte[] sealed = raw.get("acct/a").orElseThrow();
        ByteBuffer.wrap(sealed).putInt(1, 7);
        raw.put("acct/a", sealed);

        assertThatThrownBy(() -> barrier.get("acct/a"))
                .isInstanceOf(CorruptedValueException.class)
                .hasMessageContaining("key version 7 is not in the keyring (holds [1])");
    }

    @Test
    void scan_overTamperedValue_fails() {
        barrier.put("acct/a", bytes("v"));
        raw.put("acct/a", RawStore.flipByte(raw.get("acct/a").orElseThrow(), 20));

        assertThatThrownBy(() -> barrier.scan("acct/", null, 10)).isInstanceOf(CorruptedValueException.class);
    }

    @Test
    void compareAndSet_comparesPlaintexts() {
        barrier.put("acct/a", bytes("one"));

        assertThat(barrier.compareAndSet("acct/a", bytes("one"), bytes("two"))).isTrue();
        assertThat(barrier.compareAndSet("acct/a", bytes("one"), bytes("three"))).isFalse();
        assertThat(text(barrier.get("acct/a").orElseThrow())).isEqualTo("two");
    }

    @Test
    void reservedNamespace_isClosedToServices() {
        assertThatThrownBy(() -> barrier.put("sys/keyring", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("storage key: 'sys/keyring' is in the reserved namespace sys/ (expected: a service key)");
        assertThatThrownBy(() -> barrier.get("sys/keyring")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.delete("sys/keyring")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.compareAndSet("sys/seal", null, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.scan("sys/", null, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.transaction(tx -> {
            tx.put("sys/other", bytes("x"));
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(raw.get("sys/other")).isEmpty();
    }

    @Test
    void scan_skipsTheReservedNamespace_andPagesAcrossIt() {
        raw.put("sys/seal", bytes("unsealed record"));
        for (String key : java.util.List.of("r", "sz", "sys", "sys0", "t")) {
            barrier.put(key, bytes(key));
        }

        assertThat(barrier.scan("", null, 100).entries()).extracting(Entry::key).containsExactly("r", "sys", "sys0", "sz", "t");
        assertThat(barrier.scan("sy", null, 100).entries()).extracting(Entry::key).containsExactly("sys", "sys0");
        ScanPage first = barrier.scan("s", null, 1);
        ScanPage second = barrier.scan("s", first.lastKey().orElseThrow(), 1);
        assertThat(first.entries()).extracting(Entry::key).containsExactly("sys");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.entries()).extracting(Entry::key).containsExactly("sys0");
        assertThat(barrier.scan("s", "sys0", 5).entries()).extracting(Entry::key).containsExactly("sz");
        assertThat(barrier.scan("s", "sys0", 5).hasMore()).isFalse();
    }

    @Test
    void scan_endingInReservedEntries_reportsNoMore() {
        barrier.put("r", bytes("r"));
        raw.put("sys/zz", bytes("x"));

        ScanPage page = barrier.scan("", null, 1);

        assertThat(page.entries()).extracting(Entry::key).containsExactly("r");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void rotate_newWritesUseTheNewVersion_oldValuesStillOpen() {
        barrier.put("acct/old", bytes("before"));

        int version = barrier.rotate();
        barrier.put("acct/new", bytes("after"));

        assertThat(version).isEqualTo(2);
        assertThat(barrier.activeKeyVersion()).isEqualTo(2);
        assertThat(keyVersion(raw.get("acct/old").orElseThrow())).isEqualTo(1);
        assertThat(keyVersion(raw.get("acct/new").orElseThrow())).isEqualTo(2);
        assertThat(text(barrier.get("acct/old").orElseThrow())).isEqualTo("before");
        assertThat(text(barrier.get("acct/new").orElseThrow())).isEqualTo("after");
    }

    @Test
    void rotate_survivesReopen() {
        barrier.put("acct/v1", bytes("one"));
        barrier.rotate();
        barrier.put("acct/v2", bytes("two"));
        barrier.rotate();

        try (RootKey same = new RootKey(root.bytes())) {
            Barrier reopened = Barrier.open(raw, same);
            assertThat(reopened.activeKeyVersion()).isEqualTo(3);
            assertThat(text(reopened.get("acct/v1").orElseThrow())).isEqualTo("one");
            assertThat(text(reopened.get("acct/v2").orElseThrow())).isEqualTo("two");
        }
    }

    @Test
    void rotationByAnotherProcess_isSeenWhenItsValuesAreRead() {
        Barrier other = Barrier.open(raw, new RootKey(root.bytes()));
        barrier.put("acct/old", bytes("old"));

        other.rotate();
        other.put("acct/new", bytes("written by v2"));

        assertThat(barrier.activeKeyVersion()).isEqualTo(1);
        assertThat(text(barrier.get("acct/new").orElseThrow())).isEqualTo("written by v2");
        assertThat(barrier.activeKeyVersion()).isEqualTo(2);
        barrier.put("acct/after", bytes("x"));
        assertThat(keyVersion(raw.get("acct/after").orElseThrow())).isEqualTo(2);
        assertThat(text(other.get("acct/old").orElseThrow())).isEqualTo("old");
    }

    @Test
    void reloadKeyring_picksUpAnotherProcessesRotation() {
        Barrier other = Barrier.open(raw, new RootKey(root.bytes()));

        other.rotate();
        other.rotate();
        barrier.reloadKeyring();

        assertThat(barrier.activeKeyVersion()).isEqualTo(3);
    }

    @Test
    void rotate_concurrentlyInTwoProcesses_keepsEveryVersion() throws Exception {
        Barrier other = Barrier.open(raw, new RootKey(root.bytes()));
        Thread t = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 10; i++) {
                other.rotate();
            }
        });
        for (int i = 0; i < 10; i++) {
            barrier.rotate();
        }
        t.join();

        barrier.reloadKeyring();
        assertThat(barrier.activeKeyVersion()).isEqualTo(21);
    }

    @Test
    void open_withWrongRootKey_failsAndWritesNothing() {
        barrier.put("acct/a", bytes("v"));
        Map<String, String> before = RawStore.snapshot(raw);

        assertThatThrownBy(() -> Barrier.open(raw, randomRootKey()))
                .isInstanceOf(SealException.class)
                .hasMessage("cannot unseal: the root key does not open the keyring"
                        + " (wrong passphrase or key file, or the keyring was modified)");
        assertThat(RawStore.snapshot(raw)).isEqualTo(before);
    }

    @Test
    void open_withTamperedKeyring_failsAndWritesNothing() {
        byte[] keyring = raw.get(Barrier.KEYRING_KEY).orElseThrow();
        for (int i = 0; i < keyring.length; i++) {
            raw.put(Barrier.KEYRING_KEY, RawStore.flipByte(keyring, i));
            Map<String, String> before = RawStore.snapshot(raw);
            assertThatThrownBy(() -> Barrier.open(raw, new RootKey(root.bytes())))
                    .as("flipped keyring byte %d", i)
                    .isInstanceOf(SealException.class)
                    .hasMessageStartingWith("cannot unseal:");
            assertThat(RawStore.snapshot(raw)).isEqualTo(before);
        }
    }

    @Test
    void open_withTamperedKeyringCiphertext_saysTheKeyringWasModified() {
        byte[] keyring = raw.get(Barrier.KEYRING_KEY).orElseThrow();
        raw.put(Barrier.KEYRING_KEY, RawStore.flipByte(keyring, keyring.length - 1));

        assertThatThrownBy(() -> Barrier.open(raw, new RootKey(root.bytes())))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("failed authentication although the root key matches its key check");
    }

    @Test
    void open_onStoreWithDataButNoKeyring_failsAndWritesNothing() {
        InMemoryStorage orphan = new InMemoryStorage();
        orphan.put("acct/a", bytes("sealed by a lost keyring"));

        assertThatThrownBy(() -> Barrier.open(orphan, randomRootKey()))
                .isInstanceOf(SealException.class)
                .hasMessageContaining("holds data (for example key 'acct/a') but no keyring");
        assertThat(RawStore.snapshot(orphan)).containsOnlyKeys("acct/a");
    }

    @Test
    void keyringRecord_holdsNeitherTheRootKeyNorPlaintextKeys() {
        String record = org.assertj.core.util.Hexadecimals.toHexString(raw.get(Barrier.KEYRING_KEY).orElseThrow());

        assertThat(record).doesNotContainIgnoringCase(org.assertj.core.util.Hexadecimals.toHexString(root.bytes()));
        assertThat(Barrier.isInitialised(raw)).isTrue();
    }

    @Test
    void maxValueBytes_leavesRoomForTheSealingOverhead() {
        assertThat(barrier.maxValueBytes()).isEqualTo(raw.maxValueBytes() - 33);
    }
}
