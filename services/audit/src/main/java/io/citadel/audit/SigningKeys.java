package io.citadel.audit;

import io.citadel.core.crypto.Ed25519;
import io.citadel.core.crypto.Hashes;
import io.citadel.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * The audit trail's own keys, created on first use and stored (sealed by the barrier) at
 * {@value AuditKeys#SIGNING_KEY} so every node shares them: the Ed25519 key that signs block digests
 * and retention anchors, and the key that authenticates LookupEvents NextTokens.
 * Value: {@code format(1)=1 len(2) pkcs8 len(2) x509 tokenKey(32)}.
 */
final class SigningKeys {

    private final Ed25519.Signer signer;
    private final byte[] publicKey;
    private final byte[] keyId;
    private final byte[] tokenKey;
    private final io.citadel.core.crypto.UuidPermutation eventIds;

    private SigningKeys(byte[] privateKey, byte[] publicKey, byte[] tokenKey) {
        this.signer = Ed25519.signer(privateKey);
        this.publicKey = publicKey;
        this.keyId = ChainRecords.keyId(publicKey);
        this.tokenKey = tokenKey;
        byte[] idKey = Hashes.hmacSha256(tokenKey, utf8("citadel/audit/event-id/v1"));
        this.eventIds = new io.citadel.core.crypto.UuidPermutation(idKey);
        Arrays.fill(idKey, (byte) 0);
    }

    /** Loads the keys, creating them if this store has none (safe when several nodes race). */
    static SigningKeys loadOrCreate(Storage sealed) {
        Optional<byte[]> stored = sealed.get(AuditKeys.SIGNING_KEY);
        if (stored.isEmpty()) {
            Ed25519.EncodedKeyPair pair = Ed25519.generate();
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            byte[] value = ByteBuffer.allocate(1 + 2 + pair.privatePkcs8().length + 2 + pair.publicX509().length + 32)
                    .put(ChainRecords.FORMAT)
                    .putShort((short) pair.privatePkcs8().length).put(pair.privatePkcs8())
                    .putShort((short) pair.publicX509().length).put(pair.publicX509())
                    .put(token).array();
            sealed.compareAndSet(AuditKeys.SIGNING_KEY, null, value);
            Arrays.fill(value, (byte) 0);
            stored = sealed.get(AuditKeys.SIGNING_KEY);
        }
        return decode(stored.orElseThrow(() -> new IllegalStateException(
                "audit signing key at " + AuditKeys.SIGNING_KEY + " vanished while it was being created")));
    }

    /** The keys of this store, or empty when it has none yet (never creates them). */
    static Optional<SigningKeys> load(Storage sealed) {
        return sealed.get(AuditKeys.SIGNING_KEY).map(SigningKeys::decode);
    }

    /** The public key alone, or empty when the store has no signing key yet. */
    static Optional<byte[]> publicKeyIn(Storage sealed) {
        return sealed.get(AuditKeys.SIGNING_KEY).map(v -> {
            ByteBuffer in = ByteBuffer.wrap(v, 1, v.length - 1);
            int privateLength = in.getShort();
            in.position(in.position() + privateLength);
            byte[] pub = new byte[in.getShort()];
            in.get(pub);
            return pub;
        });
    }

    private static SigningKeys decode(byte[] value) {
        if (value.length < 1 || value[0] != ChainRecords.FORMAT) {
            throw new IllegalStateException("audit signing key record: unknown format (expected: 1)");
        }
        ByteBuffer in = ByteBuffer.wrap(value, 1, value.length - 1);
        byte[] priv = new byte[in.getShort()];
        in.get(priv);
        byte[] pub = new byte[in.getShort()];
        in.get(pub);
        byte[] token = new byte[32];
        in.get(token);
        try {
            return new SigningKeys(priv, pub, token);
        } finally {
            Arrays.fill(priv, (byte) 0);
            Arrays.fill(value, (byte) 0);
        }
    }

    Ed25519.Signer signer() {
        return signer;
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] keyId() {
        return keyId.clone();
    }

    String publicKeyPem() {
        return Ed25519.publicKeyPem(publicKey);
    }

    /**
     * The eventID of the record at {@code seq}, {@code offset} records into its chunk: a version-4 UUID
     * that looks random but maps back to its position, so lookups by EventId need no index row.
     */
    String eventId(long seq, int offset) {
        return eventIds.encrypt(offset, seq).toString();
    }

    /** {@code [seq, chunkFirstSeq]} behind an eventID, or null when it is not one of ours. */
    long[] position(String eventId) {
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(eventId);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!id.toString().equalsIgnoreCase(eventId)) {
            return null;
        }
        long[] v = eventIds.decrypt(id);
        if (v == null || v[0] >= ChainRecords.CHUNK_RECORDS || v[1] < 1 || v[0] > v[1] - 1) {
            return null;
        }
        return new long[] {v[1], v[1] - v[0]};
    }

    /** HMAC-SHA-256 under the token key, for NextTokens. */
    byte[] tokenMac(byte[] data) {
        return Hashes.hmacSha256(tokenKey, data);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
