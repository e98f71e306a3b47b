package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * The cryptographic operations through the AWS SDK for Java v2, checked against plain JCA where an
 * independent check exists: public keys from GetPublicKey verify Sign output (RSA PSS and PKCS#1,
 * ECDSA on P-256 and secp256k1, Ed25519, ML-DSA), JCA's ECDH agrees with DeriveSharedSecret,
 * data key pairs are real key pairs, and RSA OAEP ciphertexts made by JCA decrypt in KMS.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsCryptoJavaSdkTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient kms;
    private static String account;
    private static String symmetric;
    private static String otherSymmetric;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        kms = KmsClients.kms(node, node.bootstrapCredentials());
        account = node.adminAccountId();
        symmetric = kms.createKey(b -> b.description("crypto")).keyMetadata().keyId();
        otherSymmetric = kms.createKey(b -> b.description("other")).keyMetadata().keyId();
    }

    @AfterAll
    static void stop() {
        kms.close();
        node.close();
    }

    private static String arn(String keyId) {
        return "arn:aws:kms:us-east-1:" + account + ":key/" + keyId;
    }

    private static String createKey(KeySpec spec, KeyUsageType usage) {
        return kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
    }

    private static String createKey(String spec, KeyUsageType usage) {
        return kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
    }

    private static SdkBytes bytes(byte[] b) {
        return SdkBytes.fromByteArray(b);
    }

    private static byte[] random(int n) {
        byte[] out = new byte[n];
        RANDOM.nextBytes(out);
        return out;
    }

    @Test
    void encryptDecrypt_withContext_roundTrips_andTheCiphertextHidesThePlaintext() {
        byte[] plaintext = "the launch codes are 0000".getBytes(StandardCharsets.UTF_8);
        Map<String, String> context = Map.of("tenant", "acme", "purpose", "e2e");

        EncryptResponse encrypted = kms.encrypt(b -> b.keyId(symmetric).plaintext(bytes(plaintext)).encryptionContext(context));

        assertThat(encrypted.keyId()).isEqualTo(arn(symmetric));
        assertThat(encrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        byte[] blob = encrypted.ciphertextBlob().asByteArray();
        assertThat(blob.length).isGreaterThan(plaintext.length);
        assertThat(new String(blob, StandardCharsets.ISO_8859_1)).doesNotContain("launch codes");
        Map<String, String> sameContextOtherOrder = new LinkedHashMap<>();
        sameContextOtherOrder.put("purpose", "e2e");
        sameContextOtherOrder.put("tenant", "acme");
        DecryptResponse decrypted = kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionContext(sameContextOtherOrder));
        assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
        assertThat(decrypted.keyId()).isEqualTo(arn(symmetric));
        assertThat(decrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(context).keyId(symmetric))
                .plaintext().asByteArray()).isEqualTo(plaintext);
        assertThat(kms.encrypt(b -> b.keyId(symmetric).plaintext(bytes(plaintext)).encryptionContext(context))
                .ciphertextBlob()).as("a fresh nonce each time").isNotEqualTo(encrypted.ciphertextBlob());

        for (Map<String, String> wrong : List.of(Map.<String, String>of(), Map.of("tenant", "acme"),
                Map.of("tenant", "acme", "purpose", "E2E"), Map.of("tenant", "acme", "purpose", "e2e", "extra", "x"))) {
            assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(wrong)))
                    .as("context %s", wrong).isInstanceOf(InvalidCiphertextException.class);
        }
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(context)
                .keyId(otherSymmetric))).isInstanceOf(IncorrectKeyException.class);
    }

    @Test
    void decrypt_ofACiphertextWithAnyByteFlipped_failsTheSameWay() {
        byte[] blob = kms.encrypt(b -> b.keyId(symmetric).plaintext(SdkBytes.fromUtf8String("tamper me"))
                .encryptionContext(Map.of("k", "v"))).ciphertextBlob().asByteArray();
        Map<String, Integer> failures = new HashMap<>();
        for (int i = 0; i < blob.length; i++) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x01;
            try {
                kms.decrypt(b -> b.ciphertextBlob(bytes(tampered)).encryptionContext(Map.of("k", "v")));
                failures.merge("decrypted!", 1, Integer::sum);
            } catch (InvalidCiphertextException e) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(
                        "The ciphertext is invalid or was not produced for this key and encryption context.");
                failures.merge("InvalidCiphertextException", 1, Integer::sum);
            }
        }
        assertThat(failures).containsExactlyEntriesOf(Map.of("InvalidCiphertextException", blob.length));
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(bytes(Arrays.copyOf(blob, blob.length - 1)))
                .encryptionContext(Map.of("k", "v")))).isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void reEncrypt_movesACiphertextToAnotherKeyAndContext() {
        SdkBytes source = kms.encrypt(b -> b.keyId(symmetric).plaintext(SdkBytes.fromUtf8String("moving"))
                .encryptionContext(Map.of("stage", "one"))).ciphertextBlob();

        ReEncryptResponse moved = kms.reEncrypt(b -> b.ciphertextBlob(source).sourceEncryptionContext(Map.of("stage", "one"))
                .destinationKeyId(otherSymmetric).destinationEncryptionContext(Map.of("stage", "two")));

        assertThat(moved.sourceKeyId()).isEqualTo(arn(symmetric));
        assertThat(moved.keyId()).isEqualTo(arn(otherSymmetric));
        assertThat(moved.ciphertextBlob()).isNotEqualTo(source);
        DecryptResponse decrypted = kms.decrypt(b -> b.ciphertextBlob(moved.ciphertextBlob()).encryptionContext(Map.of("stage", "two")));
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("moving");
        assertThat(decrypted.keyId()).isEqualTo(arn(otherSymmetric));
        assertThatThrownBy(() -> kms.decrypt(b -> b.ciphertextBlob(moved.ciphertextBlob()).encryptionContext(Map.of("stage", "one"))))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> kms.reEncrypt(b -> b.ciphertextBlob(source).destinationKeyId(otherSymmetric)))
                .as("the source context is required").isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void generateDataKey_givesAKeyAndItsCiphertext_andWithoutPlaintextOnlyTheCiphertext() {
        Map<String, String> context = Map.of("bucket", "invoices");
        GenerateDataKeyResponse dataKey = kms.generateDataKey(b -> b.keyId(symmetric).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context));

        assertThat(dataKey.keyId()).isEqualTo(arn(symmetric));
        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(kms.decrypt(b -> b.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(context)).plaintext())
                .isEqualTo(dataKey.plaintext());
        assertThat(kms.generateDataKey(b -> b.keyId(symmetric).keySpec(DataKeySpec.AES_128)).plaintext().asByteArray()).hasSize(16);
        assertThat(kms.generateDataKey(b -> b.keyId(symmetric).numberOfBytes(1024)).plaintext().asByteArray()).hasSize(1024);
        assertThat(kms.generateDataKey(b -> b.keyId(symmetric).numberOfBytes(32)).plaintext())
                .isNotEqualTo(kms.generateDataKey(b -> b.keyId(symmetric).numberOfBytes(32)).plaintext());

        var sealedOnly = kms.generateDataKeyWithoutPlaintext(b -> b.keyId(symmetric).numberOfBytes(64).encryptionContext(context));
        assertThat(sealedOnly.keyId()).isEqualTo(arn(symmetric));
        assertThat(kms.decrypt(b -> b.ciphertextBlob(sealedOnly.ciphertextBlob()).encryptionContext(context)).plaintext()
                .asByteArray()).hasSize(64);
    }

    @Test
    void generateDataKeyPair_givesARealKeyPair_whosePrivateKeyDecryptsFromItsCiphertext() throws Exception {
        GenerateDataKeyPairResponse ec = kms.generateDataKeyPair(b -> b.keyId(symmetric).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)
                .encryptionContext(Map.of("use", "signing")));
        assertThat(ec.keyId()).isEqualTo(arn(symmetric));
        assertThat(ec.keyPairSpec()).isEqualTo(DataKeyPairSpec.ECC_NIST_P256);
        PrivateKey ecPrivate = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(ec.privateKeyPlaintext().asByteArray()));
        PublicKey ecPublic = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ec.publicKey().asByteArray()));
        assertThat(((ECPublicKey) ecPublic).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(signsAndVerifies("SHA256withECDSA", ecPrivate, ecPublic)).isTrue();
        assertThat(kms.decrypt(b -> b.ciphertextBlob(ec.privateKeyCiphertextBlob()).encryptionContext(Map.of("use", "signing")))
                .plaintext()).isEqualTo(ec.privateKeyPlaintext());

        GenerateDataKeyPairResponse rsa = kms.generateDataKeyPair(b -> b.keyId(symmetric).keyPairSpec(DataKeyPairSpec.RSA_2048));
        RSAPrivateCrtKey rsaPrivate = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(rsa.privateKeyPlaintext().asByteArray()));
        RSAPublicKey rsaPublic = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(rsa.publicKey().asByteArray()));
        assertThat(rsaPublic.getModulus().bitLength()).isEqualTo(2048);
        assertThat(rsaPrivate.getModulus()).isEqualTo(rsaPublic.getModulus());
        assertThat(rsaPrivate.getPublicExponent()).isEqualTo(rsaPublic.getPublicExponent());

        var withoutPlaintext = kms.generateDataKeyPairWithoutPlaintext(b -> b.keyId(symmetric).keyPairSpec(DataKeyPairSpec.ECC_NIST_P384));
        assertThat(withoutPlaintext.keyPairSpec()).isEqualTo(DataKeyPairSpec.ECC_NIST_P384);
        byte[] pkcs8 = kms.decrypt(b -> b.ciphertextBlob(withoutPlaintext.privateKeyCiphertextBlob())).plaintext().asByteArray();
        PrivateKey p384Private = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey p384Public = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(withoutPlaintext.publicKey().asByteArray()));
        assertThat(signsAndVerifies("SHA384withECDSA", p384Private, p384Public)).isTrue();
        assertThat(signsAndVerifies("SHA256withECDSA", ecPrivate, p384Public)).as("control: a foreign private key").isFalse();
    }

    private static boolean signsAndVerifies(String algorithm, PrivateKey privateKey, PublicKey publicKey) throws Exception {
        byte[] message = random(100);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void generateRandom_givesFreshBytesOfTheAskedLength() {
        byte[] first = kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray();
        byte[] second = kms.generateRandom(b -> b.numberOfBytes(32)).plaintext().asByteArray();

        assertThat(first).hasSize(32).isNotEqualTo(second).isNotEqualTo(new byte[32]);
        assertThat(kms.generateRandom(b -> b.numberOfBytes(1024)).plaintext().asByteArray()).hasSize(1024);
        assertThat(kms.generateRandom(b -> b.numberOfBytes(1)).plaintext().asByteArray()).hasSize(1);
    }

    @Test
    void rsaPssAndPkcs1Signatures_verifyWithJcaAndTheGetPublicKeySpki() throws Exception {
        String keyId = createKey(KeySpec.RSA_2048, KeyUsageType.SIGN_VERIFY);
        GetPublicKeyResponse info = kms.getPublicKey(b -> b.keyId(keyId));
        assertThat(info.keyId()).isEqualTo(arn(keyId));
        assertThat(info.keySpec()).isEqualTo(KeySpec.RSA_2048);
        assertThat(info.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(info.signingAlgorithms()).contains(SigningAlgorithmSpec.RSASSA_PSS_SHA_256);
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(info.publicKey().asByteArray()));
        byte[] message = "pay 100 to bob".getBytes(StandardCharsets.UTF_8);

        SignResponse pss = kms.sign(b -> b.keyId(keyId).message(bytes(message)).messageType(MessageType.RAW)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256));
        assertThat(pss.keyId()).isEqualTo(arn(keyId));
        assertThat(pss.signingAlgorithm()).isEqualTo(SigningAlgorithmSpec.RSASSA_PSS_SHA_256);
        Signature jcaPss = Signature.getInstance("RSASSA-PSS");
        jcaPss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        assertThat(KmsClients.jcaVerifies(jcaPss, publicKey, message, pss.signature().asByteArray())).isTrue();
        assertThat(KmsClients.jcaVerifies(jcaPss, publicKey, "pay 900 to bob".getBytes(StandardCharsets.UTF_8), pss.signature().asByteArray())).isFalse();

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        SignResponse pkcs1 = kms.sign(b -> b.keyId(keyId).message(bytes(digest)).messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256));
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("SHA256withRSA"), publicKey, message, pkcs1.signature().asByteArray())).isTrue();

        assertThat(kms.verify(b -> b.keyId(keyId).message(bytes(message)).signature(pss.signature())
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)).signatureValid()).isTrue();
        assertThat(kms.verify(b -> b.keyId(keyId).message(bytes(message)).signature(pkcs1.signature())
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256)).signatureValid()).isTrue();
        assertThatThrownBy(() -> kms.verify(b -> b.keyId(keyId).message(SdkBytes.fromUtf8String("pay 900 to bob"))
                .signature(pss.signature()).signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)))
                .isInstanceOf(KmsInvalidSignatureException.class);
    }

    @Test
    void ecdsaSignatures_onP256AndSecp256k1_verifyWithJcaAndBouncyCastle() throws Exception {
        byte[] message = random(300);
        String p256 = createKey(KeySpec.ECC_NIST_P256, KeyUsageType.SIGN_VERIFY);
        PublicKey p256Public = KeyFactory.getInstance("EC").generatePublic(
                new X509EncodedKeySpec(kms.getPublicKey(b -> b.keyId(p256)).publicKey().asByteArray()));
        byte[] p256Signature = kms.sign(b -> b.keyId(p256).message(bytes(message))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("SHA256withECDSA"), p256Public, message, p256Signature)).isTrue();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        byte[] digestSignature = kms.sign(b -> b.keyId(p256).message(bytes(digest)).messageType(MessageType.DIGEST)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("SHA256withECDSA"), p256Public, message, digestSignature)).isTrue();

        String k1 = createKey(KeySpec.ECC_SECG_P256_K1, KeyUsageType.SIGN_VERIFY);
        PublicKey k1Public = KeyFactory.getInstance("EC", BC).generatePublic(
                new X509EncodedKeySpec(kms.getPublicKey(b -> b.keyId(k1)).publicKey().asByteArray()));
        byte[] k1Signature = kms.sign(b -> b.keyId(k1).message(bytes(message))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)).signature().asByteArray();
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("SHA256withECDSA", BC), k1Public, message, k1Signature)).isTrue();
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("SHA256withECDSA", BC), k1Public, digest, k1Signature)).isFalse();
    }

    @Test
    void ed25519AndMlDsaSignatures_verifyIndependently() throws Exception {
        byte[] message = "signed by an edwards curve".getBytes(StandardCharsets.UTF_8);
        String ed = createKey("ECC_NIST_EDWARDS25519", KeyUsageType.SIGN_VERIFY);
        GetPublicKeyResponse edInfo = kms.getPublicKey(b -> b.keyId(ed));
        assertThat(edInfo.keySpecAsString()).isEqualTo("ECC_NIST_EDWARDS25519");
        PublicKey edPublic = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(edInfo.publicKey().asByteArray()));
        byte[] edSignature = kms.sign(b -> b.keyId(ed).message(bytes(message)).messageType(MessageType.RAW)
                .signingAlgorithm("ED25519_SHA_512")).signature().asByteArray();
        assertThat(edSignature).hasSize(64);
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("Ed25519"), edPublic, message, edSignature)).isTrue();
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("Ed25519"), edPublic, "tampered".getBytes(StandardCharsets.UTF_8), edSignature)).isFalse();

        String mlDsa = createKey("ML_DSA_65", KeyUsageType.SIGN_VERIFY);
        byte[] spki = kms.getPublicKey(b -> b.keyId(mlDsa)).publicKey().asByteArray();
        byte[] mlSignature = kms.sign(b -> b.keyId(mlDsa).message(bytes(message)).messageType(MessageType.RAW)
                .signingAlgorithm("ML_DSA_SHAKE_256")).signature().asByteArray();
        assertThat(mlSignature).hasSize(3309);
        PublicKey mlPublic = KeyFactory.getInstance("ML-DSA", BC).generatePublic(new X509EncodedKeySpec(spki));
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("ML-DSA", BC), mlPublic, message, mlSignature)).isTrue();
        assertThat(KmsClients.jcaVerifies(Signature.getInstance("ML-DSA", BC), mlPublic, random(10), mlSignature)).isFalse();
        assertThat(kms.verify(b -> b.keyId(mlDsa).message(bytes(message)).signature(bytes(mlSignature))
                .signingAlgorithm("ML_DSA_SHAKE_256")).signatureValid()).isTrue();
    }


    @Test
    void rsaOaep_ciphertextMadeWithJca_decryptsInKms_andKmsCiphertextDecryptsInKms() throws Exception {
        String keyId = createKey(KeySpec.RSA_2048, KeyUsageType.ENCRYPT_DECRYPT);
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray()));
        byte[] plaintext = random(190);
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        oaep.init(Cipher.ENCRYPT_MODE, publicKey, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                PSource.PSpecified.DEFAULT));
        byte[] jcaCiphertext = oaep.doFinal(plaintext);

        DecryptResponse decrypted = kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(bytes(jcaCiphertext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256));
        assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
        assertThat(decrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);

        SdkBytes kmsCiphertext = kms.encrypt(b -> b.keyId(keyId).plaintext(SdkBytes.fromUtf8String("short"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)).ciphertextBlob();
        assertThat(kmsCiphertext.asByteArray()).hasSize(256);
        assertThat(kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(kmsCiphertext)
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1)).plaintext().asUtf8String()).isEqualTo("short");
        assertThatThrownBy(() -> kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(kmsCiphertext)
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256))).isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void generateMac_isDeterministicPerKey_andVerifyMacChecksIt() {
        String keyId = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
        String otherKey = createKey(KeySpec.HMAC_256, KeyUsageType.GENERATE_VERIFY_MAC);
        SdkBytes message = SdkBytes.fromUtf8String("authenticate me");

        var mac = kms.generateMac(b -> b.keyId(keyId).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256));

        assertThat(mac.keyId()).isEqualTo(arn(keyId));
        assertThat(mac.macAlgorithm()).isEqualTo(MacAlgorithmSpec.HMAC_SHA_256);
        assertThat(mac.mac().asByteArray()).hasSize(32);
        assertThat(kms.generateMac(b -> b.keyId(keyId).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac())
                .isEqualTo(mac.mac());
        assertThat(kms.generateMac(b -> b.keyId(otherKey).message(message).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)).mac())
                .isNotEqualTo(mac.mac());
        var verified = kms.verifyMac(b -> b.keyId(keyId).message(message).mac(mac.mac()).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256));
        assertThat(verified.macValid()).isTrue();
        assertThat(verified.keyId()).isEqualTo(arn(keyId));
        byte[] tampered = mac.mac().asByteArray();
        tampered[0] ^= 1;
        assertThatThrownBy(() -> kms.verifyMac(b -> b.keyId(keyId).message(message).mac(bytes(tampered))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))).isInstanceOf(KmsInvalidMacException.class);
        assertThatThrownBy(() -> kms.verifyMac(b -> b.keyId(otherKey).message(message).mac(mac.mac())
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256))).isInstanceOf(KmsInvalidMacException.class);
    }

    @Test
    void deriveSharedSecret_agreesWithJcaEcdh() throws Exception {
        String keyId = createKey(KeySpec.ECC_NIST_P256, KeyUsageType.KEY_AGREEMENT);
        GetPublicKeyResponse info = kms.getPublicKey(b -> b.keyId(keyId));
        assertThat(info.keyUsage()).isEqualTo(KeyUsageType.KEY_AGREEMENT);
        assertThat(info.keyAgreementAlgorithms()).containsExactly(KeyAgreementAlgorithmSpec.ECDH);
        PublicKey kmsPublic = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(info.publicKey().asByteArray()));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair local = generator.generateKeyPair();

        var derived = kms.deriveSharedSecret(b -> b.keyId(keyId).keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(bytes(local.getPublic().getEncoded())));

        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(local.getPrivate());
        ecdh.doPhase(kmsPublic, true);
        byte[] expected = ecdh.generateSecret();
        assertThat(derived.sharedSecret().asByteArray()).hasSize(32).isEqualTo(expected);
        assertThat(derived.keyId()).isEqualTo(arn(keyId));
        assertThat(derived.keyAgreementAlgorithm()).isEqualTo(KeyAgreementAlgorithmSpec.ECDH);
        assertThat(derived.keyOriginAsString()).isEqualTo("AWS_KMS");
        KeyPair another = generator.generateKeyPair();
        assertThat(kms.deriveSharedSecret(b -> b.keyId(keyId).keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH)
                .publicKey(bytes(another.getPublic().getEncoded()))).sharedSecret()).isNotEqualTo(derived.sharedSecret());
        assertThat(new BigInteger(1, expected)).isPositive();
    }
}
