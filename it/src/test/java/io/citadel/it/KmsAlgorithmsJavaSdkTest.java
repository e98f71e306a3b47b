package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519phSigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The rest of the algorithm table checked independently: ECDSA on P-384 and P-521, RSA-PSS with
 * SHA-384/512 on 3072/4096-bit keys, Ed25519ph (DIGEST only, prehashed again as AWS documents),
 * ML-DSA with an external mu computed here, ECDH on P-384 and P-521, HMAC_224/384/512 of imported
 * material.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KmsAlgorithmsJavaSdkTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dataDir;

    private static Node node;
    private static KmsClient kms;

    @BeforeAll
    static void start() {
        node = Node.start(dataDir);
        kms = KmsClients.kms(node, node.bootstrapCredentials());
    }

    @AfterAll
    static void stop() {
        kms.close();
        node.close();
    }

    private static String createKey(String spec, KeyUsageType usage) {
        return kms.createKey(b -> b.keySpec(spec).keyUsage(usage)).keyMetadata().keyId();
    }

    private static byte[] publicKey(String keyId) {
        return kms.getPublicKey(b -> b.keyId(keyId)).publicKey().asByteArray();
    }

    private static byte[] sign(String keyId, byte[] message, MessageType type, String algorithm) {
        return kms.sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message)).messageType(type)
                .signingAlgorithm(algorithm)).signature().asByteArray();
    }


    @Test
    void ecdsaOnP384AndP521_verifiesWithJca() throws Exception {
        byte[] message = "larger curves".getBytes(StandardCharsets.UTF_8);
        for (String[] row : new String[][] {{"ECC_NIST_P384", "ECDSA_SHA_384", "SHA384withECDSA", "SHA-384"},
                {"ECC_NIST_P521", "ECDSA_SHA_512", "SHA512withECDSA", "SHA-512"}}) {
            String keyId = createKey(row[0], KeyUsageType.SIGN_VERIFY);
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKey(keyId)));
            byte[] raw = sign(keyId, message, MessageType.RAW, row[1]);
            byte[] digest = sign(keyId, MessageDigest.getInstance(row[3]).digest(message), MessageType.DIGEST, row[1]);

            assertThat(KmsClients.jcaVerifies(Signature.getInstance(row[2]), key, message, raw)).as(row[0]).isTrue();
            assertThat(KmsClients.jcaVerifies(Signature.getInstance(row[2]), key, message, digest)).as(row[0] + " digest").isTrue();
            assertThat(KmsClients.jcaVerifies(Signature.getInstance(row[2]), key, "other".getBytes(StandardCharsets.UTF_8), raw)).isFalse();
        }
    }

    @Test
    void rsaPssWithSha384AndSha512_onLargerKeys_verifiesWithJca() throws Exception {
        byte[] message = "bigger moduli".getBytes(StandardCharsets.UTF_8);
        for (String[] row : new String[][] {{"RSA_3072", "RSASSA_PSS_SHA_384", "SHA-384", "48"},
                {"RSA_4096", "RSASSA_PSS_SHA_512", "SHA-512", "64"}}) {
            String keyId = createKey(row[0], KeyUsageType.SIGN_VERIFY);
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey(keyId)));
            byte[] signature = sign(keyId, message, MessageType.RAW, row[1]);
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(new PSSParameterSpec(row[2], "MGF1", new MGF1ParameterSpec(row[2]), Integer.parseInt(row[3]), 1));

            assertThat(KmsClients.jcaVerifies(pss, key, message, signature)).as(row[0]).isTrue();
            byte[] pkcs1 = sign(keyId, message, MessageType.RAW, row[1].replace("PSS", "PKCS1_V1_5"));
            assertThat(KmsClients.jcaVerifies(Signature.getInstance(row[2].replace("-", "") + "withRSA"), key, message, pkcs1)).isTrue();
        }
    }

    @Test
    void ed25519ph_needsADigest_andPrehashesItAgain_asAwsDocuments() throws Exception {
        String keyId = createKey("ECC_NIST_EDWARDS25519", KeyUsageType.SIGN_VERIFY);
        byte[] spki = publicKey(keyId);
        Ed25519PublicKeyParameters key = new Ed25519PublicKeyParameters(Arrays.copyOfRange(spki, spki.length - 32, spki.length));
        byte[] message = "prehashed twice".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(message);

        byte[] signature = sign(keyId, digest, MessageType.DIGEST, "ED25519_PH_SHA_512");

        Ed25519phSigner verifier = new Ed25519phSigner(new byte[0]);
        verifier.init(false, key);
        verifier.update(digest, 0, digest.length);
        assertThat(verifier.verifySignature(signature)).as("Ed25519ph over the submitted digest").isTrue();
        assertThat(kms.verify(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(digest)).messageType(MessageType.DIGEST)
                .signature(SdkBytes.fromByteArray(signature)).signingAlgorithm("ED25519_PH_SHA_512")).signatureValid()).isTrue();
        assertThatThrownBy(() -> sign(keyId, message, MessageType.RAW, "ED25519_PH_SHA_512"))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> sign(keyId, digest, MessageType.DIGEST, "ED25519_SHA_512"))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void mlDsaWithExternalMu_computedHere_verifiesAsASignatureOfTheMessage() throws Exception {
        String keyId = createKey("ML_DSA_65", KeyUsageType.SIGN_VERIFY);
        byte[] spki = publicKey(keyId);
        PublicKey key = KeyFactory.getInstance("ML-DSA", BC).generatePublic(new X509EncodedKeySpec(spki));
        byte[] rawKey = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
        byte[] message = "FIPS 204 section 6.2".getBytes(StandardCharsets.UTF_8);
        byte[] tr = shake256(64, rawKey);
        byte[] mu = shake256(64, tr, new byte[] {0, 0}, message);

        byte[] signature = sign(keyId, mu, MessageType.EXTERNAL_MU, "ML_DSA_SHAKE_256");

        assertThat(KmsClients.jcaVerifies(Signature.getInstance("ML-DSA", BC), key, message, signature)).isTrue();
        assertThat(kms.verify(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message)).signature(SdkBytes.fromByteArray(signature))
                .signingAlgorithm("ML_DSA_SHAKE_256")).signatureValid()).isTrue();
    }

    private static byte[] shake256(int length, byte[]... parts) {
        SHAKEDigest shake = new SHAKEDigest(256);
        for (byte[] part : parts) {
            shake.update(part, 0, part.length);
        }
        byte[] out = new byte[length];
        shake.doFinal(out, 0, length);
        return out;
    }

    @Test
    void ecdhOnP384AndP521_agreesWithJca() throws Exception {
        for (String[] row : new String[][] {{"ECC_NIST_P384", "secp384r1", "48"}, {"ECC_NIST_P521", "secp521r1", "66"}}) {
            String keyId = createKey(row[0], KeyUsageType.KEY_AGREEMENT);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(row[1]));
            KeyPair local = generator.generateKeyPair();
            byte[] derived = kms.deriveSharedSecret(b -> b.keyId(keyId).keyAgreementAlgorithm("ECDH")
                    .publicKey(SdkBytes.fromByteArray(local.getPublic().getEncoded()))).sharedSecret().asByteArray();
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(local.getPrivate());
            ecdh.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKey(keyId))), true);

            assertThat(derived).as(row[0]).hasSize(Integer.parseInt(row[2])).isEqualTo(ecdh.generateSecret());
        }
        String p256 = createKey("ECC_NIST_P256", KeyUsageType.KEY_AGREEMENT);
        KeyPairGenerator other = KeyPairGenerator.getInstance("EC");
        other.initialize(new ECGenParameterSpec("secp384r1"));
        byte[] wrongCurve = other.generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> kms.deriveSharedSecret(b -> b.keyId(p256).keyAgreementAlgorithm("ECDH")
                .publicKey(SdkBytes.fromByteArray(wrongCurve))))
                .isInstanceOfSatisfying(KmsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    @Test
    void hmacOfImportedMaterial_forEveryHmacSpec_isWhatJavaxCryptoComputes() throws Exception {
        byte[] message = "every digest length".getBytes(StandardCharsets.UTF_8);
        for (String[] row : new String[][] {{"HMAC_224", "HMAC_SHA_224", "HmacSHA224", "28"}, {"HMAC_256", "HMAC_SHA_256", "HmacSHA256", "32"},
                {"HMAC_384", "HMAC_SHA_384", "HmacSHA384", "48"}, {"HMAC_512", "HMAC_SHA_512", "HmacSHA512", "64"}}) {
            String keyId = kms.createKey(b -> b.keySpec(row[0]).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC).origin(OriginType.EXTERNAL))
                    .keyMetadata().keyId();
            byte[] material = new byte[Integer.parseInt(row[3])];
            RANDOM.nextBytes(material);
            KmsImport.importMaterial(kms, keyId, material, null);

            byte[] kmsMac = kms.generateMac(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message)).macAlgorithm(row[1]))
                    .mac().asByteArray();

            Mac mac = Mac.getInstance(row[2]);
            mac.init(new SecretKeySpec(material, row[2]));
            assertThat(kmsMac).as(row[0]).isEqualTo(mac.doFinal(message));
        }
        assertThat(kms.describeKey(b -> b.keyId(createKey(KeySpec.HMAC_384.toString(), KeyUsageType.GENERATE_VERIFY_MAC)))
                .keyMetadata().macAlgorithmsAsStrings()).containsExactly("HMAC_SHA_384");
    }
}
