package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.PassphraseKdf.Params;
import org.junit.jupiter.api.Test;

class PassphraseKdfTest {

    private static final Params CHEAP = new Params(64, 1, 1);
    private final byte[] salt = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void derive_isDeterministic() {
        byte[] a = PassphraseKdf.derive("correct horse".toCharArray(), salt, CHEAP, 32);
        byte[] b = PassphraseKdf.derive("correct horse".toCharArray(), salt, CHEAP, 32);

        assertThat(a).hasSize(32).isEqualTo(b);
    }

    @Test
    void derive_withDifferentPassphraseSaltOrParams_differs() {
        byte[] base = PassphraseKdf.derive("correct horse".toCharArray(), salt, CHEAP, 32);
        byte[] otherSalt = salt.clone();
        otherSalt[0] ^= 1;

        assertThat(PassphraseKdf.derive("correct horsf".toCharArray(), salt, CHEAP, 32)).isNotEqualTo(base);
        assertThat(PassphraseKdf.derive("correct horse".toCharArray(), otherSalt, CHEAP, 32)).isNotEqualTo(base);
        assertThat(PassphraseKdf.derive("correct horse".toCharArray(), salt, new Params(64, 2, 1), 32)).isNotEqualTo(base);
    }

    @Test
    void derive_encodesPassphraseAsUtf8WithoutNormalising() {
        // Non-ASCII passphrases are encoded as UTF-8, so "é" and "e\u0301" are different passphrases.
        byte[] composed = PassphraseKdf.derive("caf\u00e9".toCharArray(), salt, CHEAP, 32);
        byte[] decomposed = PassphraseKdf.derive("cafe\u0301".toCharArray(), salt, CHEAP, 32);

        assertThat(composed).isNotEqualTo(decomposed);
    }

    @Test
    void derive_withShortSalt_isRejected() {
        assertThatThrownBy(() -> PassphraseKdf.derive("x".toCharArray(), new byte[8], CHEAP, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("argon2 salt: 8 bytes (expected: 16..64)");
    }

    @Test
    void derive_withEmptyPassphrase_isRejected() {
        assertThatThrownBy(() -> PassphraseKdf.derive(new char[0], salt, CHEAP, 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void params_outOfRange_areRejected() {
        assertThatThrownBy(() -> new Params(4, 1, 1)).hasMessage("argon2 memoryKiB: 4 (expected: 8..4194304)");
        assertThatThrownBy(() -> new Params(64, 0, 1)).hasMessage("argon2 iterations: 0 (expected: 1..100)");
        assertThatThrownBy(() -> new Params(64, 1, 0)).hasMessage("argon2 parallelism: 0 (expected: 1..16)");
    }
}
