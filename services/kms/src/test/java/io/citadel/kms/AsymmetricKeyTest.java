package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sign, Verify, GetPublicKey, asymmetric Encrypt/Decrypt, DeriveSharedSecret and GenerateDataKeyPair,
 * each checked against an independent implementation: the JDK's providers, and BouncyCastle's JCA
 * provider (never registered globally) for secp256k1 and ML-DSA, which the JDK lacks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsymmetricKeyTest {

    private static final Provider BC = new BouncyCastleProvider();
    private static final byte[] MESSAGE = utf8("The quick brown fox jumps over the lazy dog");

    private final KmsHarness h = new KmsHarness();
    private final KeyPairOperations pairs = h.kms.keyPairs();
    private final Map<String, KmsKey> keys = new HashMap<>();

    @AfterAll
    void close() {
        h.close();
    }

    /** One key per spec and usage for the whole class: RSA-4096 and ML-DSA-87 keys are slow to make. */
    private KmsKey key(String spec, String usage) {
        return keys.computeIfAbsent(spec + "/" + usage, k -> h.key(spec, usage));
    }

    private byte[] publicKey(KmsKey key) {
        return pairs.getPublicKey(h.a(), Call.DIRECT, key.keyId()).publicKey();
    }

    static Stream<Arguments> signingCases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String rsa : List.of("RSA_2048", "RSA_3072", "RSA_4096")) {
            for (String alg : List.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384", "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256",
                    "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512")) {
                cases.add(Arguments.of(rsa, alg, "RAW")).add(Arguments.of(rsa, alg, "DIGEST"));
            }
        }
        for (String[] ec : new String[][] {{"ECC_NIST_P256", "ECDSA_SHA_256"}, {"ECC_NIST_P384", "ECDSA_SHA_384"},
                {"ECC_NIST_P521", "ECDSA_SHA_512"}, {"ECC_SECG_P256K1", "ECDSA_SHA_256"}}) {
            cases.add(Arguments.of(ec[0], ec[1], "RAW")).add(Arguments.of(ec[0], ec[1], "DIGEST"));
        }
        cases.add(Arguments.of("ECC_NIST_EDWARDS25519", "ED25519_SHA_512", "RAW"));
        cases.add(Arguments.of("ECC_NIST_EDWARDS25519", "ED25519_PH_SHA_512", "DIGEST"));
        for (String ml : List.of("ML_DSA_44", "ML_DSA_65", "ML_DSA_87")) {
            cases.add(Arguments.of(ml, "ML_DSA_SHAKE_256", "RAW")).add(Arguments.of(ml, "ML_DSA_SHAKE_256", "EXTERNAL_MU"));
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("signingCases")
    void sign_verifiesInKms_andWithAnIndependentImplementation(String spec, String algorithm, String messageType) throws Exception {
        KmsKey key = key(spec, "SIGN_VERIFY");
        byte[] spki = publicKey(key);
        byte[] input = switch (messageType) {
            case "RAW" -> MESSAGE;
            case "DIGEST" -> MessageDigest.getInstance(hashName(algorithm)).digest(MESSAGE);
            default -> mu(spki, MESSAGE);
        };

        KeyPairOperations.Signed signed = pairs.sign(h.a(), Call.DIRECT, key.keyId(), input, messageType, algorithm, false);

        assertThat(signed.keyArn()).isEqualTo(key.arn());
        assertThat(signed.algorithm()).isEqualTo(algorithm);
        assertThat(pairs.verify(h.a(), Call.DIRECT, key.keyId(), input, messageType, signed.signature(), algorithm, false).valid())
                .isTrue();
        assertThat(jcaVerify(spec, algorithm, spki, messageType.equals("DIGEST") && algorithm.startsWith("ED25519_PH") ? input
                : MESSAGE, signed.signature())).as("independent verification").isTrue();

        byte[] flipped = signed.signature().clone();
        flipped[flipped.length / 2] ^= 0x01;
        assertThat(code(() -> pairs.verify(h.a(), Call.DIRECT, key.keyId(), input, messageType, flipped, algorithm, false)))
                .isEqualTo("KMSInvalidSignatureException");
        byte[] otherInput = input.clone();
        otherInput[0] ^= 0x01;
        assertThat(code(() -> pairs.verify(h.a(), Call.DIRECT, key.keyId(), otherInput, messageType, signed.signature(), algorithm,
                false))).isEqualTo("KMSInvalidSignatureException");
        if (!messageType.equals("RAW")) {
            byte[] shorter = Arrays.copyOf(input, input.length - 1);
            assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, key.keyId(), shorter, messageType, algorithm, false)))
                    .as("wrong %s length", messageType).isEqualTo("ValidationException");
        }
    }

    private static String hashName(String algorithm) {
        return algorithm.endsWith("_256") ? "SHA-256" : algorithm.endsWith("_384") ? "SHA-384" : "SHA-512";
    }

    /** FIPS 204's external mu for the empty context: SHAKE256(SHAKE256(pk, 64) || 0 || 0 || M, 64). */
    private static byte[] mu(byte[] spki, byte[] message) {
        byte[] pk = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
        SHAKEDigest tr = new SHAKEDigest(256);
        tr.update(pk, 0, pk.length);
        byte[] trBytes = new byte[64];
        tr.doFinal(trBytes, 0, 64);
        SHAKEDigest mu = new SHAKEDigest(256);
        mu.update(trBytes, 0, trBytes.length);
        mu.update((byte) 0);
        mu.update((byte) 0);
        mu.update(message, 0, message.length);
        byte[] out = new byte[64];
        mu.doFinal(out, 0, 64);
        return out;
    }

    private static boolean jcaVerify(String spec, String algorithm, byte[] spki, byte[] message, byte[] signature) throws Exception {
        Signature verifier;
        PublicKey publicKey;
        if (spec.startsWith("RSA")) {
            publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
            String hash = hashName(algorithm);
            if (algorithm.startsWith("RSASSA_PSS")) {
                verifier = Signature.getInstance("RSASSA-PSS");
                MGF1ParameterSpec mgf = new MGF1ParameterSpec(hash);
                verifier.setParameter(new PSSParameterSpec(hash, "MGF1", mgf, MessageDigest.getInstance(hash).getDigestLength(), 1));
            } else {
                verifier = Signature.getInstance(hash.replace("-", "") + "withRSA");
            }
        } else if (spec.equals("ECC_SECG_P256K1")) {
            publicKey = KeyFactory.getInstance("EC", BC).generatePublic(new X509EncodedKeySpec(spki));
            verifier = Signature.getInstance("SHA256withECDSA", BC);
        } else if (spec.startsWith("ECC_NIST_P")) {
            publicKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
            verifier = Signature.getInstance(hashName(algorithm).replace("-", "") + "withECDSA");
        } else if (spec.equals("ECC_NIST_EDWARDS25519")) {
            publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            verifier = Signature.getInstance("Ed25519");
            verifier.setParameter(new EdDSAParameterSpec(algorithm.equals("ED25519_PH_SHA_512")));
        } else {
            publicKey = KeyFactory.getInstance("ML-DSA", BC).generatePublic(new X509EncodedKeySpec(spki));
            verifier = Signature.getInstance("ML-DSA", BC);
        }
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }

    @Test
    void messageTypes_thatTheAlgorithmDoesNotTake_areValidationExceptions() {
        KmsKey ed = key("ECC_NIST_EDWARDS25519", "SIGN_VERIFY");
        KmsKey ml = key("ML_DSA_44", "SIGN_VERIFY");
        KmsKey ec = key("ECC_NIST_P256", "SIGN_VERIFY");
        byte[] sha512 = new byte[64];
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, ed.keyId(), sha512, "DIGEST", "ED25519_SHA_512", false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, ed.keyId(), MESSAGE, "RAW", "ED25519_PH_SHA_512", false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, ml.keyId(), sha512, "DIGEST", "ML_DSA_SHAKE_256", false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, ec.keyId(), sha512, "EXTERNAL_MU", "ECDSA_SHA_256", false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, ec.keyId(), new byte[4097], "RAW", "ECDSA_SHA_256", false)))
                .isEqualTo("ValidationException");
        assertThat(pairs.sign(h.a(), Call.DIRECT, ec.keyId(), new byte[4096], "RAW", "ECDSA_SHA_256", false).signature()).isNotEmpty();
    }

    @Test
    void sign_withAnAlgorithmOrKeyTheKeyDoesNotSupport_isInvalidKeyUsage() {
        KmsKey p256 = key("ECC_NIST_P256", "SIGN_VERIFY");
        KmsKey rsaEncrypt = key("RSA_2048", "ENCRYPT_DECRYPT");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, p256.keyId(), MESSAGE, "RAW", "ECDSA_SHA_384", false)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, p256.keyId(), MESSAGE, "RAW", "RSASSA_PSS_SHA_256", false)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(code(() -> pairs.sign(h.a(), Call.DIRECT, rsaEncrypt.keyId(), MESSAGE, "RAW", "RSASSA_PSS_SHA_256", false)))
                .isEqualTo("InvalidKeyUsageException");
    }

    @Test
    void getPublicKey_ofSymmetricAndHmacKeys_isUnsupported_andDescribesTheAlgorithms() {
        assertThat(code(() -> pairs.getPublicKey(h.a(), Call.DIRECT, h.symmetricKey().keyId())))
                .isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> pairs.getPublicKey(h.a(), Call.DIRECT, key("HMAC_256", "GENERATE_VERIFY_MAC").keyId())))
                .isEqualTo("UnsupportedOperationException");
        KeyPairOperations.PublicKey rsa = pairs.getPublicKey(h.a(), Call.DIRECT, key("RSA_2048", "SIGN_VERIFY").keyId());
        assertThat(rsa.key().keySpec().algorithms(KeyUsage.SIGN_VERIFY)).containsExactly("RSASSA_PKCS1_V1_5_SHA_256",
                "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512", "RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
                "RSASSA_PSS_SHA_512");
    }

    @Test
    void createKey_withAUsageTheSpecDoesNotAllow_orWithoutAUsageForAsymmetricKeys_isValidationException() {
        assertThat(code(() -> h.key("RSA_2048", null))).isEqualTo("ValidationException");
        assertThat(code(() -> h.key("HMAC_256", "ENCRYPT_DECRYPT"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.key("ECC_NIST_EDWARDS25519", "KEY_AGREEMENT"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.key("ECC_SECG_P256K1", "KEY_AGREEMENT"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.key("ML_DSA_44", "ENCRYPT_DECRYPT"))).isEqualTo("ValidationException");
        assertThat(code(() -> h.key("SYMMETRIC_DEFAULT", "SIGN_VERIFY"))).isEqualTo("ValidationException");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RSA_2048, RSAES_OAEP_SHA_1, 214", "RSA_2048, RSAES_OAEP_SHA_256, 190", "RSA_3072, RSAES_OAEP_SHA_1, 342",
            "RSA_3072, RSAES_OAEP_SHA_256, 318", "RSA_4096, RSAES_OAEP_SHA_1, 470", "RSA_4096, RSAES_OAEP_SHA_256, 446"})
    void rsaOaep_encryptsUpToTheMaximum_andDecryptsWhatJcaEncrypted(String spec, String algorithm, int max) throws Exception {
        KmsKey key = key(spec, "ENCRYPT_DECRYPT");
        KeyCryptography crypto = h.kms.cryptography();
        byte[] largest = h.randomBytes(max);

        KeyCryptography.Encrypted encrypted = crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), largest, null, algorithm, false);
        assertThat(encrypted.ciphertext()).hasSize(Integer.parseInt(spec.substring(4)) / 8);
        assertThat(crypto.decrypt(h.a(), Call.DIRECT, encrypted.ciphertext(), null, key.keyId(), algorithm, false).plaintext())
                .isEqualTo(largest);
        assertThat(code(() -> crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), h.randomBytes(max + 1), null, algorithm, false)))
                .isEqualTo("ValidationException");

        String hash = algorithm.endsWith("SHA_1") ? "SHA-1" : "SHA-256";
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey(key))),
                new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), PSource.PSpecified.DEFAULT));
        byte[] fromJca = oaep.doFinal(utf8("from JCA"));
        assertThat(crypto.decrypt(h.a(), Call.DIRECT, fromJca, null, key.arn(), algorithm, false).plaintext())
                .isEqualTo(utf8("from JCA"));
    }

    @Test
    void rsaOaep_decryptWithTheOtherHash_orTampered_isInvalidCiphertext_andNeedsAKeyId() {
        KmsKey key = key("RSA_2048", "ENCRYPT_DECRYPT");
        KeyCryptography crypto = h.kms.cryptography();
        byte[] blob = crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), utf8("x"), null, "RSAES_OAEP_SHA_1", false).ciphertext();
        byte[] tampered = blob.clone();
        tampered[10] ^= 1;

        assertThat(code(() -> crypto.decrypt(h.a(), Call.DIRECT, blob, null, key.keyId(), "RSAES_OAEP_SHA_256", false)))
                .isEqualTo("InvalidCiphertextException");
        assertThat(code(() -> crypto.decrypt(h.a(), Call.DIRECT, tampered, null, key.keyId(), "RSAES_OAEP_SHA_1", false)))
                .isEqualTo("InvalidCiphertextException");
        assertThat(code(() -> crypto.decrypt(h.a(), Call.DIRECT, blob, null, null, "RSAES_OAEP_SHA_1", false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> crypto.encrypt(h.a(), Call.DIRECT, key.keyId(), utf8("x"), null, null, false)))
                .as("SYMMETRIC_DEFAULT on an RSA key").isEqualTo("InvalidKeyUsageException");
    }

    @Test
    void reEncrypt_betweenRsaAndSymmetricKeys_bothWays() {
        KmsKey rsa = key("RSA_2048", "ENCRYPT_DECRYPT");
        KmsKey symmetric = h.symmetricKey();
        KeyCryptography crypto = h.kms.cryptography();
        byte[] underRsa = crypto.encrypt(h.a(), Call.DIRECT, rsa.keyId(), utf8("hop"), null, "RSAES_OAEP_SHA_256", false).ciphertext();

        byte[] underSymmetric = crypto.reEncrypt(h.a(), Call.DIRECT, underRsa, null, rsa.keyId(), symmetric.keyId(),
                Map.of("hop", "1"), "RSAES_OAEP_SHA_256", null, false).ciphertext();
        assertThat(h.decrypt(h.a(), underSymmetric, Map.of("hop", "1"))).isEqualTo(utf8("hop"));

        KeyCryptography.ReEncrypted back = crypto.reEncrypt(h.a(), Call.DIRECT, underSymmetric, Map.of("hop", "1"), null, rsa.arn(),
                null, null, "RSAES_OAEP_SHA_1", false);
        assertThat(back.destinationAlgorithm()).isEqualTo("RSAES_OAEP_SHA_1");
        assertThat(crypto.decrypt(h.a(), Call.DIRECT, back.ciphertext(), null, rsa.keyId(), "RSAES_OAEP_SHA_1", false).plaintext())
                .isEqualTo(utf8("hop"));
        assertThat(code(() -> crypto.reEncrypt(h.a(), Call.DIRECT, underRsa, null, null, symmetric.keyId(), null,
                "RSAES_OAEP_SHA_256", null, false))).as("an asymmetric source needs SourceKeyId").isEqualTo("ValidationException");
    }

    @ParameterizedTest
    @CsvSource({"ECC_NIST_P256, secp256r1", "ECC_NIST_P384, secp384r1", "ECC_NIST_P521, secp521r1"})
    void deriveSharedSecret_equalsJcaEcdhWithThePeersPrivateKey(String spec, String curve) throws Exception {
        KmsKey key = key(spec, "KEY_AGREEMENT");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        KeyPair peer = generator.generateKeyPair();

        byte[] secret = pairs.deriveSharedSecret(h.a(), Call.DIRECT, key.keyId(), "ECDH", peer.getPublic().getEncoded(), false)
                .secret();

        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(peer.getPrivate());
        ecdh.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(publicKey(key))), true);
        assertThat(secret).isEqualTo(ecdh.generateSecret());
    }

    @Test
    void deriveSharedSecret_withAPeerOnAnotherCurve_orAnotherAlgorithm_orASigningKey_fails() throws Exception {
        KmsKey key = key("ECC_NIST_P256", "KEY_AGREEMENT");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        byte[] p384 = generator.generateKeyPair().getPublic().getEncoded();
        byte[] own = publicKey(key);

        assertThat(code(() -> pairs.deriveSharedSecret(h.a(), Call.DIRECT, key.keyId(), "ECDH", p384, false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> pairs.deriveSharedSecret(h.a(), Call.DIRECT, key.keyId(), "X25519", own, false)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> pairs.deriveSharedSecret(h.a(), Call.DIRECT, key("ECC_NIST_P256", "SIGN_VERIFY").keyId(), "ECDH", own,
                false))).isEqualTo("InvalidKeyUsageException");
    }

    @ParameterizedTest
    @CsvSource({"RSA_2048, RSA, SHA256withRSA", "ECC_NIST_P256, EC, SHA256withECDSA", "ECC_NIST_P384, EC, SHA384withECDSA",
            "ECC_NIST_P521, EC, SHA512withECDSA", "ECC_SECG_P256K1, EC, SHA256withECDSA", "ECC_NIST_EDWARDS25519, Ed25519, Ed25519"})
    void generateDataKeyPair_privateKeyDecryptsFromItsBlob_andMatchesThePublicKey(String spec, String family, String signing)
            throws Exception {
        KmsKey wrapping = h.symmetricKey();
        Map<String, String> context = Map.of("pair", spec);

        KeyPairOperations.DataKeyPair pair = pairs.generateDataKeyPair(h.a(), Call.DIRECT, wrapping.keyId(), context, spec, true,
                false);

        assertThat(pair.keyArn()).isEqualTo(wrapping.arn());
        assertThat(pair.spec()).isEqualTo(spec);
        assertThat(h.decrypt(h.a(), pair.privateCiphertext(), context)).isEqualTo(pair.privatePlaintext());
        assertThat(code(() -> h.decrypt(h.a(), pair.privateCiphertext(), null))).isEqualTo("InvalidCiphertextException");
        assertThat(matches(family, signing, pair.privatePlaintext(), pair.publicKey())).isTrue();

        KeyPairOperations.DataKeyPair withoutPlaintext = pairs.generateDataKeyPair(h.a(), Call.DIRECT, wrapping.keyId(), null, spec,
                false, false);
        assertThat(withoutPlaintext.privatePlaintext()).isNull();
        assertThat(matches(family, signing, h.decrypt(h.a(), withoutPlaintext.privateCiphertext(), null),
                withoutPlaintext.publicKey())).isTrue();
    }

    /** Whether a PKCS#8 private key and an SPKI public key are one pair: a signature by one verifies with the other. */
    private static boolean matches(String family, String signing, byte[] pkcs8, byte[] spki) throws Exception {
        KeyFactory factory = KeyFactory.getInstance(family, BC);
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
        if (privateKey instanceof RSAPrivateCrtKey rsa) {
            BigInteger modulus = ((RSAPublicKey) publicKey).getModulus();
            if (!rsa.getModulus().equals(modulus)) {
                return false;
            }
        }
        Signature signer = Signature.getInstance(signing, BC);
        signer.initSign(privateKey);
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(signing, BC);
        verifier.initVerify(publicKey);
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }

    @Test
    void generateDataKeyPair_underAnAsymmetricKey_isInvalidKeyUsage_andAnUnknownSpecIsValidation() {
        KmsKey rsa = key("RSA_2048", "ENCRYPT_DECRYPT");
        assertThat(code(() -> pairs.generateDataKeyPair(h.a(), Call.DIRECT, rsa.keyId(), null, "ECC_NIST_P256", true, false)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(code(() -> pairs.generateDataKeyPair(h.a(), Call.DIRECT, h.symmetricKey().keyId(), null, "RSA_1024", true, false)))
                .isEqualTo("ValidationException");
    }

    @ParameterizedTest
    @CsvSource({"HMAC_224, HMAC_SHA_224, 28", "HMAC_256, HMAC_SHA_256, 32", "HMAC_384, HMAC_SHA_384, 48",
            "HMAC_512, HMAC_SHA_512, 64"})
    void hmac_verifyMacAcceptsTheMac_andRejectsAnyChange(String spec, String algorithm, int length) {
        KmsKey key = key(spec, "GENERATE_VERIFY_MAC");
        KeyCryptography crypto = h.kms.cryptography();

        byte[] mac = crypto.generateMac(h.a(), Call.DIRECT, key.keyId(), MESSAGE, algorithm, false).mac();

        assertThat(mac).hasSize(length);
        assertThat(crypto.generateMac(h.a(), Call.DIRECT, key.keyId(), MESSAGE, algorithm, false).mac()).isEqualTo(mac);
        assertThat(crypto.verifyMac(h.a(), Call.DIRECT, key.keyId(), MESSAGE, mac, algorithm, false).keyArn()).isEqualTo(key.arn());
        byte[] otherMessage = MESSAGE.clone();
        otherMessage[3] ^= 1;
        byte[] otherMac = mac.clone();
        otherMac[0] ^= 1;
        assertThat(code(() -> crypto.verifyMac(h.a(), Call.DIRECT, key.keyId(), otherMessage, mac, algorithm, false)))
                .isEqualTo("KMSInvalidMacException");
        assertThat(code(() -> crypto.verifyMac(h.a(), Call.DIRECT, key.keyId(), MESSAGE, otherMac, algorithm, false)))
                .isEqualTo("KMSInvalidMacException");
        assertThat(code(() -> crypto.verifyMac(h.a(), Call.DIRECT, key.keyId(), MESSAGE, Arrays.copyOf(mac, length - 1), algorithm,
                false))).isEqualTo("KMSInvalidMacException");
        String wrong = algorithm.equals("HMAC_SHA_256") ? "HMAC_SHA_512" : "HMAC_SHA_256";
        assertThat(code(() -> crypto.generateMac(h.a(), Call.DIRECT, key.keyId(), MESSAGE, wrong, false)))
                .isEqualTo("InvalidKeyUsageException");
    }

    @Test
    void hmac_keysDiffer_soAnotherKeysMacIsRejected() {
        KeyCryptography crypto = h.kms.cryptography();
        KmsKey one = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        KmsKey two = h.key("HMAC_256", "GENERATE_VERIFY_MAC");
        byte[] mac = crypto.generateMac(h.a(), Call.DIRECT, one.keyId(), MESSAGE, "HMAC_SHA_256", false).mac();
        assertThat(code(() -> crypto.verifyMac(h.a(), Call.DIRECT, two.keyId(), MESSAGE, mac, "HMAC_SHA_256", false)))
                .isEqualTo("KMSInvalidMacException");
        assertThat(code(() -> crypto.generateMac(h.a(), Call.DIRECT, h.symmetricKey().keyId(), MESSAGE, "HMAC_SHA_256", false)))
                .isEqualTo("InvalidKeyUsageException");
    }
}
