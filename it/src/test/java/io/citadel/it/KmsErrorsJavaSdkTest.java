package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * KMS errors as the AWS SDK for Java v2 sees them: each modeled error arrives as its own exception
 * class (so the code and the HTTP status are right), unmodeled ones (ValidationException) with
 * their AWS code, all with a message and a request id.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsErrorsJavaSdkTest {

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient kms;
    private static String account;
    private static String keyId;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        kms = KmsClients.kms(node, node.bootstrapCredentials());
        account = node.adminAccountId();
        keyId = kms.createKey(b -> b.description("errors")).keyMetadata().keyId();
    }

    @AfterAll
    static void stop() {
        kms.close();
        node.close();
    }

    private static String arn(String id) {
        return "arn:aws:kms:us-east-1:" + account + ":key/" + id;
    }

    private static <T extends KmsException> T thrown(Class<T> type, ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(type);
        T e = type.cast(t);
        assertThat(e.statusCode()).as("%s", e).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorMessage()).as("%s", e).isNotBlank();
        assertThat(e.requestId()).as("%s", e).isNotBlank();
        return e;
    }

    private static SdkBytes utf8(String s) {
        return SdkBytes.fromUtf8String(s);
    }

    @Test
    void unknownKeyOrAlias_isNotFoundException() {
        String missing = UUID.randomUUID().toString();

        NotFoundException byId = thrown(NotFoundException.class, () -> kms.describeKey(b -> b.keyId(missing)));
        assertThat(byId.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
        assertThat(byId.awsErrorDetails().errorMessage()).isEqualTo("Key '" + arn(missing) + "' does not exist");
        thrown(NotFoundException.class, () -> kms.encrypt(b -> b.keyId(arn(missing)).plaintext(utf8("x"))));
        NotFoundException byAlias = thrown(NotFoundException.class, () -> kms.encrypt(b -> b.keyId("alias/none").plaintext(utf8("x"))));
        assertThat(byAlias.awsErrorDetails().errorMessage()).contains("alias/none");
    }

    @Test
    void disabledKey_isDisabledException() {
        String disabled = kms.createKey(b -> { }).keyMetadata().keyId();
        kms.disableKey(b -> b.keyId(disabled));

        DisabledException e = thrown(DisabledException.class, () -> kms.encrypt(b -> b.keyId(disabled).plaintext(utf8("x"))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DisabledException");
        assertThat(e.awsErrorDetails().errorMessage()).contains(arn(disabled)).contains("disabled");
        thrown(DisabledException.class, () -> kms.generateDataKey(b -> b.keyId(disabled).numberOfBytes(16)));
    }

    @Test
    void keyPendingDeletion_isKmsInvalidStateException() {
        String pending = kms.createKey(b -> { }).keyMetadata().keyId();
        SdkBytes ciphertext = kms.encrypt(b -> b.keyId(pending).plaintext(utf8("x"))).ciphertextBlob();
        kms.scheduleKeyDeletion(b -> b.keyId(pending).pendingWindowInDays(7));

        KmsInvalidStateException e = thrown(KmsInvalidStateException.class, () -> kms.decrypt(b -> b.ciphertextBlob(ciphertext)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMSInvalidStateException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(arn(pending) + " is pending deletion.");
        thrown(KmsInvalidStateException.class, () -> kms.enableKey(b -> b.keyId(pending)));
    }

    @Test
    void garbageCiphertext_isInvalidCiphertextException() {
        InvalidCiphertextException e = thrown(InvalidCiphertextException.class,
                () -> kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(new byte[64]))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidCiphertextException");
    }

    @Test
    void plaintextOf4097Bytes_isValidationException_while4096Encrypts() {
        assertThat(kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[4096]))).ciphertextBlob()).isNotNull();

        KmsException e = thrown(KmsException.class, () -> kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[4097]))));

        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(e.awsErrorDetails().errorMessage()).containsIgnoringCase("plaintext");
        assertThat(thrown(KmsException.class, () -> kms.generateRandom(b -> b.numberOfBytes(1025))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationException");
        assertThat(thrown(KmsException.class, () -> kms.generateDataKey(b -> b.keyId(keyId).numberOfBytes(1025)))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(thrown(KmsException.class, () -> kms.scheduleKeyDeletion(b -> b.keyId(keyId).pendingWindowInDays(6)))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(kms.describeKey(b -> b.keyId(keyId)).keyMetadata().keyStateAsString()).isEqualTo("Enabled");
    }

    @Test
    void wrongKeyForTheOperation_isInvalidKeyUsageException_andGetPublicKeyOfSymmetric_isUnsupported() {
        String hmac = kms.createKey(b -> b.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();

        thrown(InvalidKeyUsageException.class, () -> kms.sign(b -> b.keyId(keyId).message(utf8("m"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)));
        thrown(InvalidKeyUsageException.class, () -> kms.encrypt(b -> b.keyId(hmac).plaintext(utf8("x"))));
        thrown(InvalidKeyUsageException.class, () -> kms.generateMac(b -> b.keyId(hmac).message(utf8("m"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_512)));
        UnsupportedOperationException e = thrown(UnsupportedOperationException.class, () -> kms.getPublicKey(b -> b.keyId(keyId)));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void aliasTwice_isAlreadyExistsException() {
        kms.createAlias(b -> b.aliasName("alias/twice").targetKeyId(keyId));

        AlreadyExistsException e = thrown(AlreadyExistsException.class,
                () -> kms.createAlias(b -> b.aliasName("alias/twice").targetKeyId(keyId)));

        assertThat(e.awsErrorDetails().errorMessage()).contains("alias/twice");
        thrown(KmsException.class, () -> kms.createAlias(b -> b.aliasName("alias/aws/mine").targetKeyId(keyId)));
        assertThat(kms.listAliases().aliases()).extracting(a -> a.aliasName()).contains("alias/twice").doesNotContain("alias/aws/mine");
    }

    @Test
    void bogusGrantTokenAndMarker_andDryRun_haveTheirOwnExceptions() {
        thrown(InvalidGrantTokenException.class, () -> kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x")).grantTokens("not-a-token")));
        thrown(InvalidMarkerException.class, () -> kms.listKeys(b -> b.marker("not-a-marker")));
        DryRunOperationException dryRun = thrown(DryRunOperationException.class,
                () -> kms.encrypt(b -> b.keyId(keyId).plaintext(utf8("x")).dryRun(true)));
        assertThat(dryRun.awsErrorDetails().errorMessage()).contains("DryRun");
    }
}
