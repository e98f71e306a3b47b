package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Imported key material (wrapped client-side with JCA), HMACs of imported material checked against
 * javax.crypto.Mac, on-demand rotation, and multi-Region keys: ReplicateKey into us-west-2, a
 * ciphertext from one region decrypting in the other, UpdatePrimaryRegion.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsImportAndReplicationJavaSdkTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient east;
    private static KmsClient west;
    private static String account;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        east = KmsClients.kms(node, node.bootstrapCredentials(), "us-east-1");
        west = KmsClients.kms(node, node.bootstrapCredentials(), "us-west-2");
        account = node.adminAccountId();
    }

    @AfterAll
    static void stop() {
        east.close();
        west.close();
        node.close();
    }

    private static String arn(String region, String keyId) {
        return "arn:aws:kms:" + region + ":" + account + ":key/" + keyId;
    }

    private static byte[] random(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    private static KeyMetadata describe(KmsClient kms, String keyId) {
        return kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
    }

    @Test
    void importedSymmetricMaterial_encrypts_isDeletable_andOnlyTheSameMaterialReimports() {
        String keyId = east.createKey(b -> b.origin(OriginType.EXTERNAL).description("byok")).keyMetadata().keyId();
        byte[] material = random(32);

        GetParametersForImportResponse parameters = east.getParametersForImport(b -> b.keyId(keyId)
                .wrappingAlgorithm(AlgorithmSpec.RSAES_OAEP_SHA_256).wrappingKeySpec(WrappingKeySpec.RSA_2048));
        assertThat(parameters.keyId()).isEqualTo(arn("us-east-1", keyId));
        assertThat(parameters.parametersValidTo()).isCloseTo(Instant.now().plus(Duration.ofHours(24)), within(1, ChronoUnit.MINUTES));
        assertThat(parameters.importToken().asByteArray()).isNotEmpty();
        byte[] wrapped = KmsImport.wrap(parameters.publicKey().asByteArray(), material);
        assertThatThrownBy(() -> east.importKeyMaterial(b -> b.keyId(keyId).importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped))))
                .as("ExpirationModel defaults to KEY_MATERIAL_EXPIRES, which needs ValidTo")
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        ImportKeyMaterialResponse imported = east.importKeyMaterial(b -> b.keyId(keyId).importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped)).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
        assertThat(imported.keyId()).isEqualTo(arn("us-east-1", keyId));
        assertThat(imported.keyMaterialId()).isNotBlank();

        KeyMetadata enabled = describe(east, keyId);
        assertThat(enabled.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(enabled.origin()).isEqualTo(OriginType.EXTERNAL);
        assertThat(enabled.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
        SdkBytes ciphertext = east.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("bring your own key"))
                .encryptionContext(Map.of("byok", "yes"))).ciphertextBlob();
        assertThat(east.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("byok", "yes"))).plaintext().asUtf8String())
                .isEqualTo("bring your own key");
        assertThatThrownBy(() -> east.importKeyMaterial(b -> b.keyId(keyId).importToken(parameters.importToken())
                .encryptedKeyMaterial(SdkBytes.fromByteArray(wrapped)).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)))
                .as("an import token is used once").isInstanceOf(InvalidImportTokenException.class);

        east.deleteImportedKeyMaterial(b -> b.keyId(keyId));
        assertThat(describe(east, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThatThrownBy(() -> east.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("byok", "yes"))))
                .isInstanceOf(KmsInvalidStateException.class);

        assertThatThrownBy(() -> KmsImport.importMaterial(east, keyId, random(32), null))
                .isInstanceOf(IncorrectKeyMaterialException.class);
        KmsImport.importMaterial(east, keyId, material, null);
        assertThat(describe(east, keyId).keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(east.decrypt(b -> b.ciphertextBlob(ciphertext).encryptionContext(Map.of("byok", "yes"))).plaintext().asUtf8String())
                .isEqualTo("bring your own key");
    }

    @Test
    void importedHmacMaterial_givesTheMacsJavaxCryptoComputes() throws Exception {
        String keyId = east.createKey(b -> b.origin(OriginType.EXTERNAL).keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
        byte[] material = random(32);
        KmsImport.importMaterial(east, keyId, material, null);
        byte[] message = "an HMAC anyone with the key can check".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        byte[] kmsMac = east.generateMac(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac().asByteArray();

        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(material, "HmacSHA256"));
        assertThat(kmsMac).isEqualTo(hmac.doFinal(message));
        hmac.init(new SecretKeySpec(material, "HmacSHA256"));
        byte[] localMac = hmac.doFinal("another message".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(east.verifyMac(b -> b.keyId(keyId).message(SdkBytes.fromUtf8String("another message"))
                .mac(SdkBytes.fromByteArray(localMac)).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).macValid()).isTrue();
    }

    @Test
    void rotateKeyOnDemand_addsMaterial_whileOldCiphertextsStillDecrypt() {
        String keyId = east.createKey(b -> { }).keyMetadata().keyId();
        String firstMaterial = describe(east, keyId).currentKeyMaterialId();
        SdkBytes before = east.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("before"))).ciphertextBlob();
        assertThat(east.listKeyRotations(b -> b.keyId(keyId)).rotations()).isEmpty();

        assertThat(east.rotateKeyOnDemand(b -> b.keyId(keyId)).keyId()).isEqualTo(arn("us-east-1", keyId));

        var rotations = east.listKeyRotations(b -> b.keyId(keyId)).rotations();
        assertThat(rotations).singleElement().satisfies(r -> {
            assertThat(r.rotationType()).isEqualTo(RotationType.ON_DEMAND);
            assertThat(r.keyId()).as("the key id, as in AWS's examples").isEqualTo(keyId);
            assertThat(r.rotationDate()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        });
        String secondMaterial = describe(east, keyId).currentKeyMaterialId();
        assertThat(secondMaterial).isNotBlank().isNotEqualTo(firstMaterial);
        SdkBytes after = east.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("after"))).ciphertextBlob();
        var oldDecrypted = east.decrypt(b -> b.ciphertextBlob(before));
        assertThat(oldDecrypted.plaintext().asUtf8String()).isEqualTo("before");
        assertThat(oldDecrypted.keyMaterialId()).isEqualTo(firstMaterial);
        var newDecrypted = east.decrypt(b -> b.ciphertextBlob(after));
        assertThat(newDecrypted.plaintext().asUtf8String()).isEqualTo("after");
        assertThat(newDecrypted.keyMaterialId()).isEqualTo(secondMaterial);

        east.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90));
        var status = east.getKeyRotationStatus(b -> b.keyId(keyId));
        assertThat(status.keyRotationEnabled()).isTrue();
        assertThat(status.rotationPeriodInDays()).isEqualTo(90);
        assertThat(status.keyId()).isEqualTo(arn("us-east-1", keyId));
        assertThat(status.nextRotationDate()).isCloseTo(Instant.now().plus(Duration.ofDays(90)), within(1, ChronoUnit.HOURS));
        east.disableKeyRotation(b -> b.keyId(keyId));
        var disabled = east.getKeyRotationStatus(b -> b.keyId(keyId));
        assertThat(disabled.keyRotationEnabled()).isFalse();
        assertThat(disabled.nextRotationDate()).isNull();
        assertThat(east.getKeyRotationStatus(b -> b.keyId(keyId)).keyRotationEnabled()).isFalse();
        east.enableKeyRotation(b -> b.keyId(keyId));
        assertThat(east.getKeyRotationStatus(b -> b.keyId(keyId)).rotationPeriodInDays()).isEqualTo(365);
    }

    @Test
    void multiRegionKey_replicatedToUsWest2_decryptsEitherRegionsCiphertext_andCanBecomePrimaryThere() {
        KeyMetadata primary = east.createKey(b -> b.multiRegion(true).description("primary in east")).keyMetadata();
        String keyId = primary.keyId();

        ReplicateKeyResponse replicated = east.replicateKey(b -> b.keyId(keyId).replicaRegion("us-west-2")
                .description("replica in west").tags(Tag.builder().tagKey("copy").tagValue("west").build()));

        KeyMetadata replica = replicated.replicaKeyMetadata();
        assertThat(replica.arn()).isEqualTo(arn("us-west-2", keyId));
        assertThat(replica.keyId()).isEqualTo(keyId);
        assertThat(replica.description()).isEqualTo("replica in west");
        assertThat(replica.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
        assertThat(replica.multiRegionConfiguration().primaryKey().arn()).isEqualTo(arn("us-east-1", keyId));
        assertThat(replicated.replicaTags()).extracting(Tag::tagKey).containsExactly("copy");
        assertThat(replicated.replicaPolicy()).contains("kms:*");
        KeyMetadata eastView = describe(east, keyId);
        assertThat(eastView.multiRegionConfiguration().replicaKeys()).singleElement().satisfies(r -> {
            assertThat(r.region()).isEqualTo("us-west-2");
            assertThat(r.arn()).isEqualTo(arn("us-west-2", keyId));
        });
        KeyMetadata westView = describe(west, keyId);
        assertThat(westView.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(westView.description()).isEqualTo("replica in west");
        assertThat(east.listResourceTags(b -> b.keyId(keyId)).tags()).isEmpty();
        assertThat(west.listResourceTags(b -> b.keyId(keyId)).tags()).extracting(Tag::tagValue).containsExactly("west");

        SdkBytes fromEast = east.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("made in east"))
                .encryptionContext(Map.of("r", "1"))).ciphertextBlob();
        var inWest = west.decrypt(b -> b.ciphertextBlob(fromEast).encryptionContext(Map.of("r", "1")));
        assertThat(inWest.plaintext().asUtf8String()).isEqualTo("made in east");
        assertThat(inWest.keyId()).isEqualTo(arn("us-west-2", keyId));
        SdkBytes fromWest = west.encrypt(b -> b.keyId(arn("us-west-2", keyId)).plaintext(SdkBytes.fromUtf8String("made in west")))
                .ciphertextBlob();
        assertThat(east.decrypt(b -> b.ciphertextBlob(fromWest)).plaintext().asUtf8String()).isEqualTo("made in west");

        west.disableKey(b -> b.keyId(keyId));
        assertThat(describe(east, keyId).keyState()).as("replicas have their own state").isEqualTo(KeyState.ENABLED);
        west.enableKey(b -> b.keyId(keyId));

        east.updatePrimaryRegion(b -> b.keyId(keyId).primaryRegion("us-west-2"));

        assertThat(describe(west, keyId).multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        KeyMetadata eastNow = describe(east, keyId);
        assertThat(eastNow.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
        assertThat(eastNow.multiRegionConfiguration().primaryKey().region()).isEqualTo("us-west-2");
        assertThat(describe(west, keyId).multiRegionConfiguration().replicaKeys()).extracting(r -> r.region())
                .containsExactly("us-east-1");

        west.rotateKeyOnDemand(b -> b.keyId(keyId));
        assertThat(describe(east, keyId).currentKeyMaterialId()).as("rotation is shared by every region")
                .isEqualTo(describe(west, keyId).currentKeyMaterialId());
        SdkBytes rotatedInEast = east.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("rotated"))).ciphertextBlob();
        assertThat(west.decrypt(b -> b.ciphertextBlob(rotatedInEast)).plaintext().asUtf8String()).isEqualTo("rotated");
        assertThat(west.decrypt(b -> b.ciphertextBlob(fromEast).encryptionContext(Map.of("r", "1"))).plaintext().asUtf8String())
                .isEqualTo("made in east");
    }

    @Test
    void replicateKey_ofASingleRegionKey_isUnsupported_andItsArnIsNotFoundInAnotherRegion() {
        String keyId = east.createKey(b -> { }).keyMetadata().keyId();

        assertThatThrownBy(() -> east.replicateKey(b -> b.keyId(keyId).replicaRegion("us-west-2")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> describe(west, keyId)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> describe(west, arn("us-east-1", keyId))).isInstanceOf(NotFoundException.class);
    }
}
