package io.citadel.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RsaOaepTest {

    private static final byte[] PLAINTEXT = "db password: correct horse".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @CsvSource({"RSA_2048, SHA_1", "RSA_2048, SHA_256", "RSA_3072, SHA_1", "RSA_3072, SHA_256", "RSA_4096, SHA_1", "RSA_4096, SHA_256"})
    void encrypt_thenDecrypt_roundTrips(KeyPairType type, OaepHash hash) {
        AsymmetricKeyPair pair = TestKeys.of(type);

        byte[] ciphertext = RsaOaep.encrypt(hash, pair.publicSpki(), PLAINTEXT, TestKeys.RANDOM);

        assertThat(ciphertext).hasSize(type.modulusBits() / 8);
        assertThat(RsaOaep.decrypt(hash, pair.privatePkcs8(), ciphertext)).isEqualTo(PLAINTEXT);
    }

    @Test
    void maxPlaintextBytes_matchesAwsKms() {
        assertThat(RsaOaep.maxPlaintextBytes(OaepHash.SHA_1, 2048)).isEqualTo(214);
        assertThat(RsaOaep.maxPlaintextBytes(OaepHash.SHA_256, 2048)).isEqualTo(190);
        assertThat(RsaOaep.maxPlaintextBytes(OaepHash.SHA_1, 3072)).isEqualTo(342);
        assertThat(RsaOaep.maxPlaintextBytes(OaepHash.SHA_256, 3072)).isEqualTo(318);
        assertThat(RsaOaep.maxPlaintextBytes(OaepHash.SHA_1, 4096)).isEqualTo(470);
        assertThat(RsaOaep.maxPlaintextBytes(OaepHash.SHA_256, 4096)).isEqualTo(446);
        assertThatThrownBy(() -> RsaOaep.maxPlaintextBytes(OaepHash.SHA_256, 512)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"RSA_2048, SHA_1, 214", "RSA_2048, SHA_256, 190", "RSA_3072, SHA_256, 318", "RSA_4096, SHA_256, 446"})
    void encrypt_atTheLimit_succeeds_andOneByteMore_isRejected(KeyPairType type, OaepHash hash, int max) {
        AsymmetricKeyPair pair = TestKeys.of(type);
        byte[] largest = new byte[max];
        TestKeys.RANDOM.nextBytes(largest);

        assertThat(RsaOaep.decrypt(hash, pair.privatePkcs8(), RsaOaep.encrypt(hash, pair.publicSpki(), largest, TestKeys.RANDOM)))
                .isEqualTo(largest);
        assertThatThrownBy(() -> RsaOaep.encrypt(hash, pair.publicSpki(), new byte[max + 1], TestKeys.RANDOM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA-OAEP plaintext: " + (max + 1) + " bytes (expected: at most " + max + " for a " + type.modulusBits()
                        + "-bit key with " + hash + ")");
    }

    @ParameterizedTest
    @EnumSource(OaepHash.class)
    void encrypt_interoperatesWithTheJdk(OaepHash hash) throws Exception {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_3072);
        KeyFactory factory = KeyFactory.getInstance("RSA");
        String jdkHash = hash == OaepHash.SHA_1 ? "SHA-1" : "SHA-256";
        // Explicit MGF1 hash: SunJCE's "OAEPWith<hash>AndMGF1Padding" names would keep MGF1 on SHA-1.
        OAEPParameterSpec spec = new OAEPParameterSpec(jdkHash, "MGF1", new MGF1ParameterSpec(jdkHash), PSource.PSpecified.DEFAULT);

        Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
        jdk.init(Cipher.DECRYPT_MODE, factory.generatePrivate(new PKCS8EncodedKeySpec(pair.privatePkcs8())), spec);
        assertThat(jdk.doFinal(RsaOaep.encrypt(hash, pair.publicSpki(), PLAINTEXT, TestKeys.RANDOM))).isEqualTo(PLAINTEXT);

        jdk.init(Cipher.ENCRYPT_MODE, factory.generatePublic(new X509EncodedKeySpec(pair.publicSpki())), spec);
        assertThat(RsaOaep.decrypt(hash, pair.privatePkcs8(), jdk.doFinal(PLAINTEXT))).isEqualTo(PLAINTEXT);
    }

    @Test
    void decrypt_withFlippedByteAnywhere_throwsOneAeadException() {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_2048);
        byte[] ciphertext = RsaOaep.encrypt(OaepHash.SHA_256, pair.publicSpki(), PLAINTEXT, TestKeys.RANDOM);

        for (int i = 0; i < ciphertext.length; i++) {
            byte[] tampered = ciphertext.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> RsaOaep.decrypt(OaepHash.SHA_256, pair.privatePkcs8(), tampered))
                    .as("byte %d", i)
                    .isInstanceOf(AeadException.class)
                    .hasMessage("RSA-OAEP decryption failed");
        }
    }

    @Test
    void decrypt_withWrongHashKeyOrLength_throwsTheSameAeadException() {
        AsymmetricKeyPair pair = TestKeys.of(KeyPairType.RSA_2048);
        byte[] ciphertext = RsaOaep.encrypt(OaepHash.SHA_256, pair.publicSpki(), PLAINTEXT, TestKeys.RANDOM);
        byte[] otherKey = KeyPairs.generate(KeyPairType.RSA_2048, TestKeys.RANDOM).privatePkcs8();
        byte[] allOnes = new byte[256];
        java.util.Arrays.fill(allOnes, (byte) 0xff);

        assertThatThrownBy(() -> RsaOaep.decrypt(OaepHash.SHA_1, pair.privatePkcs8(), ciphertext))
                .isInstanceOf(AeadException.class).hasMessage("RSA-OAEP decryption failed");
        assertThatThrownBy(() -> RsaOaep.decrypt(OaepHash.SHA_256, otherKey, ciphertext))
                .isInstanceOf(AeadException.class).hasMessage("RSA-OAEP decryption failed");
        assertThatThrownBy(() -> RsaOaep.decrypt(OaepHash.SHA_256, pair.privatePkcs8(), java.util.Arrays.copyOf(ciphertext, 255)))
                .isInstanceOf(AeadException.class).hasMessage("RSA-OAEP decryption failed");
        assertThatThrownBy(() -> RsaOaep.decrypt(OaepHash.SHA_256, pair.privatePkcs8(), allOnes))
                .isInstanceOf(AeadException.class).hasMessage("RSA-OAEP decryption failed");
    }

    @Test
    void encrypt_twice_givesDifferentCiphertexts() {
        byte[] spki = TestKeys.of(KeyPairType.RSA_2048).publicSpki();

        assertThat(RsaOaep.encrypt(OaepHash.SHA_256, spki, PLAINTEXT, TestKeys.RANDOM))
                .isNotEqualTo(RsaOaep.encrypt(OaepHash.SHA_256, spki, PLAINTEXT, TestKeys.RANDOM));
    }

    @Test
    void encrypt_withNonRsaKey_isRejected() {
        assertThatThrownBy(() -> RsaOaep.encrypt(OaepHash.SHA_256, TestKeys.of(KeyPairType.EC_P256).publicSpki(), PLAINTEXT, TestKeys.RANDOM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA-OAEP public key: not an RSA key (found: EC_P256)");
        assertThatThrownBy(() -> RsaOaep.decrypt(OaepHash.SHA_256, TestKeys.of(KeyPairType.ED25519).privatePkcs8(), new byte[256]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA-OAEP private key: not an RSA key (found: ED25519)");
    }
}
