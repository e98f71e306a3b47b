package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsMrkKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The AWS Encryption SDK for Java (3.x, its keyrings from the Material Providers Library) with its
 * KMS keyrings pointed at a node: envelope encryption of a 1 MB message under a symmetric key, and
 * under a multi-Region key, encrypted in us-east-1 with the primary and decrypted in us-west-2 with
 * the replica through the MRK-aware keyring.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsEncryptionSdkTest {

    private static final int ONE_MB = 1024 * 1024;

    @TempDir
    Path dataDir;

    private static final AwsCrypto CRYPTO = AwsCrypto.builder()
            .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    private static final MaterialProviders MPL = MaterialProviders.builder()
            .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

    private static byte[] message() {
        byte[] data = new byte[ONE_MB];
        new SecureRandom().nextBytes(data);
        return data;
    }

    private static IKeyring kmsKeyring(KmsClient kms, String keyArn) {
        return MPL.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
    }

    private static IKeyring mrkKeyring(KmsClient kms, String keyArn) {
        return MPL.CreateAwsKmsMrkKeyring(CreateAwsKmsMrkKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void oneMegabyte_encryptsAndDecrypts_withTheKmsKeyring() {
        try (Node node = Node.start(dataDir); KmsClient kms = KmsClients.kms(node, node.bootstrapCredentials())) {
            String keyArn = kms.createKey(b -> b.description("esdk")).keyMetadata().arn();
            String otherArn = kms.createKey(b -> b.description("not this one")).keyMetadata().arn();
            byte[] plaintext = message();
            Map<String, String> context = Map.of("document", "annual-report", "classification", "internal");

            CryptoResult<byte[], ?> encrypted = CRYPTO.encryptData(kmsKeyring(kms, keyArn), plaintext, context);

            byte[] ciphertext = encrypted.getResult();
            assertThat(ciphertext.length).isGreaterThan(ONE_MB);
            assertThat(contains(ciphertext, Arrays.copyOfRange(plaintext, 1000, 1032))).isFalse();
            assertThat(contains(ciphertext, keyArn.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    .as("the message header names the KMS key").isTrue();
            CryptoResult<byte[], ?> decrypted = CRYPTO.decryptData(kmsKeyring(kms, keyArn), ciphertext);
            assertThat(decrypted.getResult()).isEqualTo(plaintext);
            assertThat(decrypted.getEncryptionContext()).containsAllEntriesOf(context);

            assertThatThrownBy(() -> CRYPTO.decryptData(kmsKeyring(kms, otherArn), ciphertext))
                    .as("a keyring for another key finds no data key it can decrypt").isInstanceOf(RuntimeException.class);
            kms.disableKey(b -> b.keyId(keyArn));
            assertThatThrownBy(() -> CRYPTO.decryptData(kmsKeyring(kms, keyArn), ciphertext)).isInstanceOf(RuntimeException.class);
            kms.enableKey(b -> b.keyId(keyArn));
            assertThat(CRYPTO.decryptData(kmsKeyring(kms, keyArn), ciphertext).getResult()).isEqualTo(plaintext);
        }
    }

    @Test
    void multiRegionKey_encryptedInUsEast1_decryptsInUsWest2_withTheReplica() {
        try (Node node = Node.start(dataDir);
             KmsClient east = KmsClients.kms(node, node.bootstrapCredentials(), "us-east-1");
             KmsClient west = KmsClients.kms(node, node.bootstrapCredentials(), "us-west-2")) {
            var primary = east.createKey(b -> b.multiRegion(true).description("esdk mrk")).keyMetadata();
            String replicaArn = east.replicateKey(b -> b.keyId(primary.keyId()).replicaRegion("us-west-2"))
                    .replicaKeyMetadata().arn();
            assertThat(replicaArn).isEqualTo(primary.arn().replace("us-east-1", "us-west-2"));
            byte[] plaintext = message();
            Map<String, String> context = Map.of("replicated", "yes");

            byte[] ciphertext = CRYPTO.encryptData(mrkKeyring(east, primary.arn()), plaintext, context).getResult();

            CryptoResult<byte[], ?> inWest = CRYPTO.decryptData(mrkKeyring(west, replicaArn), ciphertext);
            assertThat(inWest.getResult()).isEqualTo(plaintext);
            assertThat(inWest.getEncryptionContext()).containsAllEntriesOf(context);
            assertThat(CRYPTO.decryptData(mrkKeyring(east, primary.arn()), ciphertext).getResult()).isEqualTo(plaintext);
            assertThatThrownBy(() -> CRYPTO.decryptData(kmsKeyring(west, replicaArn), ciphertext))
                    .as("the plain KMS keyring is not MRK-aware: a replica ARN does not match the primary's").isInstanceOf(RuntimeException.class);
        }
    }
}
