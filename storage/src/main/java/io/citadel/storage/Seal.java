package io.citadel.storage;

import io.citadel.core.crypto.Hashes;
import io.citadel.core.crypto.PassphraseKdf;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the {@link RootKey} that unseals a store, either from a key file in the data directory
 * (created on first start, mode 0600) or from a passphrase through Argon2id, whose salt, cost
 * parameters and key check live unsealed in the store under {@link #SEAL_KEY} so every node
 * sharing the store derives the same key. A wrong passphrase or key file fails here or in
 * {@link Barrier#open} before anything is written.
 */
public final class Seal {

    public static final String KEY_FILE_NAME = "root.key";
    public static final String SEAL_KEY = Barrier.RESERVED_PREFIX + "seal";

    static final byte[] KEY_FILE_MAGIC = "CITADEL ROOT KEY".getBytes(StandardCharsets.US_ASCII);
    static final byte KEY_FILE_FORMAT = 1;
    static final int KEY_FILE_CHECKSUM_BYTES = 4;
    static final int KEY_FILE_BYTES = KEY_FILE_MAGIC.length + 1 + RootKey.BYTES + KEY_FILE_CHECKSUM_BYTES;

    static final byte SEAL_RECORD_FORMAT = 1;
    static final int SALT_BYTES = 32;
    static final int CHECK_BYTES = 32;
    private static final byte[] CHECK_LABEL = "citadel/seal/check/v1".getBytes(StandardCharsets.US_ASCII);

    private static final Logger LOG = LoggerFactory.getLogger(Seal.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Seal() {
    }

    /** {@value #KEY_FILE_NAME} in {@code dataDir}. */
    public static Path keyFileIn(Path dataDir) {
        return dataDir.resolve(KEY_FILE_NAME);
    }

    /**
     * Reads the root key from {@code keyFile}, or creates the file with a fresh random key if it is
     * missing and {@code raw} was never sealed. A missing file for an already sealed store is an error,
     * never a reason to make a new key.
     */
    public static RootKey fromKeyFile(Path keyFile, Storage raw) {
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(raw, "raw");
        if (Files.exists(keyFile)) {
            return readKeyFile(keyFile);
        }
        if (Barrier.isInitialised(raw) || raw.get(SEAL_KEY).isPresent()) {
            throw new SealException("cannot unseal: key file " + keyFile + " is missing but the store is already sealed"
                    + " (restore the key file, or use the passphrase the store was sealed with)");
        }
        byte[] key = new byte[RootKey.BYTES];
        RANDOM.nextBytes(key);
        try {
            writeKeyFile(keyFile, key);
            return new RootKey(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Derives the root key from {@code passphrase}; a new store gets {@link PassphraseKdf.Params#DEFAULT}. */
    public static RootKey fromPassphrase(char[] passphrase, Storage raw) {
        return fromPassphrase(passphrase, raw, PassphraseKdf.Params.DEFAULT);
    }

    /**
     * Derives the root key from {@code passphrase} with the salt and parameters stored under
     * {@link #SEAL_KEY}. On a store never sealed, first writes that record with a fresh salt and
     * {@code paramsForNewStore}. A wrong passphrase throws {@link SealException} and writes nothing.
     */
    public static RootKey fromPassphrase(char[] passphrase, Storage raw, PassphraseKdf.Params paramsForNewStore) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(paramsForNewStore, "paramsForNewStore");
        Optional<byte[]> stored = raw.get(SEAL_KEY);
        if (stored.isPresent()) {
            return unsealWith(passphrase, SealRecord.parse(stored.get()));
        }
        if (Barrier.isInitialised(raw)) {
            throw new SealException("cannot unseal: the store has a keyring but no passphrase record at " + SEAL_KEY
                    + " (was it sealed with a key file?)");
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = PassphraseKdf.derive(passphrase, salt, paramsForNewStore, RootKey.BYTES);
        try {
            SealRecord record = new SealRecord(paramsForNewStore, salt, Hashes.hmacSha256(key, CHECK_LABEL));
            if (raw.compareAndSet(SEAL_KEY, null, record.encode())) {
                return new RootKey(key);
            }
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        // Another node wrote the record first; its salt is the one that counts.
        return unsealWith(passphrase, SealRecord.parse(raw.get(SEAL_KEY).orElseThrow(
                () -> new SealException("cannot unseal: " + SEAL_KEY + " vanished while it was being created"))));
    }

    private static RootKey unsealWith(char[] passphrase, SealRecord record) {
        byte[] key = PassphraseKdf.derive(passphrase, record.salt(), record.params(), RootKey.BYTES);
        try {
            if (!Hashes.constantTimeEquals(Hashes.hmacSha256(key, CHECK_LABEL), record.keyCheck())) {
                throw new SealException("cannot unseal: wrong passphrase (it does not match the key check in " + SEAL_KEY + ")");
            }
            return new RootKey(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The passphrase record: {@code format(1)=0x01 || memoryKiB(4) || iterations(4) || parallelism(4)
     * || saltLength(1) || salt || keyCheck(32)}, integers big-endian.
     */
    record SealRecord(PassphraseKdf.Params params, byte[] salt, byte[] keyCheck) {

        SealRecord {
            Objects.requireNonNull(params, "params");
            if (salt.length < PassphraseKdf.MIN_SALT_BYTES || salt.length > PassphraseKdf.MAX_SALT_BYTES) {
                throw new IllegalArgumentException("seal salt: " + salt.length + " bytes (expected: "
                        + PassphraseKdf.MIN_SALT_BYTES + ".." + PassphraseKdf.MAX_SALT_BYTES + ")");
            }
            if (keyCheck.length != CHECK_BYTES) {
                throw new IllegalArgumentException("seal key check: " + keyCheck.length + " bytes (expected: " + CHECK_BYTES + ")");
            }
        }

        byte[] encode() {
            return ByteBuffer.allocate(1 + 12 + 1 + salt.length + CHECK_BYTES)
                    .put(SEAL_RECORD_FORMAT)
                    .putInt(params.memoryKiB()).putInt(params.iterations()).putInt(params.parallelism())
                    .put((byte) salt.length).put(salt)
                    .put(keyCheck)
                    .array();
        }

        static SealRecord parse(byte[] bytes) {
            try {
                ByteBuffer in = ByteBuffer.wrap(bytes);
                byte format = in.get();
                if (format != SEAL_RECORD_FORMAT) {
                    throw new SealException("cannot unseal: " + SEAL_KEY + " has format " + format + " (expected: " + SEAL_RECORD_FORMAT + ")");
                }
                PassphraseKdf.Params params = new PassphraseKdf.Params(in.getInt(), in.getInt(), in.getInt());
                byte[] salt = new byte[Byte.toUnsignedInt(in.get())];
                in.get(salt);
                byte[] check = new byte[CHECK_BYTES];
                in.get(check);
                if (in.hasRemaining()) {
                    throw new SealException("cannot unseal: " + SEAL_KEY + " has " + in.remaining() + " trailing bytes (expected: none)");
                }
                return new SealRecord(params, salt, check);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SealException("cannot unseal: " + SEAL_KEY + " is malformed (" + e.getMessage() + ")", e);
            }
        }
    }

    private static RootKey readKeyFile(Path keyFile) {
        warnIfReadableByOthers(keyFile);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            throw new SealException("cannot unseal: key file " + keyFile + " is unreadable: " + e.getMessage(), e);
        }
        try {
            if (bytes.length != KEY_FILE_BYTES) {
                throw new SealException("cannot unseal: key file " + keyFile + " is " + bytes.length + " bytes (expected: " + KEY_FILE_BYTES + ")");
            }
            if (!Arrays.equals(bytes, 0, KEY_FILE_MAGIC.length, KEY_FILE_MAGIC, 0, KEY_FILE_MAGIC.length)) {
                throw new SealException("cannot unseal: " + keyFile + " is not a Citadel root key file (magic mismatch)");
            }
            if (bytes[KEY_FILE_MAGIC.length] != KEY_FILE_FORMAT) {
                throw new SealException("cannot unseal: key file " + keyFile + " has format " + bytes[KEY_FILE_MAGIC.length]
                        + " (expected: " + KEY_FILE_FORMAT + ")");
            }
            int bodyLength = KEY_FILE_BYTES - KEY_FILE_CHECKSUM_BYTES;
            byte[] checksum = checksum(Arrays.copyOfRange(bytes, 0, bodyLength));
            if (!Arrays.equals(bytes, bodyLength, KEY_FILE_BYTES, checksum, 0, KEY_FILE_CHECKSUM_BYTES)) {
                throw new SealException("cannot unseal: key file " + keyFile + " fails its checksum (corrupted)");
            }
            return new RootKey(Arrays.copyOfRange(bytes, KEY_FILE_MAGIC.length + 1, bodyLength));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Writes beside the target and renames, so a crash never leaves a half-written key file. */
    private static void writeKeyFile(Path keyFile, byte[] key) {
        byte[] bytes = new byte[KEY_FILE_BYTES];
        int bodyLength = KEY_FILE_BYTES - KEY_FILE_CHECKSUM_BYTES;
        System.arraycopy(KEY_FILE_MAGIC, 0, bytes, 0, KEY_FILE_MAGIC.length);
        bytes[KEY_FILE_MAGIC.length] = KEY_FILE_FORMAT;
        System.arraycopy(key, 0, bytes, KEY_FILE_MAGIC.length + 1, RootKey.BYTES);
        System.arraycopy(checksum(Arrays.copyOfRange(bytes, 0, bodyLength)), 0, bytes, bodyLength, KEY_FILE_CHECKSUM_BYTES);
        Path dir = keyFile.toAbsolutePath().getParent();
        Path temp = dir.resolve(keyFile.getFileName() + ".tmp");
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(temp);
            if (posix) {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(temp);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            try {
                Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, keyFile);
            }
            if (posix) {
                try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
                    dirChannel.force(true);
                }
            }
            LOG.info("created root key file {}", keyFile);
        } catch (IOException e) {
            throw new SealException("cannot create key file " + keyFile + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void warnIfReadableByOthers(Path keyFile) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
            if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                LOG.warn("root key file {} has permissions {} (expected: rw-------)", keyFile, PosixFilePermissions.toString(permissions));
            }
        } catch (IOException e) {
            LOG.warn("cannot read permissions of root key file {}: {}", keyFile, e.getMessage());
        }
    }

    private static byte[] checksum(byte[] body) {
        return Arrays.copyOf(Hashes.sha256(body), KEY_FILE_CHECKSUM_BYTES);
    }
}
