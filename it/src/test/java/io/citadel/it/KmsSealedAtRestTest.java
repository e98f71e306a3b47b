package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * KMS writes no secret to storage in the clear: after encrypting known plaintexts, generating data
 * keys and key pairs, importing known key material and deriving a shared secret through the Java
 * SDK, the raw SQLite files (db, -wal, -shm, while running and after close) and the raw PostgreSQL
 * table hold none of those bytes, raw, hex or base64, while the key ids (unsealed storage keys) are
 * found, which shows the scan sees the data.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsSealedAtRestTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dataDir;

    /** What the test made KMS handle: the secrets that must not be stored, and the key ids that must be. */
    record Handled(Map<String, byte[]> secrets, List<String> keyIds) {
    }

    private static byte[] random(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    @Test
    void sqliteFiles_holdNoPlaintext_dataKey_norImportedMaterial() {
        Handled handled;
        StoredBytes whileRunning;
        try (Node node = Node.start(dataDir)) {
            handled = populate(node);
            whileRunning = StoredBytes.sqliteFiles(dataDir);
        }
        StoredBytes afterClose = StoredBytes.sqliteFiles(dataDir);

        for (StoredBytes stored : List.of(whileRunning, afterClose)) {
            assertSealed(stored, handled);
        }
    }

    @Test
    void postgresTable_holdsNoPlaintext_dataKey_norImportedMaterial() {
        String table = Postgres.uniqueTable("kmssealed");
        try {
            Handled handled;
            try (Node node = Node.builder(dataDir).postgres(table, "kms sealed at rest " + table).start()) {
                handled = populate(node);
            }
            StoredBytes stored = StoredBytes.of("rows", Postgres.rawRows(table))
                    .and("pg_dump", Postgres.dump(table).getBytes(StandardCharsets.UTF_8));

            assertSealed(stored, handled);
        } finally {
            Postgres.dropTable(table);
        }
    }

    private static Handled populate(Node node) {
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        List<String> keyIds = new ArrayList<>();
        try (KmsClient kms = KmsClients.kms(node, node.bootstrapCredentials())) {
            String keyId = kms.createKey(b -> b.description("sealed")).keyMetadata().keyId();
            String other = kms.createKey(b -> b.description("sealed too")).keyMetadata().keyId();
            keyIds.add(keyId);
            keyIds.add(other);

            byte[] plaintext = ("CITADEL-PLAINTEXT-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
            secrets.put("plaintext", plaintext);
            SdkBytes blob = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                    .encryptionContext(Map.of("scan", "me"))).ciphertextBlob();
            assertThat(kms.decrypt(b -> b.ciphertextBlob(blob).encryptionContext(Map.of("scan", "me"))).plaintext().asByteArray())
                    .isEqualTo(plaintext);
            kms.reEncrypt(b -> b.ciphertextBlob(blob).sourceEncryptionContext(Map.of("scan", "me")).destinationKeyId(other));
            byte[] binary = random(64);
            secrets.put("binary plaintext", binary);
            kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(binary)));

            for (int i = 0; i < 3; i++) {
                secrets.put("data key " + i, kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(32)).plaintext().asByteArray());
            }
            SdkBytes sealedDataKey = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(keyId).numberOfBytes(48)).ciphertextBlob();
            secrets.put("data key without plaintext", kms.decrypt(b -> b.ciphertextBlob(sealedDataKey)).plaintext().asByteArray());
            secrets.put("data key pair private key", kms.generateDataKeyPair(b -> b.keyId(keyId)
                    .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)).privateKeyPlaintext().asByteArray());
            secrets.put("random", kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray());

            String imported = kms.createKey(b -> b.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
            keyIds.add(imported);
            byte[] material = random(32);
            secrets.put("imported symmetric material", material);
            KmsImport.importMaterial(kms, imported, material, null);
            kms.encrypt(b -> b.keyId(imported).plaintext(SdkBytes.fromByteArray(binary)));
            String hmac = kms.createKey(b -> b.origin(OriginType.EXTERNAL).keySpec(KeySpec.HMAC_256)
                    .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
            keyIds.add(hmac);
            byte[] hmacMaterial = random(32);
            secrets.put("imported HMAC material", hmacMaterial);
            KmsImport.importMaterial(kms, hmac, hmacMaterial, null);
            kms.generateMac(b -> b.keyId(hmac).message(SdkBytes.fromByteArray(plaintext)).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256));

            String ecdh = kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.KEY_AGREEMENT)).keyMetadata().keyId();
            keyIds.add(ecdh);
            secrets.put("shared secret", kms.deriveSharedSecret(b -> b.keyId(ecdh).keyAgreementAlgorithm("ECDH")
                    .publicKey(SdkBytes.fromByteArray(localEcPublicKey()))).sharedSecret().asByteArray());
        }
        return new Handled(secrets, keyIds);
    }

    private static byte[] localEcPublicKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return pair.getPublic().getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSealed(StoredBytes stored, Handled handled) {
        handled.secrets().forEach((name, secret) -> {
            assertThat(stored.occurrences(secret)).as("%s in %s", name, stored.sizes()).isEmpty();
            byte[] base64 = Base64.getEncoder().encode(secret);
            assertThat(stored.occurrences(base64)).as("%s (base64) in %s", name, stored.sizes()).isEmpty();
        });
        for (String keyId : handled.keyIds()) {
            assertThat(stored.contains(keyId.getBytes(StandardCharsets.US_ASCII)))
                    .as("key id %s (an unsealed storage key) in %s", keyId, stored.sizes()).isTrue();
        }
    }
}
