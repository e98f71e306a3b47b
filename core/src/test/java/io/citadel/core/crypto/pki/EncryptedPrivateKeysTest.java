package io.citadel.core.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class EncryptedPrivateKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PASS = "correct horse battery".getBytes(StandardCharsets.UTF_8);

    @Test
    void encryptThenDecrypt_returnsTheSameKey_underAFreshSaltEachTime() {
        AsymmetricKeyPair pair = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        String pem = EncryptedPrivateKeys.encryptToPem(pair.privatePkcs8(), PASS, RANDOM);
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        byte[] der = Pem.decodeOne(pem, Pem.ENCRYPTED_PRIVATE_KEY);
        assertThat(EncryptedPrivateKeys.decrypt(der, PASS)).isEqualTo(pair.privatePkcs8());
        assertThat(EncryptedPrivateKeys.encrypt(pair.privatePkcs8(), PASS, RANDOM)).isNotEqualTo(der);
    }

    @Test
    void wrongPassphrase_orTamperedCiphertext_fails() {
        AsymmetricKeyPair pair = KeyPairs.generate(KeyPairType.EC_P256, RANDOM);
        byte[] der = EncryptedPrivateKeys.encrypt(pair.privatePkcs8(), PASS, RANDOM);
        assertThatThrownBy(() -> EncryptedPrivateKeys.decrypt(der, "wrong".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrong passphrase");
        der[der.length - 1] ^= 1;
        assertThatThrownBy(() -> EncryptedPrivateKeys.decrypt(der, PASS)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badInput_isRefusedWithAMessage() {
        assertThatThrownBy(() -> EncryptedPrivateKeys.encrypt(new byte[] {1, 2, 3}, PASS, RANDOM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> EncryptedPrivateKeys.encrypt(KeyPairs.generate(KeyPairType.EC_P256, RANDOM).privatePkcs8(),
                new byte[] {(byte) 0xff}, RANDOM)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
    }
}
