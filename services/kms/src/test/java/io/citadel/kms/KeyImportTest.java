package io.citadel.kms;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.crypto.AsymmetricKeyPair;
import io.citadel.core.crypto.KeyPairType;
import io.citadel.core.crypto.KeyPairs;
import io.citadel.core.crypto.KeyWrap;
import io.citadel.core.crypto.OaepHash;
import io.citadel.core.crypto.RsaOaep;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyImportTest {

    private static final Map<String, String> CONTEXT = Map.of("byok", "yes");

    private final KmsHarness h = new KmsHarness();
    private final KeyImport imports = h.kms.imports();

    @AfterEach
    void close() {
        h.close();
    }

    private KmsKey externalKey() {
        return h.createKey(h.a(), KmsHarness.external(null, null));
    }

    /** What a client does with GetParametersForImport's public key. */
    private byte[] wrap(String algorithm, byte[] wrappingKey, byte[] material) {
        OaepHash hash = algorithm.endsWith("SHA_1") ? OaepHash.SHA_1 : OaepHash.SHA_256;
        return algorithm.startsWith("RSA_AES_KEY_WRAP")
                ? KeyWrap.rsaAesWrap(hash, wrappingKey, material, h.random)
                : RsaOaep.encrypt(hash, wrappingKey, material, h.random);
    }

    /** GetParametersForImport, wrap, ImportKeyMaterial. */
    private void importMaterial(KmsKey key, byte[] material, Instant validTo) {
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048");
        imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrap("RSA_AES_KEY_WRAP_SHA_256", p.publicKey(), material),
                validTo, null);
    }

    @ParameterizedTest
    @CsvSource({"RSAES_OAEP_SHA_256, RSA_2048, 2048", "RSAES_OAEP_SHA_256, RSA_3072, 3072",
            "RSA_AES_KEY_WRAP_SHA_256, RSA_2048, 2048", "RSA_AES_KEY_WRAP_SHA_256, RSA_3072, 3072",
            "RSAES_OAEP_SHA_1, RSA_2048, 2048", "RSA_AES_KEY_WRAP_SHA_1, RSA_2048, 2048"})
    void importKeyMaterial_wrappedClientSide_enablesTheKey_whichThenEncryptsWithThatMaterial(String algorithm, String spec,
                                                                                                int bits) throws Exception {
        KmsKey key = externalKey();
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), algorithm, spec);
        assertThat(p.keyArn()).isEqualTo(key.arn());
        assertThat(p.validTo()).isEqualTo(KmsHarness.START.plus(Duration.ofHours(24)));
        PublicKey wrapping = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p.publicKey()));
        assertThat(((RSAPublicKey) wrapping).getModulus().bitLength()).isEqualTo(bits);
        byte[] material = h.randomBytes(32);

        imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrap(algorithm, p.publicKey(), material), null, null);

        KmsKey imported = h.describe(h.a(), key.keyId());
        assertThat(imported.state()).isEqualTo(KeyState.ENABLED);
        assertThat(imported.expirationModel()).isEqualTo("KEY_MATERIAL_DOES_NOT_EXPIRE");
        assertThat(imported.validTo()).isNull();
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("imported"), CONTEXT);
        assertThat(h.decrypt(h.a(), blob, CONTEXT)).isEqualTo(utf8("imported"));
        assertThat(SymmetricCiphertext.decrypt(blob, material, CONTEXT)).as("the blob opens with the imported bytes")
                .isEqualTo(utf8("imported"));
    }

    @Test
    void importKeyMaterial_wrappedWithPlainJcaOaep_isAccepted() throws Exception {
        KmsKey key = externalKey();
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
        Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
        oaep.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(p.publicKey())),
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        byte[] material = h.randomBytes(32);

        imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), oaep.doFinal(material), null, null);

        assertThat(SymmetricCiphertext.decrypt(h.encrypt(h.a(), key.keyId(), utf8("jca"), null), material, null))
                .isEqualTo(utf8("jca"));
    }

    @Test
    void importToken_expiresAfter24Hours() {
        KmsKey key = externalKey();
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
        byte[] wrapped = wrap("RSAES_OAEP_SHA_256", p.publicKey(), h.randomBytes(32));

        h.clock.advance(Duration.ofHours(25));

        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrapped, null, null)))
                .isEqualTo("ExpiredImportTokenException");
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void importToken_within24Hours_works() {
        KmsKey key = externalKey();
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
        h.clock.advance(Duration.ofHours(23));
        imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrap("RSAES_OAEP_SHA_256", p.publicKey(), h.randomBytes(32)),
                null, null);
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void importToken_thatIsNotTheLatest_isInvalidImportToken() {
        KmsKey key = externalKey();
        KeyImport.Parameters first = imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
        KeyImport.Parameters second = imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
        byte[] material = h.randomBytes(32);

        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), first.importToken(),
                wrap("RSAES_OAEP_SHA_256", second.publicKey(), material), null, null))).isEqualTo("InvalidImportTokenException");
        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), h.randomBytes(32),
                wrap("RSAES_OAEP_SHA_256", second.publicKey(), material), null, null))).isEqualTo("InvalidImportTokenException");
        imports.importKeyMaterial(h.a(), key.keyId(), second.importToken(), wrap("RSAES_OAEP_SHA_256", second.publicKey(), material),
                null, null);
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void importKeyMaterial_wrappedForAnotherKey_orTampered_isInvalidCiphertext() {
        KmsKey key = externalKey();
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), "RSA_AES_KEY_WRAP_SHA_256", "RSA_2048");
        AsymmetricKeyPair stranger = KeyPairs.generate(KeyPairType.RSA_2048, h.random);
        byte[] wrongKey = wrap("RSA_AES_KEY_WRAP_SHA_256", stranger.publicSpki(), h.randomBytes(32));
        byte[] tampered = wrap("RSA_AES_KEY_WRAP_SHA_256", p.publicKey(), h.randomBytes(32));
        tampered[tampered.length - 1] ^= 1;

        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrongKey, null, null)))
                .isEqualTo("InvalidCiphertextException");
        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), tampered, null, null)))
                .isEqualTo("InvalidCiphertextException");
    }

    @Test
    void importKeyMaterial_ofTheWrongSize_isIncorrectKeyMaterial() {
        KmsKey key = externalKey();
        assertThat(code(() -> importMaterial(key, h.randomBytes(16), null))).isEqualTo("IncorrectKeyMaterialException");
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void validTo_expiryByTheScheduler_returnsTheKeyToPendingImport_andItsCiphertextsFailWithInvalidState() {
        KmsKey key = externalKey();
        byte[] material = h.randomBytes(32);
        Instant validTo = h.clock.instant().plus(Duration.ofDays(2));
        importMaterial(key, material, validTo);
        KmsKey imported = h.describe(h.a(), key.keyId());
        assertThat(imported.expirationModel()).isEqualTo("KEY_MATERIAL_EXPIRES");
        assertThat(imported.validTo()).isEqualTo(validTo);
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("until friday"), CONTEXT);

        h.clock.advance(Duration.ofDays(2).minusSeconds(1));
        h.runDue();
        assertThat(h.decrypt(h.a(), blob, CONTEXT)).isEqualTo(utf8("until friday"));

        h.clock.advance(Duration.ofSeconds(2));
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(code(() -> h.decrypt(h.a(), blob, CONTEXT))).isEqualTo("KMSInvalidStateException");
        assertThat(code(() -> h.encrypt(h.a(), key.keyId(), utf8("x"), null))).isEqualTo("KMSInvalidStateException");
        assertThat(h.keysMentioning("/material/" + key.keyId() + "/")).isEmpty();
        assertThat(h.storage.transaction(io.citadel.storage.outbox.Outbox::all)).as("the expiry's EventBridge event").singleElement()
                .satisfies(m -> assertThat(m.eventJson()).contains("\"detail-type\":\"KMS Imported Key Material Expiration\"")
                        .contains("\"source\":\"aws.kms\"").contains("\"detail\":{\"key-id\":\"" + key.keyId() + "\"}"));
    }

    @Test
    void reimportingTheSameMaterial_afterExpiry_makesOldCiphertextsDecryptAgain() {
        KmsKey key = externalKey();
        byte[] material = h.randomBytes(32);
        importMaterial(key, material, h.clock.instant().plus(Duration.ofDays(1)));
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("again"), CONTEXT);
        h.clock.advance(Duration.ofDays(2));
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);

        importMaterial(key, material, null);

        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.ENABLED);
        assertThat(h.decrypt(h.a(), blob, CONTEXT)).isEqualTo(utf8("again"));
    }

    @Test
    void reimportingDifferentMaterial_isIncorrectKeyMaterial_andTheKeyStaysPendingImport() {
        KmsKey key = externalKey();
        importMaterial(key, h.randomBytes(32), null);
        imports.deleteImportedKeyMaterial(h.a(), key.keyId());

        assertThat(code(() -> importMaterial(key, h.randomBytes(32), null))).isEqualTo("IncorrectKeyMaterialException");
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void reimportingDifferentMaterial_intoAnEnabledKey_isIncorrectKeyMaterial() {
        KmsKey key = externalKey();
        byte[] material = h.randomBytes(32);
        importMaterial(key, material, null);
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("kept"), null);

        assertThat(code(() -> importMaterial(key, h.randomBytes(32), null))).isEqualTo("IncorrectKeyMaterialException");
        assertThat(SymmetricCiphertext.decrypt(blob, material, null)).isEqualTo(utf8("kept"));
        assertThat(h.decrypt(h.a(), h.encrypt(h.a(), key.keyId(), utf8("still"), null), null)).isEqualTo(utf8("still"));
    }

    @Test
    void deleteImportedKeyMaterial_returnsToPendingImport_andTheSameMaterialRestoresIt() {
        KmsKey key = externalKey();
        byte[] material = h.randomBytes(32);
        importMaterial(key, material, null);
        byte[] blob = h.encrypt(h.a(), key.keyId(), utf8("deleted"), null);

        imports.deleteImportedKeyMaterial(h.a(), key.keyId());

        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(h.keysMentioning("/material/" + key.keyId() + "/")).isEmpty();
        assertThat(code(() -> h.decrypt(h.a(), blob, null))).isEqualTo("KMSInvalidStateException");
        importMaterial(key, material, null);
        assertThat(h.decrypt(h.a(), blob, null)).isEqualTo(utf8("deleted"));
    }

    @Test
    void reimport_withoutExpiry_cancelsTheEarlierExpiry() {
        KmsKey key = externalKey();
        byte[] material = h.randomBytes(32);
        importMaterial(key, material, h.clock.instant().plus(Duration.ofDays(1)));
        importMaterial(key, material, null);

        h.clock.advance(Duration.ofDays(3));
        h.runDue();

        KmsKey after = h.describe(h.a(), key.keyId());
        assertThat(after.state()).isEqualTo(KeyState.ENABLED);
        assertThat(after.expirationModel()).isEqualTo("KEY_MATERIAL_DOES_NOT_EXPIRE");
        assertThat(after.validTo()).isNull();
    }

    @Test
    void validTo_inThePast_orMoreThanAYearAhead_orMissingForExpires_isValidationException() {
        KmsKey key = externalKey();
        KeyImport.Parameters p = imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048");
        byte[] wrapped = wrap("RSAES_OAEP_SHA_256", p.publicKey(), h.randomBytes(32));
        Instant now = h.clock.instant();
        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrapped, now.minusSeconds(1), null)))
                .isEqualTo("ValidationException");
        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrapped,
                now.plus(Duration.ofDays(366)), null))).isEqualTo("ValidationException");
        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrapped, null,
                "KEY_MATERIAL_EXPIRES"))).isEqualTo("ValidationException");
        assertThat(code(() -> imports.importKeyMaterial(h.a(), key.keyId(), p.importToken(), wrapped,
                now.plus(Duration.ofDays(2)), "KEY_MATERIAL_DOES_NOT_EXPIRE"))).isEqualTo("ValidationException");
    }

    @Test
    void expiryDuringPendingDeletion_thenCancel_leavesThePendingImportState() {
        KmsKey key = externalKey();
        importMaterial(key, h.randomBytes(32), h.clock.instant().plus(Duration.ofDays(1)));
        h.kms.deletion().scheduleKeyDeletion(h.a(), key.keyId(), 30, false);
        h.clock.advance(Duration.ofDays(2));
        h.runDue();
        assertThat(h.describe(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_DELETION);

        assertThat(h.kms.deletion().cancelKeyDeletion(h.a(), key.keyId()).state()).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void getParametersForImport_ofAKeyKmsMade_isUnsupported() {
        KmsKey key = h.symmetricKey();
        assertThat(code(() -> imports.getParametersForImport(h.a(), key.keyId(), "RSAES_OAEP_SHA_256", "RSA_2048")))
                .isEqualTo("UnsupportedOperationException");
        assertThat(code(() -> imports.deleteImportedKeyMaterial(h.a(), key.keyId()))).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void asymmetricImport_ofAnEcP256Pkcs8_signsWithThatKey() throws Exception {
        KmsKey key = h.createKey(h.a(), KmsHarness.external("ECC_NIST_P256", "SIGN_VERIFY"));
        assertThat(key.state()).isEqualTo(KeyState.PENDING_IMPORT);
        AsymmetricKeyPair pair = KeyPairs.generate(KeyPairType.EC_P256, h.random);

        importMaterial(key, pair.privatePkcs8(), null);

        assertThat(h.kms.keyPairs().getPublicKey(h.a(), Call.DIRECT, key.keyId()).publicKey()).isEqualTo(pair.publicSpki());
        byte[] message = utf8("signed with my own key");
        byte[] signature = h.kms.keyPairs().sign(h.a(), Call.DIRECT, key.keyId(), message, "RAW", "ECDSA_SHA_256", false).signature();
        Signature jca = Signature.getInstance("SHA256withECDSA");
        jca.initVerify(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pair.publicSpki())));
        jca.update(message);
        assertThat(jca.verify(signature)).isTrue();

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pair.privatePkcs8())));
        signer.update(message);
        assertThat(h.kms.keyPairs().verify(h.a(), Call.DIRECT, key.keyId(), message, "RAW", signer.sign(), "ECDSA_SHA_256", false)
                .valid()).isTrue();
    }

    @Test
    void asymmetricImport_ofAKeyOnAnotherCurve_isIncorrectKeyMaterial() {
        KmsKey key = h.createKey(h.a(), KmsHarness.external("ECC_NIST_P256", "SIGN_VERIFY"));
        AsymmetricKeyPair p384 = KeyPairs.generate(KeyPairType.EC_P384, h.random);
        assertThat(code(() -> importMaterial(key, p384.privatePkcs8(), null))).isEqualTo("IncorrectKeyMaterialException");
    }

    @Test
    void hmacImport_ofAKnownKey_macsExactlyAsJavaxCryptoDoes() throws Exception {
        KmsKey key = h.createKey(h.a(), KmsHarness.external("HMAC_256", "GENERATE_VERIFY_MAC"));
        byte[] material = h.randomBytes(32);
        importMaterial(key, material, null);
        byte[] message = utf8("mac me");

        byte[] mac = h.kms.cryptography().generateMac(h.a(), Call.DIRECT, key.keyId(), message, "HMAC_SHA_256", false).mac();

        Mac jca = Mac.getInstance("HmacSHA256");
        jca.init(new SecretKeySpec(material, "HmacSHA256"));
        assertThat(mac).isEqualTo(jca.doFinal(message));
        assertThat(h.kms.cryptography().verifyMac(h.a(), Call.DIRECT, key.keyId(), message, mac, "HMAC_SHA_256", false).keyArn())
                .isEqualTo(key.arn());
    }

    @Test
    void hmacImport_ofTooShortMaterial_isIncorrectKeyMaterial() {
        KmsKey key = h.createKey(h.a(), KmsHarness.external("HMAC_512", "GENERATE_VERIFY_MAC"));
        assertThat(code(() -> importMaterial(key, h.randomBytes(32), null))).isEqualTo("IncorrectKeyMaterialException");
    }
}
