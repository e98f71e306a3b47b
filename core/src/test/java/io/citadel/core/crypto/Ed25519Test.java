package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Ed25519Test {

    private static final byte[] DATA = "block 7: seq 1..1000".getBytes(StandardCharsets.UTF_8);

    @Test
    void sign_thenVerify_succeeds() {
        Ed25519.EncodedKeyPair pair = Ed25519.generate();
        byte[] signature = Ed25519.signer(pair.privatePkcs8()).sign(DATA);
        assertThat(signature).hasSize(Ed25519.SIGNATURE_BYTES);
        assertThat(Ed25519.verify(pair.publicX509(), DATA, signature)).isTrue();
    }

    @Test
    void verify_withFlippedDataByte_fails() {
        Ed25519.EncodedKeyPair pair = Ed25519.generate();
        byte[] signature = Ed25519.signer(pair.privatePkcs8()).sign(DATA);
        byte[] changed = DATA.clone();
        changed[3] ^= 1;
        assertThat(Ed25519.verify(pair.publicX509(), changed, signature)).isFalse();
    }

    @Test
    void verify_withFlippedSignatureByte_fails() {
        Ed25519.EncodedKeyPair pair = Ed25519.generate();
        byte[] signature = Ed25519.signer(pair.privatePkcs8()).sign(DATA);
        signature[10] ^= 1;
        assertThat(Ed25519.verify(pair.publicX509(), DATA, signature)).isFalse();
    }

    @Test
    void verify_withAnotherKey_fails() {
        byte[] signature = Ed25519.signer(Ed25519.generate().privatePkcs8()).sign(DATA);
        assertThat(Ed25519.verify(Ed25519.generate().publicX509(), DATA, signature)).isFalse();
    }

    @Test
    void publicKeyPem_roundTrips() {
        Ed25519.EncodedKeyPair pair = Ed25519.generate();
        String pem = Ed25519.publicKeyPem(pair.publicX509());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(Ed25519.publicKeyFromPem(pem)).isEqualTo(pair.publicX509());
    }

    @Test
    void signer_withGarbageKey_isRejected() {
        assertThatThrownBy(() -> Ed25519.signer(new byte[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.publicKeyFromPem("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
