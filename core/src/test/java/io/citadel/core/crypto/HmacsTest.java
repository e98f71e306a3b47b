package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class HmacsTest {

    private static final byte[] CASE_1_KEY = TestKeys.hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    private static final byte[] CASE_1_DATA = "Hi There".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CASE_2_KEY = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CASE_2_DATA = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "HMAC_SHA_224, 896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22",
            "HMAC_SHA_256, b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            "HMAC_SHA_384, afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
            "HMAC_SHA_512, 87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"})
    void compute_matchesRfc4231TestCase1(HmacAlgorithm alg, String expected) {
        assertThat(TestKeys.hex(Hmacs.compute(alg, CASE_1_KEY, CASE_1_DATA))).isEqualTo(expected);
        assertThat(Hmacs.verify(alg, CASE_1_KEY, CASE_1_DATA, TestKeys.hex(expected))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "HMAC_SHA_224, a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44",
            "HMAC_SHA_256, 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "HMAC_SHA_384, af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649",
            "HMAC_SHA_512, 164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"})
    void compute_matchesRfc4231TestCase2(HmacAlgorithm alg, String expected) {
        assertThat(TestKeys.hex(Hmacs.compute(alg, CASE_2_KEY, CASE_2_DATA))).isEqualTo(expected);
        assertThat(Hmacs.verify(alg, CASE_2_KEY, CASE_2_DATA, TestKeys.hex(expected))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HmacAlgorithm.class)
    void verify_withFlippedMacByte_fails(HmacAlgorithm alg) {
        byte[] key = new byte[alg.keyBytes()];
        TestKeys.RANDOM.nextBytes(key);
        byte[] mac = Hmacs.compute(alg, key, CASE_2_DATA);

        assertThat(mac).hasSize(alg.macBytes());
        for (int i = 0; i < mac.length; i++) {
            byte[] tampered = mac.clone();
            tampered[i] ^= (byte) 0x80;
            assertThat(Hmacs.verify(alg, key, CASE_2_DATA, tampered)).as("byte %d", i).isFalse();
        }
        assertThat(Hmacs.verify(alg, key, CASE_2_DATA, Arrays.copyOf(mac, mac.length - 1))).isFalse();
        assertThat(Hmacs.verify(alg, key, CASE_2_DATA, new byte[0])).isFalse();
    }

    @Test
    void verify_withAnotherKeyOrMessage_fails() {
        byte[] mac = Hmacs.compute(HmacAlgorithm.HMAC_SHA_256, CASE_2_KEY, CASE_2_DATA);

        assertThat(Hmacs.verify(HmacAlgorithm.HMAC_SHA_256, CASE_1_KEY, CASE_2_DATA, mac)).isFalse();
        assertThat(Hmacs.verify(HmacAlgorithm.HMAC_SHA_256, CASE_2_KEY, CASE_1_DATA, mac)).isFalse();
        assertThat(Hmacs.verify(HmacAlgorithm.HMAC_SHA_384, CASE_2_KEY, CASE_2_DATA, mac)).isFalse();
    }

    @Test
    void keyBytes_areTheKmsHmacKeySizes() {
        assertThat(Arrays.stream(HmacAlgorithm.values()).mapToInt(HmacAlgorithm::keyBytes)).containsExactly(28, 32, 48, 64);
    }

    @Test
    void compute_withEmptyKey_isRejected() {
        assertThatThrownBy(() -> Hmacs.compute(HmacAlgorithm.HMAC_SHA_256, new byte[0], CASE_1_DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HMAC_SHA_256 key: 0 bytes (expected: at least 1)");
    }
}
