package io.citadel.kms;

import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.KeyWrap;
import io.citadel.core.crypto.OaepHash;
import io.citadel.storage.Entry;
import io.citadel.storage.InMemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Below the barrier, KMS's rows hold no key material and no plaintext, in any encoding. */
class EncryptionAtRestTest {

    @Test
    void rawStorage_holdsNoKeyMaterialNorPlaintext_inAnyEncoding() {
        InMemoryStorage raw = new InMemoryStorage();
        List<byte[]> secrets = new ArrayList<>();
        try (KmsHarness h = new KmsHarness(raw, KmsHarness.newRootKey())) {
            KmsKey external = h.createKey(h.a(), KmsHarness.external(null, null));
            byte[] material = h.randomBytes(32);
            KeyImport.Parameters p = h.kms.imports().getParametersForImport(h.a(), external.keyId(), "RSA_AES_KEY_WRAP_SHA_256",
                    "RSA_2048");
            h.kms.imports().importKeyMaterial(h.a(), external.keyId(), p.importToken(),
                    KeyWrap.rsaAesWrap(OaepHash.SHA_256, p.publicKey(), material, h.random), null, null);
            secrets.add(material);
            KmsKey hmac = h.createKey(h.a(), KmsHarness.external("HMAC_256", "GENERATE_VERIFY_MAC"));
            byte[] hmacMaterial = h.randomBytes(32);
            KeyImport.Parameters q = h.kms.imports().getParametersForImport(h.a(), hmac.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
            h.kms.imports().importKeyMaterial(h.a(), hmac.keyId(), q.importToken(),
                    io.citadel.core.crypto.RsaOaep.encrypt(OaepHash.SHA_256, q.publicKey(), hmacMaterial, h.random), null, null);
            secrets.add(hmacMaterial);

            KmsKey key = h.symmetricKey();
            byte[] plaintext = utf8("a plaintext that must never be stored");
            h.encrypt(h.a(), key.keyId(), plaintext, Map.of("ctx", "v"));
            secrets.add(plaintext);
            secrets.add(h.kms.cryptography().generateDataKey(h.a(), Call.DIRECT, key.keyId(), null, 32, null, true, false).plaintext());
            h.kms.rotation().rotateKeyOnDemand(h.a(), key.keyId());
            h.kms.keyPairs().generateDataKeyPair(h.a(), Call.DIRECT, key.keyId(), null, "ECC_NIST_P256", true, false);
            h.kms.flushUsage();

            List<Entry> rows = KmsHarness.entries(raw);
            assertThat(rows).hasSizeGreaterThan(10);
            for (byte[] secret : secrets) {
                for (byte[] encoding : List.of(secret, Base64.getEncoder().encode(secret),
                        HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII))) {
                    assertThat(rows).noneMatch(e -> SymmetricEncryptionTest.indexOf(e.value(), encoding) >= 0);
                }
            }
            assertThat(rows).noneMatch(e -> new String(e.value(), StandardCharsets.ISO_8859_1).contains("\"secret\""));
        }
    }
}
