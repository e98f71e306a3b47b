package io.citadel.audit;

import io.citadel.core.crypto.Ed25519;
import io.citadel.core.crypto.Hashes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The binary values of the hash chain (all stored through the barrier, formats in docs/audit.md):
 * log records, the chain head, per-block signed digests and the retention anchor.
 */
final class ChainRecords {

    static final byte FORMAT = 1;
    static final int HASH_BYTES = 32;
    static final byte[] ZERO_HASH = new byte[HASH_BYTES];
    private static final byte[] DIGEST_DOMAIN = "citadel/audit/digest/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANCHOR_DOMAIN = "citadel/audit/anchor/v1".getBytes(StandardCharsets.US_ASCII);

    private ChainRecords() {
    }

    /** What a log record holds. */
    enum Kind {
        EVENT('E'), INTENT('I'), EXPORT('X');

        final byte code;

        Kind(char code) {
            this.code = (byte) code;
        }

        static Kind of(byte code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new IllegalArgumentException("audit log record kind: " + code + " (expected: E, I or X)");
        }
    }

    /**
     * One chained record: {@code format(1) kind(1) seq(8) hash(32) body}, where
     * {@code hash = SHA-256(previous hash || format || kind || seq || body)}.
     */
    record LogRecord(Kind kind, long seq, byte[] hash, byte[] body) {

        static byte[] chainHash(MessageDigest sha256, byte[] previous, Kind kind, long seq, byte[] body) {
            sha256.reset();
            sha256.update(previous);
            sha256.update(FORMAT);
            sha256.update(kind.code);
            sha256.update(ByteBuffer.allocate(8).putLong(seq).array());
            sha256.update(body);
            return sha256.digest();
        }

        byte[] encode() {
            return ByteBuffer.allocate(2 + 8 + HASH_BYTES + body.length)
                    .put(FORMAT).put(kind.code).putLong(seq).put(hash).put(body).array();
        }

        static LogRecord decode(byte[] value) {
            if (value.length < 2 + 8 + HASH_BYTES || value[0] != FORMAT) {
                throw new IllegalArgumentException("audit log record: " + value.length + " bytes, format "
                        + (value.length > 0 ? value[0] : -1) + " (expected: format " + FORMAT + ", at least 42 bytes)");
            }
            ByteBuffer in = ByteBuffer.wrap(value);
            in.get();
            Kind kind = Kind.of(in.get());
            long seq = in.getLong();
            byte[] hash = new byte[HASH_BYTES];
            in.get(hash);
            byte[] body = new byte[in.remaining()];
            in.get(body);
            return new LogRecord(kind, seq, hash, body);
        }

        boolean hashMatches(MessageDigest sha256, byte[] previous) {
            return MessageDigest.isEqual(hash, chainHash(sha256, previous, kind, seq, body));
        }
    }

    /**
     * Up to {@link #CHUNK_RECORDS} consecutive log records in one storage value, so a group commit
     * writes one row per chunk rather than one per event: {@code format(1)=1 count(2) then per record
     * length(4) and the record}. Keyed by the sequence number of its first record.
     */
    static final int CHUNK_RECORDS = 64;

    static byte[] encodeChunk(java.util.List<LogRecord> records) {
        int size = 3;
        java.util.List<byte[]> encoded = new java.util.ArrayList<>(records.size());
        for (LogRecord r : records) {
            byte[] e = r.encode();
            encoded.add(e);
            size += 4 + e.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT).putShort((short) records.size());
        for (byte[] e : encoded) {
            out.putInt(e.length).put(e);
        }
        return out.array();
    }

