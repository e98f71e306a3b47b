package io.citadel.acme;

import io.citadel.core.crypto.pki.Jws;
import io.citadel.storage.Entry;
import io.citadel.storage.ScanPage;
import io.citadel.storage.Storage;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replay nonces (RFC 8555 section 7.2): each one is 8 bytes of issue time and 16 random bytes, recorded in storage
 * under {@code global/acme/nonce/{issued seconds}/{nonce}} so every node sharing the storage accepts it, and consumed by
 * deleting that record: a nonce is accepted once, within {@link #LIFETIME}. {@link #purgeExpired()} bounds what is
 * kept; the keys sort by issue time, so it reads only expired ones.
 */
public final class Nonces {

    public static final Duration LIFETIME = Duration.ofMinutes(30);
    static final String PREFIX = "global/acme/nonce/";
    static final int MAX_PURGE = 200_000;
    private static final int RANDOM_BYTES = 16;

    private final Storage storage;
    private final InstantSource clock;
    private final SecureRandom random;

    public Nonces(Storage storage, InstantSource clock, SecureRandom random) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh nonce, valid once within {@link #LIFETIME}. */
    public String issue() {
        long seconds = clock.instant().getEpochSecond();
        byte[] raw = ByteBuffer.allocate(8 + RANDOM_BYTES).putLong(seconds).array();
        byte[] r = new byte[RANDOM_BYTES];
        random.nextBytes(r);
        System.arraycopy(r, 0, raw, 8, RANDOM_BYTES);
        String nonce = Jws.base64url(raw);
        storage.put(key(seconds, nonce), new byte[0]);
        return nonce;
    }

    /** Whether {@code nonce} was issued here, is not expired, and was not used before; it cannot be used again. */
    public boolean consume(String nonce) {
        if (nonce == null || nonce.length() != 32) {
            return false;
        }
        byte[] raw;
        try {
            raw = Jws.base64url(nonce, "nonce");
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 8 + RANDOM_BYTES) {
            return false;
        }
        long seconds = ByteBuffer.wrap(raw).getLong();
        Instant issued = Instant.ofEpochSecond(seconds);
        if (seconds < 0 || issued.plus(LIFETIME).isBefore(clock.instant())) {
            return false;
        }
        return storage.delete(key(seconds, nonce));
    }

    /** Deletes up to {@code max} expired nonces, one transaction per page; returns how many. */
    public int purgeExpired(int max) {
        long cutoff = clock.instant().minus(LIFETIME).getEpochSecond();
        int deleted = 0;
        while (deleted < max) {
            ScanPage page = storage.scan(PREFIX, null, Math.min(1000, max - deleted));
            List<String> expired = new ArrayList<>();
            for (Entry e : page.entries()) {
                String rest = e.key().substring(PREFIX.length());
                if (Long.parseLong(rest.substring(0, rest.indexOf('/'))) >= cutoff) {
                    break;
                }
                expired.add(e.key());
            }
            if (expired.isEmpty()) {
                break;
            }
            storage.transaction(tx -> {
                expired.forEach(tx::delete);
                return null;
            });
            deleted += expired.size();
            if (expired.size() < page.entries().size() || !page.hasMore()) {
                break;
            }
        }
        return deleted;
    }

    /** Deletes expired nonces, up to {@link #MAX_PURGE} per call (a node calls it every few minutes). */
    public int purgeExpired() {
        return purgeExpired(MAX_PURGE);
    }

    private static String key(long seconds, String nonce) {
        return PREFIX + String.format("%012d", seconds) + "/" + nonce;
    }
}
