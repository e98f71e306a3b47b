package io.citadel.storage;

import io.citadel.core.crypto.AeadException;
import io.citadel.core.crypto.AesGcm;
import io.citadel.core.crypto.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The encryption barrier: a {@link Storage} decorator that seals every value with AES-256-GCM before
 * it reaches the raw store, so the database files never hold plaintext.
 *
 * <p><b>Sealed value.</b> {@code format(1)=0x01 || keyVersion(4, big-endian) || nonce(12) ||
 * ciphertext || tag(16)}. The AAD is the 5 header bytes followed by the UTF-8 storage key, so a
 * value copied to another key, or relabelled with another format or version, fails to open. Nonces
 * are random; at 2^32 writes per data key the collision risk stays below 2^-32, and rotation starts
 * a fresh key.
 *
 * <p><b>Keyring.</b> Data keys are versioned. The keyring lives in the raw store under
 * {@link #KEYRING_KEY}, sealed with a key derived from the root key (see {@link Keyring}); the
 * root key itself is never stored. {@link #rotate()} adds a version in a raw-store transaction and
 * new writes use it; old values keep opening with their version. Another process sharing the store
 * (for example {@code citadel admin rotate-storage-key}) may rotate too: when this barrier meets a
 * version it does not hold, it reloads the keyring once and retries; {@link #reloadKeyring()} lets
 * a scheduler pick up a new active version before that.
 *
 * <p><b>Reserved namespace.</b> Keys under {@link #RESERVED_PREFIX} hold the barrier's and the
 * seal's own records, unsealed by the barrier. Services can neither read nor write there, and scans
 * skip them.
 *
 * <p><b>Failure.</b> A value that does not authenticate throws {@link CorruptedValueException};
 * opening with the wrong root key throws {@link SealException} before anything is written.
 */
public final class Barrier implements Storage {

    public static final String RESERVED_PREFIX = "sys/";
    public static final String KEYRING_KEY = RESERVED_PREFIX + "keyring";
    public static final byte VALUE_FORMAT = 1;
    public static final int HEADER_BYTES = 5;
    /** Bytes a sealed value adds to its plaintext. */
    public static final int OVERHEAD = HEADER_BYTES + AesGcm.OVERHEAD;

    private final Storage raw;
    private final byte[] rootKey;
    private final AesGcm aes;
    private final Object reloadLock = new Object();
    private volatile Keyring keyring;

    private Barrier(Storage raw, byte[] rootKey, AesGcm aes, Keyring keyring) {
        this.raw = raw;
        this.rootKey = rootKey;
        this.aes = aes;
        this.keyring = keyring;
    }

    /** Opens the barrier over {@code raw}; see {@link #open(Storage, RootKey, SecureRandom)}. */
    public static Barrier open(Storage raw, RootKey rootKey) {
        return open(raw, rootKey, new SecureRandom());
    }

    /**
     * Opens the barrier over {@code raw}, which it then owns (closing the barrier closes it). On a
     * store without a keyring it creates keyring version 1; otherwise it unseals the stored keyring
     * and throws {@link SealException}, having written nothing, if the root key does not open it.
     */
    public static Barrier open(Storage raw, RootKey rootKey, SecureRandom random) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(rootKey, "rootKey");
        AesGcm aes = new AesGcm(Objects.requireNonNull(random, "random"));
        byte[] root = rootKey.bytes();
        try {
            Optional<byte[]> record = raw.get(KEYRING_KEY);
            Keyring keyring;
            if (record.isPresent()) {
                keyring = Keyring.unseal(root, record.get());
            } else {
                keyring = create(raw, root, aes);
            }
            return new Barrier(raw, root, aes, keyring);
        } catch (RuntimeException e) {
            Arrays.fill(root, (byte) 0);
            throw e;
        }
    }

    /** Whether {@code raw} holds a keyring, that is, a barrier has been opened on it before. */
    public static boolean isInitialised(Storage raw) {
        return raw.get(KEYRING_KEY).isPresent();
    }

    private static Keyring create(Storage raw, byte[] root, AesGcm aes) {
        Optional<String> dataKey = firstServiceKey(raw);
        if (dataKey.isPresent()) {
            throw new SealException("cannot unseal: the store holds data (for example key '" + dataKey.get()
                    + "') but no keyring at " + KEYRING_KEY + " (expected: an empty store or an existing keyring)");
        }
        byte[] dataKeyBytes = aes.newKey();
        Keyring first = Keyring.first(dataKeyBytes);
        Arrays.fill(dataKeyBytes, (byte) 0);
        if (raw.compareAndSet(KEYRING_KEY, null, first.seal(root, aes))) {
            return first;
        }
        // Another node created the keyring between our read and our write: use theirs.
        first.zero();
        return Keyring.unseal(root, raw.get(KEYRING_KEY).orElseThrow(
                () -> new SealException("cannot unseal: the keyring at " + KEYRING_KEY + " vanished while it was being created")));
    }

    private static Optional<String> firstServiceKey(Storage raw) {
        String after = null;
        while (true) {
            ScanPage page = raw.scan("", after, 16);
            for (Entry e : page.entries()) {
                if (!e.key().startsWith(RESERVED_PREFIX)) {
                    return Optional.of(e.key());
                }
            }
            if (!page.hasMore()) {
                return Optional.empty();
            }
            after = page.lastKey().orElseThrow();
        }
    }

    /** Adds a new data key version and makes it the active one for writes; returns that version. */
    public int rotate() {
        Keyring rotated = raw.transaction(tx -> {
            byte[] record = tx.get(KEYRING_KEY).orElseThrow(
                    () -> new SealException("cannot rotate: the keyring at " + KEYRING_KEY + " is missing"));
            byte[] newKey = aes.newKey();
            try {
                Keyring next = Keyring.unseal(rootKey, record).rotated(newKey);
                tx.put(KEYRING_KEY, next.seal(rootKey, aes));
                return next;
            } finally {
                Arrays.fill(newKey, (byte) 0);
            }
        });
        adopt(rotated);
        return rotated.activeVersion();
    }

    /** Re-reads the keyring from the raw store, picking up rotations done by other processes. */
    public void reloadKeyring() {
        reload(raw::get);
    }

    /** The data key version new writes are sealed with. */
    public int activeKeyVersion() {
        return keyring.activeVersion();
    }

    @Override
    public Optional<byte[]> get(String key) {
        checkServiceKey(key);
        return raw.get(key).map(sealed -> open(key, sealed, raw::get));
    }

    @Override
    public void put(String key, byte[] value) {
        checkServiceKey(key);
        checkPlaintext(value);
        raw.put(key, seal(key, value));
    }

    @Override
    public boolean delete(String key) {
        checkServiceKey(key);
        return raw.delete(key);
    }

    @Override
    public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
        checkServicePrefix(prefix);
        return scan(raw::scan, raw::get, prefix, startAfterOrNull, limit);
    }

    @Override
    public <T> T transaction(Function<Transaction, T> work) {
        Objects.requireNonNull(work, "work");
        return raw.transaction(tx -> work.apply(new BarrierTransaction(tx)));
    }

    @Override
    public int maxValueBytes() {
        return raw.maxValueBytes() - OVERHEAD;
    }

    @Override
    public void purgeDeleted() {
        raw.purgeDeleted();
    }

    /** Closes the raw store and overwrites the root key and data keys in memory. */
    @Override
    public void close() {
        try {
            raw.close();
        } finally {
            Arrays.fill(rootKey, (byte) 0);
            keyring.zero();
        }
    }

    private byte[] seal(String key, byte[] plaintext) {
        Keyring ring = keyring;
        int version = ring.activeVersion();
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(VALUE_FORMAT).putInt(version).array();
        byte[] body = aes.seal(ring.key(version).orElseThrow(), plaintext, aad(header, key));
        byte[] sealed = new byte[HEADER_BYTES + body.length];
        System.arraycopy(header, 0, sealed, 0, HEADER_BYTES);
        System.arraycopy(body, 0, sealed, HEADER_BYTES, body.length);
        return sealed;
    }

    private byte[] open(String key, byte[] sealed, Function<String, Optional<byte[]>> reader) {
        if (sealed.length < OVERHEAD) {
            throw new CorruptedValueException("sealed value at key '" + key + "': " + sealed.length
                    + " bytes (expected: at least " + OVERHEAD + "); the raw store was modified or corrupted");
        }
        if (sealed[0] != VALUE_FORMAT) {
            throw new CorruptedValueException("sealed value at key '" + key + "': format " + sealed[0]
                    + " (expected: " + VALUE_FORMAT + "); the raw store was modified or corrupted");
        }
        int version = ByteBuffer.wrap(sealed, 1, 4).getInt();
        Optional<byte[]> dataKey = keyring.key(version);
        if (dataKey.isEmpty()) {
            reload(reader);
            dataKey = keyring.key(version);
        }
        if (dataKey.isEmpty()) {
            throw new CorruptedValueException("sealed value at key '" + key + "': key version " + version
                    + " is not in the keyring (holds " + keyring.versions() + "); the raw store was modified or corrupted");
        }
        try {
            return AesGcm.open(dataKey.get(), sealed, HEADER_BYTES, sealed.length - HEADER_BYTES,
                    aad(Arrays.copyOfRange(sealed, 0, HEADER_BYTES), key));
        } catch (AeadException e) {
            throw new CorruptedValueException("sealed value at key '" + key
                    + "' failed authentication (tampered with, corrupted, or moved from another key)", e);
        }
    }

    private void reload(Function<String, Optional<byte[]>> reader) {
        synchronized (reloadLock) {
            byte[] record = reader.apply(KEYRING_KEY).orElseThrow(
                    () -> new SealException("keyring at " + KEYRING_KEY + " disappeared from the raw store"));
            adopt(Keyring.unseal(rootKey, record));
        }
    }

    /** Keyrings only grow, so the one with the later latest version wins. */
    private void adopt(Keyring candidate) {
        synchronized (reloadLock) {
            if (candidate.latestVersion() > keyring.latestVersion()) {
                keyring = candidate;
            }
        }
    }

    private ScanPage scan(RawScan rawScan, Function<String, Optional<byte[]>> reader,
                          String prefix, String startAfterOrNull, int limit) {
        KeyRules.checkScan(prefix, startAfterOrNull, limit);
        // Collect one entry more than asked for to know exactly whether more remain, skipping the
        // reserved namespace, which sits inside the range of prefixes like "" or "s".
        List<Entry> sealed = new ArrayList<>();
        String after = startAfterOrNull;
        boolean rawHasMore = true;
        while (sealed.size() <= limit && rawHasMore) {
            ScanPage page = rawScan.scan(prefix, after, Math.min(KeyRules.MAX_SCAN_LIMIT, limit + 1 - sealed.size()));
            for (Entry e : page.entries()) {
                if (!e.key().startsWith(RESERVED_PREFIX)) {
                    sealed.add(e);
                }
            }
            rawHasMore = page.hasMore();
            after = page.lastKey().orElse(after);
        }
        boolean more = sealed.size() > limit;
        List<Entry> opened = new ArrayList<>(Math.min(limit, sealed.size()));
        for (Entry e : sealed.subList(0, Math.min(limit, sealed.size()))) {
            opened.add(new Entry(e.key(), open(e.key(), e.value(), reader)));
        }
        return new ScanPage(opened, more);
    }

    private interface RawScan {
        ScanPage scan(String prefix, String startAfterOrNull, int limit);
    }

    private void checkPlaintext(byte[] value) {
        KeyRules.checkValue(value, maxValueBytes());
    }

    private static void checkServiceKey(String key) {
        KeyRules.checkKey(key);
        if (key.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("storage key: '" + key + "' is in the reserved namespace "
                    + RESERVED_PREFIX + " (expected: a service key)");
        }
    }

    private static void checkServicePrefix(String prefix) {
        KeyRules.checkPrefix(prefix);
        if (prefix.startsWith(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("scan prefix: '" + prefix + "' is in the reserved namespace "
                    + RESERVED_PREFIX + " (expected: a service prefix)");
        }
    }

    private static byte[] aad(byte[] header, String key) {
        byte[] name = key.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[header.length + name.length];
        System.arraycopy(header, 0, aad, 0, header.length);
        System.arraycopy(name, 0, aad, header.length, name.length);
        return aad;
    }

    /** Seals on the way in and opens on the way out, on the raw transaction. */
    private final class BarrierTransaction implements Transaction {

        private final Transaction raw;

        BarrierTransaction(Transaction raw) {
            this.raw = raw;
        }

        @Override
        public Optional<byte[]> get(String key) {
            checkServiceKey(key);
            return raw.get(key).map(sealed -> open(key, sealed, raw::get));
        }

        @Override
        public void put(String key, byte[] value) {
            checkServiceKey(key);
            checkPlaintext(value);
            raw.put(key, seal(key, value));
        }

        @Override
        public boolean delete(String key) {
            checkServiceKey(key);
            return raw.delete(key);
        }

        @Override
        public ScanPage scan(String prefix, String startAfterOrNull, int limit) {
            checkServicePrefix(prefix);
            return Barrier.this.scan(raw::scan, raw::get, prefix, startAfterOrNull, limit);
        }
    }
}
