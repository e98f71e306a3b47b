package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.error;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.ServiceException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SymmetricEncryptionTest {

    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "t-1");

    private final KmsHarness h = new KmsHarness();
    private final KeyCryptography crypto = h.kms.cryptography();
    private final KmsKey key = h.symmetricKey();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void encrypt_thenDecrypt_roundTrips_andNamesTheKey() {
        byte[] plaintext = utf8("attack at dawn");
        KeyCryptography.Encrypted encrypted = crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), plaintext, CONTEXT, null, false);

        assertThat(encrypted.keyArn()).isEqualTo(key.arn());
        assertThat(encrypted.algorithm()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(encrypted.ciphertext()).hasSize(plaintext.length + SymmetricCiphertext.OVERHEAD);
        assertThat(indexOf(encrypted.ciphertext(), plaintext)).isEqualTo(-1);
        KeyCryptography.Decrypted decrypted = crypto.decrypt(h.a(), Call.DIRECT, encrypted.ciphertext(), CONTEXT, null, null, false);
        assertThat(decrypted.plaintext()).isEqualTo(plaintext);
        assertThat(decrypted.keyArn()).isEqualTo(key.arn());
        assertThat(decrypted.materialId()).isEqualTo(key.currentMaterialId());
    }

    @Test
    void encrypt_samePlaintextTwice_givesDifferentCiphertexts() {
        byte[] plaintext = utf8("same");
        assertThat(h.encrypt(h.a(), key.keyId(), plaintext, null)).isNotEqualTo(h.encrypt(h.a(), key.keyId(), plaintext, null));
    }

    @Test
    void decrypt_withoutKeyId_findsEachKeyFromItsBlob() {
        KmsKey other = h.symmetricKey();
        byte[] one = h.encrypt(h.a(), key.keyId(), utf8("one"), null);
        byte[] two = h.encrypt(h.a(), other.arn(), utf8("two"), null);

        assertThat(crypto.decrypt(h.a(), Call.DIRECT, one, null, null, null, false).keyArn()).isEqualTo(key.arn());
        assertThat(crypto.decrypt(h.a(), Call.DIRECT, two, null, null, null, false).keyArn()).isEqualTo(other.arn());
        assertThat(h.decrypt(h.a(), two, Map.of())).isEqualTo(utf8("two"));
    }

    @Test
    void decrypt_withTheRightKeyIdInAnyForm_works() {
        h.kms.aliases().createAlias(h.a(), "alias/right", key.keyId());
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        for (String keyId : List.of(key.keyId(), key.arn(), "alias/right",
                "arn:aws:kms:" + KmsHarness.REGION + ":" + h.accountA + ":alias/right")) {
            assertThat(crypto.decrypt(h.a(), Call.DIRECT, blob, null, keyId, null, false).plaintext()).as(keyId)
                    .isEqualTo(utf8("x"));
        }
    }

    @Test
    void decrypt_withWrongMissingOrExtraContext_failsWithTheSameMessageEveryTime() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("secret"), CONTEXT);
        List<Map<String, String>> wrong = new ArrayList<>();
        wrong.add(null);
        wrong.add(Map.of());
        wrong.add(Map.of("purpose", "test"));
        wrong.add(Map.of("purpose", "other", "tenant", "t-1"));
        wrong.add(Map.of("purpose", "test", "tenant", "t-1", "extra", "x"));
        wrong.add(Map.of("Purpose", "test", "tenant", "t-1"));
        wrong.add(Map.of("purpose", "test ", "tenant", "t-1"));

        Set<String> messages = new HashSet<>();
        for (Map<String, String> context : wrong) {
            ServiceException e = error(() -> h.decrypt(h.a(), blob, context));
            assertThat(e.errorCode().code()).as(String.valueOf(context)).isEqualTo("InvalidCiphertextException");
            messages.add(e.getMessage());
        }
        assertThat(messages).containsExactly(KmsErrors.INVALID_CIPHERTEXT_MESSAGE);
        assertThat(h.decrypt(h.a(), blob, new HashMap<>(CONTEXT))).isEqualTo(utf8("secret"));
    }

    @Test
    void decrypt_withoutContext_ofABlobMadeWithoutContext_works_andAnyContextThenFails() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("plain"), null);
        assertThat(h.decrypt(h.a(), blob, Map.of())).isEqualTo(utf8("plain"));
        assertThat(code(() -> h.decrypt(h.a(), blob, Map.of("a", "b")))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void decrypt_afterFlippingAnyBitOfAnyByte_failsAsInvalidCiphertext_withOneMessage() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), h.randomBytes(32), CONTEXT);
        Set<String> messages = new HashSet<>();
        for (int i = 0; i < blob.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] tampered = blob.clone();
                tampered[i] ^= (byte) mask;
                int at = i;
                ServiceException e = error(() -> h.decrypt(h.a(), tampered, CONTEXT));
                assertThat(e.errorCode().code()).as("byte %d mask %x", at, mask).isEqualTo("InvalidCiphertextException");
                messages.add(e.getMessage());
            }
        }
        assertThat(messages).containsExactly(KmsErrors.INVALID_CIPHERTEXT_MESSAGE);
    }

    @Test
    void decrypt_ofABlobWhoseHeaderNamesAnotherExistingKey_failsAsInvalidCiphertext() {
        KmsKey other = h.symmetricKey();
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("moved"), null);
        byte[] otherBlob = h.encrypt(h.a(), other.keyId(), utf8("other"), null);
        byte[] swapped = blob.clone();
        System.arraycopy(otherBlob, 2, swapped, 2, 16);

        assertThat(code(() -> h.decrypt(h.a(), swapped, null))).isEqualTo("InvalidCiphertextException");
        assertThat(code(() -> crypto.decrypt(h.a(), Call.DIRECT, swapped, null, other.keyId(), null, false)))
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void decrypt_ofABlobWhoseHeaderNamesAnotherAccount_failsAsInvalidCiphertext() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("moved"), null);
        byte[] moved = blob.clone();
        ByteBuffer.wrap(moved).putLong(18, Long.parseLong(h.accountB));

        assertThat(code(() -> h.decrypt(h.a(), moved, null))).isEqualTo("InvalidCiphertextException");
        assertThat(code(() -> h.decrypt(h.b(), moved, null))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void decrypt_ofAnyTruncationOrExtension_failsAsInvalidCiphertext() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("truncate me"), CONTEXT);
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThat(code(() -> h.decrypt(h.a(), truncated, CONTEXT))).as("length %d", length)
                    .isEqualTo("InvalidCiphertextException");
        }
        byte[] extended = Arrays.copyOf(blob, blob.length + 1);
        assertThat(code(() -> h.decrypt(h.a(), extended, CONTEXT))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void decrypt_withADifferentKeyId_isIncorrectKey() {
        KmsKey other = h.symmetricKey();
        h.kms.aliases().createAlias(h.a(), "alias/other", other.keyId());
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        for (String keyId : List.of(other.keyId(), other.arn(), "alias/other")) {
            assertThat(code(() -> crypto.decrypt(h.a(), Call.DIRECT, blob, null, keyId, null, false))).as(keyId)
                    .isEqualTo("IncorrectKeyException");
        }
    }

    @Test
    void encryptionContext_isCanonical_independentOfOrder() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("a", "1");
        forward.put("b", "2");
        forward.put("ü", "3");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("ü", "3");
        backward.put("b", "2");
        backward.put("a", "1");

        assertThat(EncryptionContext.canonical(forward)).isEqualTo(EncryptionContext.canonical(backward));
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("ordered"), forward);
        assertThat(h.decrypt(h.a(), blob, backward)).isEqualTo(utf8("ordered"));
    }

    @Test
    void encryptionContext_lengthPrefixes_tellSplitsApart() {
        assertThat(EncryptionContext.canonical(Map.of("a", "bc"))).isNotEqualTo(EncryptionContext.canonical(Map.of("ab", "c")));
        assertThat(EncryptionContext.canonical(Map.of("a", "b", "c", "d")))
                .isNotEqualTo(EncryptionContext.canonical(Map.of("a", "bcd")));
        assertThat(EncryptionContext.canonical(Map.of())).isEqualTo(EncryptionContext.canonical(null));

        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("split"), Map.of("a", "bc"));
        assertThat(code(() -> h.decrypt(h.a(), blob, Map.of("ab", "c")))).isEqualTo("InvalidCiphertextException");
        assertThat(h.decrypt(h.a(), blob, Map.of("a", "bc"))).isEqualTo(utf8("split"));
    }

    @Test
    void encrypt_withAnEmptyContextKey_isValidationException() {
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), utf8("x"), Map.of("", "v")))).isEqualTo("ValidationException");
    }

    @Test
    void generateDataKey_numberOfBytes_givesThatManyBytes_whichDecryptFromTheBlob() {
        for (int n : new int[] {1, 16, 64, 1024}) {
            KeyCryptography.Encrypted dataKey = crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), CONTEXT, n, null, true, false);
            assertThat(dataKey.plaintext()).hasSize(n);
            assertThat(dataKey.keyArn()).isEqualTo(key.arn());
            assertThat(h.decrypt(h.a(), dataKey.ciphertext(), CONTEXT)).isEqualTo(dataKey.plaintext());
        }
    }

    @Test
    void generateDataKey_keySpec_aes128Is16Bytes_aes256Is32() {
        assertThat(crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, null, "AES_128", true, false).plaintext())
                .hasSize(16);
        assertThat(crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, null, "AES_256", true, false).plaintext())
                .hasSize(32);
    }

    @Test
    void generateDataKey_withBothOrNeitherOfNumberOfBytesAndKeySpec_isValidationException() {
        assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, 32, "AES_256", true, false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, null, null, true, false)))
                .isEqualTo("ValidationException");
    }

    @Test
    void theModelsLimits_holdForServicesCallingTheDomainDirectly() {
        assertThat(crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), new byte[4096], null, null, false).ciphertext()).isNotEmpty();
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), new byte[4097], null))).isEqualTo("ValidationException");
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), new byte[0], null))).isEqualTo("ValidationException");
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), null, null))).isEqualTo("ValidationException");
        for (int n : new int[] {0, -1, 1025}) {
            assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, n, null, true, false)))
                    .as("%d bytes", n).isEqualTo("ValidationException");
            assertThat(code(() -> crypto.generateRandom(h.a(), n, null))).as("%d random bytes", n).isEqualTo("ValidationException");
        }
        assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, null, "AES_512", true, false)))
                .isEqualTo("ValidationException");
        KmsKey hmac = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        assertThat(code(() -> crypto.generateMac(h.a(), Call.DIRECT, hmac.keyId(), new byte[4097], "HMAC_SHA_256", false)))
                .isEqualTo("ValidationException");
        KmsKey signing = h.key("ECC_NIST_P256", "SIGN_VERIFY");
        assertThat(code(() -> h.kms.keyPairs().sign(h.a(), Call.DIRECT, signing.keyId(), new byte[0], "RAW", "ECDSA_SHA_256",
                false))).isEqualTo("ValidationException");
    }

    @Test
    void generateDataKeyWithoutPlaintext_returnsOnlyTheBlob_whichDecrypts() {
        KeyCryptography.Encrypted dataKey = crypto.generateDataKey(h.a(), Call.DIRECT, key.keyId(), CONTEXT, null, "AES_256",
                false, false);
        assertThat(dataKey.plaintext()).isNull();
        assertThat(h.decrypt(h.a(), dataKey.ciphertext(), CONTEXT)).hasSize(32);
    }

    @Test
    void generateDataKey_onAnAsymmetricOrHmacKey_isInvalidKeyUsage() {
        KmsKey rsa = h.key("RSA_2048", "ENCRYPT_DECRYPT");
        KmsKey hmac = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, rsa.keyId(), null, 32, null, true, false)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(code(() -> crypto.generateDataKey(h.a(), Call.DIRECT, hmac.keyId(), null, 32, null, true, false)))
                .isEqualTo("InvalidKeyUsageException");
    }

    @Test
    void encrypt_withASigningOrMacKey_isInvalidKeyUsage() {
        KmsKey signing = h.key("ECC_NIST_P256", "SIGN_VERIFY");
        KmsKey hmac = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        assertThat(code(() -> h.encrypt(h.a(), signing.keyId(), utf8("x"), null))).isEqualTo("InvalidKeyUsageException");
        assertThat(code(() -> h.encrypt(h.a(), hmac.keyId(), utf8("x"), null))).isEqualTo("InvalidKeyUsageException");
    }

    @Test
    void reEncrypt_toAnotherKeyWithANewContext_decryptsOnlyUnderTheNewKeyAndContext() {
        KmsKey destination = h.symmetricKey();
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("move me"), Map.of("stage", "old"));

        KeyCryptography.ReEncrypted moved = crypto.reEncrypt(h.a(), Call.DIRECT, blob, Map.of("stage", "old"), null,
                destination.keyId(), Map.of("stage", "new"), null, null, false);

        assertThat(moved.sourceKeyArn()).isEqualTo(key.arn());
        assertThat(moved.keyArn()).isEqualTo(destination.arn());
        assertThat(moved.sourceMaterialId()).isEqualTo(key.currentMaterialId());
        assertThat(moved.destinationMaterialId()).isEqualTo(destination.currentMaterialId());
        KeyCryptography.Decrypted decrypted = crypto.decrypt(h.a(), Call.DIRECT, moved.ciphertext(), Map.of("stage", "new"), null,
                null, false);
        assertThat(decrypted.plaintext()).isEqualTo(utf8("move me"));
        assertThat(decrypted.keyArn()).isEqualTo(destination.arn());
        assertThat(code(() -> h.decrypt(h.a(), moved.ciphertext(), Map.of("stage", "old")))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void reEncrypt_onTheSameKey_changesOnlyTheContext() {
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("same key"), Map.of("v", "1"));
        byte[] moved = crypto.reEncrypt(h.a(), Call.DIRECT, blob, Map.of("v", "1"), key.arn(), key.keyId(), Map.of("v", "2"),
                null, null, false).ciphertext();
        assertThat(h.decrypt(h.a(), moved, Map.of("v", "2"))).isEqualTo(utf8("same key"));
        assertThat(code(() -> h.decrypt(h.a(), moved, Map.of("v", "1")))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void reEncrypt_withTheWrongSourceContext_isInvalidCiphertext() {
        KmsKey destination = h.symmetricKey();
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), Map.of("v", "1"));
        assertThat(code(() -> crypto.reEncrypt(h.a(), Call.DIRECT, blob, Map.of("v", "2"), null, destination.keyId(), null,
                null, null, false))).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void dryRun_isDryRunOperationException_andEncryptsNothing() {
        assertThat(code(() -> crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), utf8("x"), null, null, true)))
                .isEqualTo("DryRunOperationException");
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("x"), null);
        assertThat(code(() -> crypto.decrypt(h.a(), Call.DIRECT, blob, null, null, null, true)))
                .isEqualTo("DryRunOperationException");
    }

    @Test
    void generateRandom_givesTheBytesAsked_andDifferentEachTime() {
        byte[] one = crypto.generateRandom(h.a(), 1024, null);
        assertThat(one).hasSize(1024);
        assertThat(crypto.generateRandom(h.a(), 1024, null)).isNotEqualTo(one);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
