package io.citadel.core.crypto;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Turns a passphrase into key bytes with Argon2id (RFC 9106), memory-hard so that guessing costs
 * real memory per try. The {@link Params} are stored beside the salt so they can be raised later
 * without breaking existing stores.
 */
public final class PassphraseKdf {

    public static final int MIN_SALT_BYTES = 16;
    public static final int MAX_SALT_BYTES = 64;

    /**
     * Argon2id cost parameters.
     *
     * @param memoryKiB memory per derivation in KiB (at least 8 per lane)
     * @param iterations passes over the memory
     * @param parallelism lanes
     */
    public record Params(int memoryKiB, int iterations, int parallelism) {

        /** 64 MiB, 3 passes, 1 lane: about a few hundred milliseconds on a server core. */
        public static final Params DEFAULT = new Params(64 * 1024, 3, 1);

        public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

        public Params {
            if (parallelism < 1 || parallelism > 16) {
                throw new IllegalArgumentException("argon2 parallelism: " + parallelism + " (expected: 1..16)");
            }
            if (iterations < 1 || iterations > 100) {
                throw new IllegalArgumentException("argon2 iterations: " + iterations + " (expected: 1..100)");
            }
            if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("argon2 memoryKiB: " + memoryKiB
                        + " (expected: " + (8 * parallelism) + ".." + MAX_MEMORY_KIB + ")");
            }
        }
    }

    private PassphraseKdf() {
    }

    /** Derives {@code length} bytes from the passphrase (encoded as UTF-8) and salt. */
    public static byte[] derive(char[] passphrase, byte[] salt, Params params, int length) {
        Objects.requireNonNull(passphrase, "passphrase");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(params, "params");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("passphrase: empty (expected: at least 1 character)");
        }
        if (salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES) {
            throw new IllegalArgumentException("argon2 salt: " + salt.length + " bytes (expected: "
                    + MIN_SALT_BYTES + ".." + MAX_SALT_BYTES + ")");
        }
        if (length < 16 || length > 1024) {
            throw new IllegalArgumentException("argon2 output length: " + length + " (expected: 16..1024)");
        }
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(params.memoryKiB())
                .withIterations(params.iterations())
                .withParallelism(params.parallelism())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] password = utf8(passphrase);
        byte[] out = new byte[length];
        try {
            generator.generateBytes(password, out);
            return out;
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("passphrase: not valid UTF-16 text (unpaired surrogate)", e);
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
