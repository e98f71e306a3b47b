package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyFactory;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class KeyWrapTest {

    // RFC 5649 section 6: both examples use this 192-bit KEK.
    private static final byte[] RFC5649_KEK = TestKeys.hex("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8");

    @ParameterizedTest
    @CsvSource({
            "c37b7e6492584340bed12207808941155068f738, 138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a",
            "466f7250617369, afbeb0f07dfbf5419200f2ccb50bb24f"})
    void aesKwpWrap_matchesRfc5649Section6(String material, String wrapped) {
        assertThat(TestKeys.hex(KeyWrap.aesKwpWrap(RFC5649_KEK, TestKeys.hex(material)))).isEqualTo(wrapped);
        assertThat(TestKeys.hex(KeyWrap.aesKwpUnwrap(RFC5649_KEK, TestKeys.hex(wrapped)))).isEqualTo(material);
    }

    @Test
    void aesKwpWrap_matchesBouncyCastlesRfc5649Engine() throws Exception {
        for (int kekBytes : new int[] {16, 24, 32}) {
            for (int length = 1; length <= 80; length += 7) {
                byte[] kek = random(kekBytes);
                byte[] material = random(length);
                RFC5649WrapEngine engine = new RFC5649WrapEngine(AESEngine.newInstance());
                engine.init(true, new KeyParameter(kek));

                byte[] wrapped = KeyWrap.aesKwpWrap(kek, material);

                assertThat(wrapped).isEqualTo(engine.wrap(material, 0, material.length));
                assertThat(wrapped).hasSize(8 + ((length + 7) / 8) * 8);
                assertThat(KeyWrap.aesKwpUnwrap(kek, wrapped)).isEqualTo(material);
            }
        }
    }

    @Test
    void aesKwpUnwrap_withFlippedByteAnywhere_throwsAeadException() {
        byte[] wrapped = TestKeys.hex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");
        for (int i = 0; i < wrapped.length; i++) {
            byte[] tampered = wrapped.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> KeyWrap.aesKwpUnwrap(RFC5649_KEK, tampered))
                    .as("byte %d", i)
                    .isInstanceOf(AeadException.class)
                    .hasMessage("AES key unwrap failed");
        }
    }

    @Test
    void aesKwpUnwrap_withWrongKekOrLength_throwsAeadException() {
        byte[] wrapped = TestKeys.hex("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a");

        assertThatThrownBy(() -> KeyWrap.aesKwpUnwrap(random(24), wrapped)).isInstanceOf(AeadException.class);
        assertThatThrownBy(() -> KeyWrap.aesKwpUnwrap(RFC5649_KEK, Arrays.copyOf(wrapped, 31))).isInstanceOf(AeadException.class);
        assertThatThrownBy(() -> KeyWrap.aesKwpUnwrap(RFC5649_KEK, Arrays.copyOf(wrapped, 8))).isInstanceOf(AeadException.class);
        assertThatThrownBy(() -> KeyWrap.aesKwpUnwrap(RFC5649_KEK, Arrays.copyOf(wrapped, 24))).isInstanceOf(AeadException.class);
    }

    @Test
    void aesKwpWrap_withBadKekOrEmptyMaterial_isRejected() {
        assertThatThrownBy(() -> KeyWrap.aesKwpWrap(new byte[20], new byte[8]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AES-KWP key: 20 bytes (expected: 16, 24 or 32)");
        assertThatThrownBy(() -> KeyWrap.aesKwpWrap(new byte[32], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("AES-KWP material: 0 bytes (expected: at least 1)");
    }

    @ParameterizedTest
    @EnumSource(OaepHash.class)
    void rsaAesWrap_thenUnwrap_roundTrips(OaepHash hash) {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_4096);
        byte[] material = TestKeys.of(KeyPairType.EC_P384).privatePkcs8();

        byte[] wrapped = KeyWrap.rsaAesWrap(hash, pair.publicSpki(), material, TestKeys.RANDOM);

        assertThat(wrapped).hasSize(512 + 8 + ((material.length + 7) / 8) * 8);
        assertThat(KeyWrap.rsaAesUnwrap(hash, pair.privatePkcs8(), wrapped)).isEqualTo(material);
    }

    @ParameterizedTest
    @EnumSource(OaepHash.class)
    void rsaAesWrap_isOaepOfTheEphemeralKeyThenKwp_asAwsDocumentsIt(OaepHash hash) throws Exception {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_2048);
        byte[] material = random(32);
        byte[] wrapped = KeyWrap.rsaAesWrap(hash, pair.publicSpki(), material, TestKeys.RANDOM);
        String jdkHash = hash == OaepHash.SHA_1 ? "SHA-1" : "SHA-256";

        // Unwrap with the JDK alone, as a client script would with OpenSSL: OAEP for the first 256 bytes, then KWP.
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.DECRYPT_MODE, KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pair.privatePkcs8())),
                new OAEPParameterSpec(jdkHash, "MGF1", new MGF1ParameterSpec(jdkHash), PSource.PSpecified.DEFAULT));
        byte[] ephemeral = oaep.doFinal(wrapped, 0, 256);
        Cipher kwp = Cipher.getInstance("AES/KWP/NoPadding");
        kwp.init(Cipher.DECRYPT_MODE, new SecretKeySpec(ephemeral, "AES"));

        assertThat(ephemeral).hasSize(KeyWrap.EPHEMERAL_KEY_BYTES);
        assertThat(kwp.doFinal(wrapped, 256, wrapped.length - 256)).isEqualTo(material);
    }

    @Test
    void rsaAesUnwrap_withFlippedByteInEitherPart_throwsTheSameAeadException() {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_2048);
        byte[] wrapped = KeyWrap.rsaAesWrap(OaepHash.SHA_256, pair.publicSpki(), random(32), TestKeys.RANDOM);

        for (int i : new int[] {0, 100, 255, 256, 270, wrapped.length - 1}) {
            byte[] tampered = wrapped.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> KeyWrap.rsaAesUnwrap(OaepHash.SHA_256, pair.privatePkcs8(), tampered))
                    .as("byte %d", i)
                    .isInstanceOf(AeadException.class)
                    .hasMessage("RSA-AES key unwrap failed")
                    .hasNoCause();
        }
        assertThatThrownBy(() -> KeyWrap.rsaAesUnwrap(OaepHash.SHA_1, pair.privatePkcs8(), wrapped))
                .isInstanceOf(AeadException.class).hasMessage("RSA-AES key unwrap failed");
        assertThatThrownBy(() -> KeyWrap.rsaAesUnwrap(OaepHash.SHA_256, pair.privatePkcs8(), Arrays.copyOf(wrapped, 256 + 8)))
                .isInstanceOf(AeadException.class).hasMessage("RSA-AES key unwrap failed");
    }

    @Test
    void rsaAesUnwrap_withEphemeralKeyThatIsNotAes256_fails() {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_2048);
        byte[] shortKey = random(16);
        byte[] head = RsaOaep.encrypt(OaepHash.SHA_256, pair.publicSpki(), shortKey, TestKeys.RANDOM);
        byte[] tail = KeyWrap.aesKwpWrap(shortKey, random(32));
        byte[] wrapped = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, wrapped, head.length, tail.length);

        assertThatThrownBy(() -> KeyWrap.rsaAesUnwrap(OaepHash.SHA_256, pair.privatePkcs8(), wrapped))
                .isInstanceOf(AeadException.class).hasMessage("RSA-AES key unwrap failed");
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        TestKeys.RANDOM.nextBytes(bytes);
        return bytes;
    }
}