    static java.util.List<LogRecord> decodeChunk(byte[] value) {
        if (value.length < 3 || value[0] != FORMAT) {
            throw new IllegalArgumentException("audit log chunk: " + value.length + " bytes (expected: format 1)");
        }
        ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
        int count = in.getShort() & 0xffff;
        java.util.List<LogRecord> out = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("audit log chunk: record " + i + " length " + length + " exceeds the value");
            }
            byte[] record = new byte[length];
            in.get(record);
            out.add(LogRecord.decode(record));
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("audit log chunk: " + in.remaining() + " trailing bytes");
        }
        return out;
    }

    /**
     * The chain head: last sequence number and its hash, the last signed block, and the open block
     * (records after the last digest, not yet signed or merged into the index): its first sequence
     * number, how many batches it holds, when it opened and when its last batch committed.
     * Format 2: {@code format(1)=2 seq(8) hash(32) block(8) openFirst(8) openBatches(4) openedMillis(8) lastMillis(8)};
     * format 1 ({@code format(1)=1 seq(8) hash(32) block(8)}, every batch its own block) still reads, with nothing open.
     */
    record Head(long seq, byte[] hash, long block, long openFirst, int openBatches, long openedMillis, long lastMillis) {
        static final Head EMPTY = new Head(0, ZERO_HASH, 0, 1, 0, 0, 0);
        static final byte FORMAT_2 = 2;
        private static final int V1_BYTES = 1 + 8 + HASH_BYTES + 8;
        private static final int V2_BYTES = V1_BYTES + 8 + 4 + 8 + 8;

        /** Whether records follow the last digest. */
        boolean open() {
            return seq >= openFirst;
        }

        byte[] encode() {
            return ByteBuffer.allocate(V2_BYTES).put(FORMAT_2).putLong(seq).put(hash).putLong(block)
                    .putLong(openFirst).putInt(openBatches).putLong(openedMillis).putLong(lastMillis).array();
        }

        static Head decode(byte[] value) {
            boolean v1 = value.length == V1_BYTES && value[0] == FORMAT;
            if (!v1 && (value.length != V2_BYTES || value[0] != FORMAT_2)) {
                throw new IllegalArgumentException("audit chain head: " + value.length + " bytes, format "
                        + (value.length > 0 ? value[0] : -1) + " (expected: 49 bytes format 1, or 77 bytes format 2)");
            }
            ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
            long seq = in.getLong();
            byte[] hash = new byte[HASH_BYTES];
            in.get(hash);
            long block = in.getLong();
            if (v1) {
                return new Head(seq, hash, block, seq + 1, 0, 0, 0);
            }
            return new Head(seq, hash, block, in.getLong(), in.getInt(), in.getLong(), in.getLong());
        }
    }

    /** A signed digest over one block (the group commits of one signing interval): sequence range and the hash of its last record. */
    record Digest(long block, long firstSeq, long lastSeq, byte[] lastHash, long timeMillis, byte[] keyId, byte[] signature) {

        static Digest sign(Ed25519.Signer signer, byte[] keyId, long block, long firstSeq, long lastSeq, byte[] lastHash, long timeMillis) {
            byte[] unsigned = new Digest(block, firstSeq, lastSeq, lastHash, timeMillis, keyId, new byte[0]).signedBytes();
            return new Digest(block, firstSeq, lastSeq, lastHash, timeMillis, keyId, signer.sign(unsigned));
        }

        byte[] signedBytes() {
            return ByteBuffer.allocate(DIGEST_DOMAIN.length + 8 * 4 + HASH_BYTES + 8)
                    .put(DIGEST_DOMAIN).putLong(block).putLong(firstSeq).putLong(lastSeq).put(lastHash)
                    .putLong(timeMillis).put(keyId).array();
        }

        boolean verify(byte[] publicKey) {
            return Arrays.equals(keyId, ChainRecords.keyId(publicKey)) && Ed25519.verify(publicKey, signedBytes(), signature);
        }

        byte[] encode() {
            return ByteBuffer.allocate(1 + 8 * 4 + HASH_BYTES + 8 + signature.length).put(FORMAT).putLong(block)
                    .putLong(firstSeq).putLong(lastSeq).put(lastHash).putLong(timeMillis).put(keyId).put(signature).array();
        }

        static Digest decode(byte[] value) {
            if (value.length != 1 + 8 * 4 + HASH_BYTES + 8 + Ed25519.SIGNATURE_BYTES || value[0] != FORMAT) {
                throw new IllegalArgumentException("audit digest: " + value.length + " bytes (expected: 145, format 1)");
            }
            ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
            long block = in.getLong();
            long first = in.getLong();
            long last = in.getLong();
            byte[] hash = new byte[HASH_BYTES];
            in.get(hash);
            long time = in.getLong();
            byte[] keyId = new byte[8];
            in.get(keyId);
            byte[] sig = new byte[Ed25519.SIGNATURE_BYTES];
            in.get(sig);
            return new Digest(block, first, last, hash, time, keyId, sig);
        }
    }

    /** Where the chain starts after retention removed its oldest blocks; signed like a digest. */
    record Anchor(long firstSeq, byte[] previousHash, long firstBlock, long timeMillis, byte[] keyId, byte[] signature) {
        static final Anchor GENESIS = new Anchor(1, ZERO_HASH, 1, 0, new byte[8], new byte[0]);

        static Anchor sign(Ed25519.Signer signer, byte[] keyId, long firstSeq, byte[] previousHash, long firstBlock, long timeMillis) {
            byte[] unsigned = new Anchor(firstSeq, previousHash, firstBlock, timeMillis, keyId, new byte[0]).signedBytes();
            return new Anchor(firstSeq, previousHash, firstBlock, timeMillis, keyId, signer.sign(unsigned));
        }

        byte[] signedBytes() {
            return ByteBuffer.allocate(ANCHOR_DOMAIN.length + 8 + HASH_BYTES + 8 + 8 + 8)
                    .put(ANCHOR_DOMAIN).putLong(firstSeq).put(previousHash).putLong(firstBlock).putLong(timeMillis)
                    .put(keyId).array();
        }

        boolean verify(byte[] publicKey) {
            return Arrays.equals(keyId, ChainRecords.keyId(publicKey)) && Ed25519.verify(publicKey, signedBytes(), signature);
        }

        byte[] encode() {
            return ByteBuffer.allocate(1 + 8 + HASH_BYTES + 8 + 8 + 8 + signature.length).put(FORMAT).putLong(firstSeq)
                    .put(previousHash).putLong(firstBlock).putLong(timeMillis).put(keyId).put(signature).array();
        }

        static Anchor decode(byte[] value) {
            if (value.length != 1 + 8 + HASH_BYTES + 24 + Ed25519.SIGNATURE_BYTES || value[0] != FORMAT) {
                throw new IllegalArgumentException("audit anchor: " + value.length + " bytes (expected: 121, format 1)");
            }
            ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
            long first = in.getLong();
            byte[] hash = new byte[HASH_BYTES];
            in.get(hash);
            long block = in.getLong();
            long time = in.getLong();
            byte[] keyId = new byte[8];
            in.get(keyId);
            byte[] sig = new byte[Ed25519.SIGNATURE_BYTES];
            in.get(sig);
            return new Anchor(first, hash, block, time, keyId, sig);
        }
    }

    /** First 8 bytes of SHA-256 of the X.509 public key: names the key that signed. */
    static byte[] keyId(byte[] publicKey) {
        return Arrays.copyOf(Hashes.sha256(publicKey), 8);
    }

    static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static long readLong(byte[] v) {
        return ByteBuffer.wrap(v).getLong();
    }
}
