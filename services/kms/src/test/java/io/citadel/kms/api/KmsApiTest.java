package io.citadel.kms.api;

import static io.citadel.kms.KmsHarness.code;
import static io.citadel.kms.KmsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.kms.KmsHarness;
import io.citadel.kms.KmsKey;
import io.citadel.protocol.AwsMappers;
import io.citadel.protocol.Operation;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.WireResponse;
import io.citadel.protocol.json.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The KMS operation table as the server drives it: JSON members decoded into the model's shapes, shapes encoded back. */
class KmsApiTest {

    private final KmsHarness h = new KmsHarness();
    private final ServiceApi api = KmsApi.create(h.kms);
    private final JsonCodec codec = new JsonCodec();

    @AfterEach
    void close() {
        h.close();
    }

    private JsonNode call(RequestContext ctx, String operation, String json) {
        Operation<?, ?> op = api.operation(operation);
        assertThat(op).as(operation).isNotNull();
        ObjectNode members = codec.parse(json.getBytes(StandardCharsets.UTF_8));
        return codec.encode(op.invoke(ctx, codec.decode(op, members)));
    }

    private JsonNode call(String operation, String json) {
        return call(h.a(), operation, json);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private String newKey(String json) {
        return call("CreateKey", json).path("KeyMetadata").path("KeyId").asText();
    }

    @Test
    void signingName_andProtocol_areKmsOverJson11() {
        assertThat(api.signingName()).isEqualTo("kms");
        assertThat(KmsApi.PROTOCOL.targetPrefix()).isEqualTo("TrentService");
        assertThat(api.operation("Encrypt").readOnly()).isTrue();
        assertThat(api.operation("ScheduleKeyDeletion").readOnly()).isFalse();
    }

    @Test
    void encrypt_plaintextOf4096BytesIsAccepted_4097IsValidationException() {
        String keyId = newKey("{}");
        JsonNode out = call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + b64(new byte[4096]) + "\"}");
        assertThat(out.path("KeyId").asText()).endsWith(":key/" + keyId);
        assertThat(out.path("EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");

        ServiceException tooLong = error(() -> call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\""
                + b64(new byte[4097]) + "\"}"));
        assertThat(tooLong.errorCode().code()).isEqualTo("ValidationException");
        assertThat(tooLong.getMessage()).isEqualTo("1 validation error detected: Value at 'plaintext' failed to satisfy constraint: "
                + "Member must have length less than or equal to 4096");
        assertThat(code(() -> call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"\"}"))).isEqualTo("ValidationException");
        assertThat(code(() -> call("Encrypt", "{\"KeyId\":\"" + keyId + "\"}"))).isEqualTo("ValidationException");
    }

    @Test
    void encryptThenDecrypt_overTheWire_roundTrips() {
        String keyId = newKey("{}");
        JsonNode encrypted = call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + b64("wire".getBytes(StandardCharsets.UTF_8))
                + "\",\"EncryptionContext\":{\"k\":\"v\"}}");
        JsonNode decrypted = call("Decrypt", "{\"CiphertextBlob\":\"" + encrypted.path("CiphertextBlob").asText()
                + "\",\"EncryptionContext\":{\"k\":\"v\"}}");
        assertThat(Base64.getDecoder().decode(decrypted.path("Plaintext").asText())).isEqualTo("wire".getBytes(StandardCharsets.UTF_8));
        assertThat(decrypted.path("KeyId").asText()).isEqualTo(encrypted.path("KeyId").asText());
        assertThat(code(() -> call("Decrypt", "{\"CiphertextBlob\":\"" + b64(new byte[6145]) + "\"}"))).isEqualTo("ValidationException");
    }

    @Test
    void decryptFailure_rendersAsAwsJsonError() throws Exception {
        ServiceException e = error(() -> call("Decrypt", "{\"CiphertextBlob\":\"" + b64(new byte[100]) + "\"}"));
        WireResponse response = codec.error(e.errorCode(), e.getMessage(), "application/x-amz-json-1.1");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "InvalidCiphertextException");
        JsonNode body = AwsMappers.json().readTree(response.body());
        assertThat(body.path("__type").asText()).isEqualTo("InvalidCiphertextException");
        assertThat(body.path("message").asText()).isEqualTo(e.getMessage());
    }

    @Test
    void generateDataKey_sizesAndSpecs_areCheckedAsTheModelSays() throws Exception {
        String keyId = newKey("{}");
        for (int n : new int[] {1, 1024}) {
            JsonNode out = call("GenerateDataKey", "{\"KeyId\":\"" + keyId + "\",\"NumberOfBytes\":" + n + "}");
            assertThat(Base64.getDecoder().decode(out.path("Plaintext").asText())).hasSize(n);
            assertThat(out.path("CiphertextBlob").binaryValue()).hasSizeGreaterThan(n);
        }
        for (String bad : List.of("\"NumberOfBytes\":0", "\"NumberOfBytes\":1025", "\"KeySpec\":\"AES_512\"",
                "\"NumberOfBytes\":32,\"KeySpec\":\"AES_256\"")) {
            String json = "{\"KeyId\":\"" + keyId + "\"," + bad + "}";
            assertThat(code(() -> call("GenerateDataKey", json))).as(bad).isEqualTo("ValidationException");
        }
        assertThat(code(() -> call("GenerateDataKey", "{\"KeyId\":\"" + keyId + "\"}"))).isEqualTo("ValidationException");
        JsonNode without = call("GenerateDataKeyWithoutPlaintext", "{\"KeyId\":\"" + keyId + "\",\"KeySpec\":\"AES_128\"}");
        assertThat(without.has("Plaintext")).isFalse();
        JsonNode decrypted = call("Decrypt", "{\"CiphertextBlob\":\"" + without.path("CiphertextBlob").asText() + "\"}");
        assertThat(Base64.getDecoder().decode(decrypted.path("Plaintext").asText())).hasSize(16);
    }

    @Test
    void wrongJsonTypes_areSerializationException_andUnknownEnums_ValidationException() {
        assertThat(code(() -> call("Encrypt", "{\"KeyId\":\"k\",\"Plaintext\":42}"))).isEqualTo("SerializationException");
        assertThat(code(() -> call("CreateKey", "{\"KeySpec\":\"AES_999\"}"))).isEqualTo("ValidationException");
        assertThat(code(() -> call("CreateKey", "{\"KeySpec\":\"RSA_2048\",\"CustomerMasterKeySpec\":\"RSA_2048\","
                + "\"KeyUsage\":\"SIGN_VERIFY\"}"))).isEqualTo("ValidationException");
    }

    @Test
    void grantTokens_mustBeTokensThisServiceIssued() {
        String keyId = newKey("{}");
        String plaintext = b64(new byte[] {1});
        assertThat(code(() -> call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintext
                + "\",\"GrantTokens\":[\"made-up\"]}"))).isEqualTo("InvalidGrantTokenException");
        JsonNode grant = call("CreateGrant", "{\"KeyId\":\"" + keyId + "\",\"GranteePrincipal\":\"arn:aws:iam::" + h.accountA
                + ":user/bob\",\"Operations\":[\"Encrypt\"]}");
        assertThat(grant.path("GrantId").asText()).hasSize(64);
        call("Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"" + plaintext + "\",\"GrantTokens\":[\""
                + grant.path("GrantToken").asText() + "\"]}");
    }

    @Test
    void describeKey_reportsKeyMetadataAsAwsDoes_forASymmetricKey() {
        String keyId = newKey("{\"Description\":\"orders\",\"Tags\":[{\"TagKey\":\"team\",\"TagValue\":\"blue\"}]}");
        JsonNode m = call("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").path("KeyMetadata");

        assertThat(m.path("AWSAccountId").asText()).isEqualTo(h.accountA);
        assertThat(m.path("KeyId").asText()).isEqualTo(keyId);
        assertThat(m.path("Arn").asText()).isEqualTo("arn:aws:kms:us-east-1:" + h.accountA + ":key/" + keyId);
        assertThat(m.path("CreationDate").isNumber()).isTrue();
        assertThat(m.path("CreationDate").asLong()).isEqualTo(KmsHarness.START.getEpochSecond());
        assertThat(m.path("Enabled").asBoolean()).isTrue();
        assertThat(m.path("Description").asText()).isEqualTo("orders");
        assertThat(m.path("KeyUsage").asText()).isEqualTo("ENCRYPT_DECRYPT");
        assertThat(m.path("KeyState").asText()).isEqualTo("Enabled");
        assertThat(m.path("Origin").asText()).isEqualTo("AWS_KMS");
        assertThat(m.path("KeyManager").asText()).isEqualTo("CUSTOMER");
        assertThat(m.path("CustomerMasterKeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(m.path("KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(m.path("EncryptionAlgorithms").toString()).isEqualTo("[\"SYMMETRIC_DEFAULT\"]");
        assertThat(m.path("MultiRegion").asBoolean(true)).isFalse();
        assertThat(m.path("CurrentKeyMaterialId").asText()).isNotEmpty();
        for (String absent : List.of("SigningAlgorithms", "MacAlgorithms", "KeyAgreementAlgorithms", "DeletionDate", "ValidTo",
                "ExpirationModel", "MultiRegionConfiguration", "PendingDeletionWindowInDays")) {
            assertThat(m.has(absent)).as(absent).isFalse();
        }
        assertThat(call("ListResourceTags", "{\"KeyId\":\"" + keyId + "\"}").path("Tags").toString())
                .isEqualTo("[{\"TagKey\":\"team\",\"TagValue\":\"blue\"}]");
    }

    @Test
    void describeKey_listsTheAlgorithmsOfEachKeyUsage() {
        JsonNode signing = call("DescribeKey", "{\"KeyId\":\"" + newKey("{\"KeySpec\":\"ECC_NIST_P384\",\"KeyUsage\":\"SIGN_VERIFY\"}")
                + "\"}").path("KeyMetadata");
        assertThat(signing.path("SigningAlgorithms").toString()).isEqualTo("[\"ECDSA_SHA_384\"]");
        assertThat(signing.has("EncryptionAlgorithms")).isFalse();
        assertThat(signing.has("CurrentKeyMaterialId")).isFalse();
        JsonNode mac = call("DescribeKey", "{\"KeyId\":\"" + newKey("{\"KeySpec\":\"HMAC_384\",\"KeyUsage\":\"GENERATE_VERIFY_MAC\"}")
                + "\"}").path("KeyMetadata");
        assertThat(mac.path("MacAlgorithms").toString()).isEqualTo("[\"HMAC_SHA_384\"]");
        JsonNode agreement = call("DescribeKey", "{\"KeyId\":\"" + newKey("{\"KeySpec\":\"ECC_NIST_P256\","
                + "\"KeyUsage\":\"KEY_AGREEMENT\"}") + "\"}").path("KeyMetadata");
        assertThat(agreement.path("KeyAgreementAlgorithms").toString()).isEqualTo("[\"ECDH\"]");
        assertThat(agreement.has("SigningAlgorithms")).isFalse();
        JsonNode external = call("DescribeKey", "{\"KeyId\":\"" + newKey("{\"Origin\":\"EXTERNAL\"}") + "\"}").path("KeyMetadata");
        assertThat(external.path("KeyState").asText()).isEqualTo("PendingImport");
        assertThat(external.path("Enabled").asBoolean(true)).isFalse();
        assertThat(external.path("Origin").asText()).isEqualTo("EXTERNAL");
    }

    @Test
    void scheduleKeyDeletion_overTheWire_defaultsTo30Days_andRejects6And31() {
        String keyId = newKey("{}");
        assertThat(code(() -> call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":6}")))
                .isEqualTo("ValidationException");
        assertThat(code(() -> call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\",\"PendingWindowInDays\":31}")))
                .isEqualTo("ValidationException");

        JsonNode out = call("ScheduleKeyDeletion", "{\"KeyId\":\"" + keyId + "\"}");

        assertThat(out.path("KeyId").asText()).endsWith(keyId);
        assertThat(out.path("KeyState").asText()).isEqualTo("PendingDeletion");
        assertThat(out.path("PendingWindowInDays").asInt()).isEqualTo(30);
        assertThat(out.path("DeletionDate").asLong()).isEqualTo(KmsHarness.START.plusSeconds(30 * 86400L).getEpochSecond());
        assertThat(call("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").path("KeyMetadata").path("Enabled").asBoolean(true)).isFalse();
        assertThat(call("CancelKeyDeletion", "{\"KeyId\":\"" + keyId + "\"}").path("KeyId").asText()).endsWith(keyId);
        assertThat(call("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").path("KeyMetadata").path("KeyState").asText())
                .isEqualTo("Disabled");
    }

    @Test
    void keyRotation_overTheWire_periodBoundsAndStatus() {
        String keyId = newKey("{}");
        assertThat(code(() -> call("EnableKeyRotation", "{\"KeyId\":\"" + keyId + "\",\"RotationPeriodInDays\":89}")))
                .isEqualTo("ValidationException");
        assertThat(code(() -> call("EnableKeyRotation", "{\"KeyId\":\"" + keyId + "\",\"RotationPeriodInDays\":2561}")))
                .isEqualTo("ValidationException");
        call("EnableKeyRotation", "{\"KeyId\":\"" + keyId + "\"}");

        JsonNode status = call("GetKeyRotationStatus", "{\"KeyId\":\"" + keyId + "\"}");
        assertThat(status.path("KeyRotationEnabled").asBoolean()).isTrue();
        assertThat(status.path("RotationPeriodInDays").asInt()).isEqualTo(365);
        assertThat(status.path("NextRotationDate").asLong()).isEqualTo(KmsHarness.START.plusSeconds(365 * 86400L).getEpochSecond());

        call("RotateKeyOnDemand", "{\"KeyId\":\"" + keyId + "\"}");
        JsonNode rotations = call("ListKeyRotations", "{\"KeyId\":\"" + keyId + "\"}");
        assertThat(rotations.path("Rotations")).hasSize(1);
        assertThat(rotations.path("Rotations").get(0).path("RotationType").asText()).isEqualTo("ON_DEMAND");
        assertThat(rotations.path("Rotations").get(0).path("KeyMaterialId").asText())
                .isEqualTo(call("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").path("KeyMetadata").path("CurrentKeyMaterialId").asText());
        assertThat(rotations.path("Truncated").asBoolean(true)).isFalse();
    }

    @Test
    void getKeyPolicy_overTheWire_isTheDefaultPolicy() {
        String keyId = newKey("{}");
        JsonNode out = call("GetKeyPolicy", "{\"KeyId\":\"" + keyId + "\"}");
        assertThat(out.path("PolicyName").asText()).isEqualTo("default");
        assertThat(out.path("Policy").asText()).startsWith("{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",")
                .contains("\"AWS\" : \"arn:aws:iam::" + h.accountA + ":root\"");
        assertThat(call("ListKeyPolicies", "{\"KeyId\":\"" + keyId + "\"}").path("PolicyNames").toString()).isEqualTo("[\"default\"]");
    }

    @Test
    void listKeys_overTheWire_pagesWithTruncatedAndNextMarker() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(newKey("{}"));
        }
        List<String> seen = new ArrayList<>();
        JsonNode page = call("ListKeys", "{\"Limit\":2}");
        while (true) {
            page.path("Keys").forEach(k -> {
                seen.add(k.path("KeyId").asText());
                assertThat(k.path("KeyArn").asText()).endsWith(":key/" + k.path("KeyId").asText());
            });
            if (!page.path("Truncated").asBoolean()) {
                assertThat(page.has("NextMarker")).isFalse();
                break;
            }
            page = call("ListKeys", "{\"Limit\":2,\"Marker\":\"" + page.path("NextMarker").asText() + "\"}");
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(created);
        assertThat(code(() -> call("ListKeys", "{\"Limit\":0}"))).isEqualTo("ValidationException");
        assertThat(code(() -> call("ListKeys", "{\"Limit\":1001}"))).isEqualTo("ValidationException");
    }

    @Test
    void multiRegionConfiguration_showsPrimaryAndReplicas_andUpdatePrimaryRegionSwapsThem() {
        String keyId = newKey("{\"MultiRegion\":true}");
        JsonNode replica = call("ReplicateKey", "{\"KeyId\":\"" + keyId + "\",\"ReplicaRegion\":\"us-west-2\"}");
        assertThat(replica.path("ReplicaKeyMetadata").path("Arn").asText()).startsWith("arn:aws:kms:us-west-2:");
        assertThat(replica.path("ReplicaPolicy").asText()).contains("key-default-1");

        JsonNode east = call("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").path("KeyMetadata").path("MultiRegionConfiguration");
        assertThat(east.path("MultiRegionKeyType").asText()).isEqualTo("PRIMARY");
        assertThat(east.path("PrimaryKey").path("Region").asText()).isEqualTo("us-east-1");
        assertThat(east.path("ReplicaKeys").toString()).isEqualTo("[{\"Arn\":\"arn:aws:kms:us-west-2:" + h.accountA + ":key/" + keyId
                + "\",\"Region\":\"us-west-2\"}]");

        call("UpdatePrimaryRegion", "{\"KeyId\":\"" + keyId + "\",\"PrimaryRegion\":\"us-west-2\"}");

        JsonNode eastAfter = call("DescribeKey", "{\"KeyId\":\"" + keyId + "\"}").path("KeyMetadata").path("MultiRegionConfiguration");
        JsonNode westAfter = call(h.ctx(h.rootA, KmsHarness.WEST), "DescribeKey", "{\"KeyId\":\"" + keyId + "\"}")
                .path("KeyMetadata").path("MultiRegionConfiguration");
        assertThat(eastAfter.path("MultiRegionKeyType").asText()).isEqualTo("REPLICA");
        assertThat(westAfter.path("MultiRegionKeyType").asText()).isEqualTo("PRIMARY");
        assertThat(eastAfter.path("PrimaryKey").path("Arn").asText()).isEqualTo("arn:aws:kms:us-west-2:" + h.accountA + ":key/" + keyId);
        assertThat(westAfter.path("ReplicaKeys").get(0).path("Region").asText()).isEqualTo("us-east-1");
    }

    @Test
    void getPublicKey_overTheWire_givesDerAndTheAlgorithms() {
        String keyId = newKey("{\"KeySpec\":\"ECC_NIST_P256\",\"KeyUsage\":\"SIGN_VERIFY\"}");
        JsonNode out = call("GetPublicKey", "{\"KeyId\":\"" + keyId + "\"}");
        assertThat(out.path("KeySpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(out.path("KeyUsage").asText()).isEqualTo("SIGN_VERIFY");
        assertThat(out.path("SigningAlgorithms").toString()).isEqualTo("[\"ECDSA_SHA_256\"]");
        assertThat(Base64.getDecoder().decode(out.path("PublicKey").asText())[0]).isEqualTo((byte) 0x30);
    }

    @Test
    void listGrants_overTheWire_pagesAndShowsConstraints() {
        String keyId = newKey("{}");
        for (int i = 0; i < 3; i++) {
            call("CreateGrant", "{\"KeyId\":\"" + keyId + "\",\"GranteePrincipal\":\"arn:aws:iam::" + h.accountA + ":user/u" + i
                    + "\",\"Operations\":[\"Decrypt\"],\"Constraints\":{\"EncryptionContextSubset\":{\"n\":\"" + i + "\"}}}");
        }
        JsonNode first = call("ListGrants", "{\"KeyId\":\"" + keyId + "\",\"Limit\":2}");
        assertThat(first.path("Grants")).hasSize(2);
        assertThat(first.path("Truncated").asBoolean()).isTrue();
        JsonNode second = call("ListGrants", "{\"KeyId\":\"" + keyId + "\",\"Limit\":2,\"Marker\":\""
                + first.path("NextMarker").asText() + "\"}");
        assertThat(second.path("Grants")).hasSize(1);
        assertThat(second.path("Truncated").asBoolean(true)).isFalse();
        JsonNode grant = second.path("Grants").get(0);
        assertThat(grant.path("Constraints").path("EncryptionContextSubset").size()).isEqualTo(1);
        assertThat(grant.path("Operations").toString()).isEqualTo("[\"Decrypt\"]");
        assertThat(grant.path("IssuingAccount").asText()).isEqualTo(h.accountA);
        assertThat(code(() -> call("ListGrants", "{\"KeyId\":\"" + keyId + "\",\"Marker\":\"x\"}"))).isEqualTo("InvalidMarkerException");
    }

    @Test
    void getKeyLastUsage_overTheWire() {
        String keyId = newKey("{}");
        assertThat(call("GetKeyLastUsage", "{\"KeyId\":\"" + keyId + "\"}").has("KeyLastUsage")).isFalse();
        RequestContext encrypt = h.a();
        call(encrypt, "Encrypt", "{\"KeyId\":\"" + keyId + "\",\"Plaintext\":\"AQ==\"}");
        h.kms.flushUsage();

        JsonNode out = call("GetKeyLastUsage", "{\"KeyId\":\"" + keyId + "\"}");
        assertThat(out.path("KeyLastUsage").path("Operation").asText()).isEqualTo("Encrypt");
        assertThat(out.path("KeyLastUsage").path("KmsRequestId").asText()).isEqualTo(encrypt.requestId());
        assertThat(out.path("KeyCreationDate").asLong()).isEqualTo(KmsHarness.START.getEpochSecond());
    }

    @Test
    void importKeyMaterial_andListKeyRotations_needOnlyTheirOwnPermissions() throws Exception {
        String external = newKey("{\"Origin\":\"EXTERNAL\"}");
        String rotating = newKey("{}");
        call("RotateKeyOnDemand", "{\"KeyId\":\"" + rotating + "\"}");
        io.citadel.core.Principal importer = h.user(h.accountA, "importer",
                KmsHarness.allow("kms:GetParametersForImport", "*"), KmsHarness.allow("kms:ImportKeyMaterial", "*"));
        io.citadel.core.Principal auditor = h.user(h.accountA, "auditor", KmsHarness.allow("kms:ListKeyRotations", "*"));

        JsonNode parameters = call(h.ctx(importer), "GetParametersForImport", "{\"KeyId\":\"" + external
                + "\",\"WrappingAlgorithm\":\"RSAES_OAEP_SHA_256\",\"WrappingKeySpec\":\"RSA_2048\"}");
        byte[] wrapped = io.citadel.core.crypto.RsaOaep.encrypt(io.citadel.core.crypto.OaepHash.SHA_256,
                parameters.path("PublicKey").binaryValue(), h.randomBytes(32), h.random);
        JsonNode imported = call(h.ctx(importer), "ImportKeyMaterial", "{\"KeyId\":\"" + external + "\",\"ImportToken\":\""
                + parameters.path("ImportToken").asText() + "\",\"EncryptedKeyMaterial\":\"" + b64(wrapped)
                + "\",\"ExpirationModel\":\"KEY_MATERIAL_DOES_NOT_EXPIRE\"}");
        assertThat(imported.path("KeyId").asText()).endsWith(":key/" + external);
        assertThat(imported.path("KeyMaterialId").asText()).hasSize(64);

        JsonNode rotations = call(h.ctx(auditor), "ListKeyRotations", "{\"KeyId\":\"" + rotating + "\"}");
        assertThat(rotations.path("Rotations")).hasSize(1);
        assertThat(rotations.path("Rotations").get(0).path("KeyId").asText()).isEqualTo(rotating);
    }

    @Test
    void customKeyStoreOperations_areUnsupported() {
        for (String op : List.of("CreateCustomKeyStore", "DescribeCustomKeyStores", "ConnectCustomKeyStore")) {
            assertThat(code(() -> call(op, "{}"))).as(op).isEqualTo("UnsupportedOperationException");
        }
        assertThat(code(() -> call("CreateKey", "{\"CustomKeyStoreId\":\"cks-1\"}"))).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void everyOperationOfTheModel_isInTheTable() throws Exception {
        java.nio.file.Path file = java.util.stream.Stream.of("../../../shared/aws-models", "/work/shared/aws-models")
                .map(dir -> java.nio.file.Path.of(dir, "kms", "service-2.json")).filter(java.nio.file.Files::isRegularFile)
                .findFirst().orElseThrow(() -> new AssertionError("AWS models not found at ../../../shared/aws-models or "
                        + "/work/shared/aws-models"));
        JsonNode model = AwsMappers.json().readTree(java.nio.file.Files.readAllBytes(file));
        List<String> missing = new ArrayList<>();
        model.path("operations").fieldNames().forEachRemaining(name -> {
            if (api.operation(name) == null) {
                missing.add(name);
            }
        });
        assertThat(missing).isEmpty();
    }

    @Test
    void createKeyOverTheWire_asKmsKey_matchesTheDomain() {
        String keyId = newKey("{\"KeySpec\":\"HMAC_256\",\"KeyUsage\":\"GENERATE_VERIFY_MAC\"}");
        KmsKey key = h.describe(h.a(), keyId);
        assertThat(key.keySpec().name()).isEqualTo("HMAC_256");
    }
}
