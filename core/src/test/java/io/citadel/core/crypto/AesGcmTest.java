package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    private final AesGcm aes = new AesGcm(new SecureRandom());
    private final byte[] key = aes.newKey();
    private final byte[] aad = "acct/us-east-1/kms/key".getBytes(StandardCharsets.UTF_8);
    private final byte[] plaintext = "the secret".getBytes(StandardCharsets.UTF_8);

    @Test
    void open_ofSealed_returnsPlaintext() {
        byte[] sealed = aes.seal(key, plaintext, aad);

        assertThat(sealed).hasSize(plaintext.length + AesGcm.OVERHEAD);
        assertThat(AesGcm.open(key, sealed, aad)).isEqualTo(plaintext);
    }

    @Test
    void seal_twice_usesFreshNonces() {
        assertThat(aes.seal(key, plaintext, aad)).isNotEqualTo(aes.seal(key, plaintext, aad));
    }

    @Test
    void open_withEmptyPlaintext_works() {
        byte[] sealed = aes.seal(key, new byte[0], aad);

        assertThat(AesGcm.open(key, sealed, aad)).isEmpty();
    }

    @Test
    void open_withAnyFlippedByte_fails() {
        byte[] sealed = aes.seal(key, plaintext, aad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> AesGcm.open(key, tampered, aad)).isInstanceOf(AeadException.class);
        }
    }

    @Test
    void open_withDifferentAad_fails() {
        byte[] sealed = aes.seal(key, plaintext, aad);

        assertThatThrownBy(() -> AesGcm.open(key, sealed, "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AeadException.class);
    }

    @Test
    void open_withDifferentKey_fails() {
        byte[] sealed = aes.seal(key, plaintext, aad);

        assertThatThrownBy(() -> AesGcm.open(aes.newKey(), sealed, aad)).isInstanceOf(AeadException.class);
    }

    @Test
    void open_ofTruncatedInput_fails() {
        assertThatThrownBy(() -> AesGcm.open(key, new byte[AesGcm.OVERHEAD - 1], aad))
                .isInstanceOf(AeadException.class)
                .hasMessageContaining("shorter");
    }

    @Test
    void open_withOffset_readsOnlyTheSlice() {
        byte[] sealed = aes.seal(key, plaintext, aad);
        byte[] framed = new byte[sealed.length + 7];
        System.arraycopy(sealed, 0, framed, 5, sealed.length);

        assertThat(AesGcm.open(key, framed, 5, sealed.length, aad)).isEqualTo(plaintext);
    }

    @Test
    void seal_withShortKey_isRejected() {
        assertThatThrownBy(() -> aes.seal(new byte[16], plaintext, aad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AES-256-GCM key: 16 bytes (expected: 32)");
    }
}
