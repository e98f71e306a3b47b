package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citadel.identity.AccessKey;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * boto3 against a node (src/test/resources/kms_boto3.py): encrypt/decrypt, signatures verified by
 * Python's cryptography from get_public_key's DER (ECDSA P-256, RSA PSS SHA-256), MACs, ECDH
 * against cryptography's exchange, HMACs of imported material against hmac, and the error codes
 * botocore parses.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KmsBoto3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void kmsScenario_withBoto3AndPythonCryptography() throws Exception {
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            node.identity().createUser(account, "boto-user", "/");
            AccessKey userKey = node.identity().createAccessKey(account, "boto-user");
            Credentials admin = node.bootstrapCredentials();
            ObjectNode plan = JSON.createObjectNode().put("endpoint", node.endpoint()).put("region", "us-east-1");
            plan.putObject("admin").put("access_key", admin.accessKeyId()).put("secret_key", admin.secretAccessKey());
            plan.putObject("user").put("access_key", userKey.accessKeyId()).put("secret_key", userKey.secretAccessKey());

            Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                    Python.cleanEnv(home), Duration.ofSeconds(120), plan.toString()).requireSuccess("kms_boto3.py");
            JsonNode out = JSON.readTree(result.stdout());

            JsonNode key = out.get("symmetric");
            String keyArn = "arn:aws:kms:us-east-1:" + account + ":key/" + key.get("KeyId").asText();
            assertThat(key.get("Arn").asText()).isEqualTo(keyArn);
            assertThat(key.get("KeySpec").asText()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(key.get("KeyUsage").asText()).isEqualTo("ENCRYPT_DECRYPT");
            assertThat(key.get("KeyState").asText()).isEqualTo("Enabled");
            assertThat(key.get("Origin").asText()).isEqualTo("AWS_KMS");
            assertThat(key.get("KeyManager").asText()).isEqualTo("CUSTOMER");
            assertThat(out.at("/encrypt/KeyId").asText()).isEqualTo(keyArn);
            assertThat(out.at("/encrypt/EncryptionAlgorithm").asText()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(out.at("/encrypt/ciphertext_holds_plaintext").asBoolean()).isFalse();
            assertThat(out.at("/decrypt/Plaintext").asText()).isEqualTo("hello from boto3");
            assertThat(out.at("/decrypt/KeyId").asText()).isEqualTo(keyArn);
            assertThat(out.at("/decrypt_wrong_context/error").asText()).isEqualTo("InvalidCiphertextException");
            assertThat(out.at("/data_key/length").asInt()).isEqualTo(32);
            assertThat(out.at("/data_key/decrypts_to_same").asBoolean()).isTrue();
            assertThat(out.get("aliases")).extracting(JsonNode::asText).containsExactly("alias/boto3");
            assertThat(out.get("encrypt_via_alias").asText()).isEqualTo(keyArn);

            assertThat(out.at("/ecdsa/curve").asText()).isEqualTo("secp256r1");
            assertThat(out.at("/ecdsa/verified").asBoolean()).isTrue();
            assertThat(out.at("/ecdsa/tampered_verified").asBoolean()).isFalse();
            assertThat(out.at("/ecdsa/kms_verify").asBoolean()).isTrue();
            assertThat(out.at("/ecdsa/kms_verify_tampered/error").asText()).isEqualTo("KMSInvalidSignatureException");
            assertThat(out.at("/rsa_pss/key_size").asInt()).isEqualTo(2048);
            assertThat(out.at("/rsa_pss/verified").asBoolean()).isTrue();
            assertThat(out.at("/rsa_pss/tampered_verified").asBoolean()).isFalse();
            assertThat(out.at("/rsa_pss/signing_algorithms")).extracting(JsonNode::asText).contains("RSASSA_PSS_SHA_256");

            assertThat(out.at("/mac/length").asInt()).isEqualTo(32);
            assertThat(out.at("/mac/verify").asBoolean()).isTrue();
            assertThat(out.at("/mac/verify_tampered/error").asText()).isEqualTo("KMSInvalidMacException");
            assertThat(out.get("imported_mac_matches_hmac").asBoolean()).isTrue();

            assertThat(out.at("/ecdh/length").asInt()).isEqualTo(32);
            assertThat(out.at("/ecdh/matches").asBoolean()).isTrue();
            assertThat(out.at("/ecdh/KeyAgreementAlgorithm").asText()).isEqualTo("ECDH");

            Map<String, String> expectedCodes = Map.of(
                    "not_found", "NotFoundException",
                    "invalid_ciphertext", "InvalidCiphertextException",
                    "validation", "ValidationException",
                    "invalid_key_usage", "InvalidKeyUsageException",
                    "disabled", "DisabledException",
                    "invalid_state", "KMSInvalidStateException",
                    "already_exists", "AlreadyExistsException",
                    "access_denied", "AccessDeniedException");
            JsonNode errors = out.get("errors");
            assertThat(errors.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrderElementsOf(expectedCodes.keySet());
            expectedCodes.forEach((name, code) -> {
                assertThat(errors.at("/" + name + "/error").asText()).as("%s: %s", name, errors.get(name)).isEqualTo(code);
                assertThat(errors.at("/" + name + "/status").asInt()).as("%s", name).isEqualTo(400);
            });
            assertThat(errors.at("/access_denied/message").asText())
                    .contains("arn:aws:iam::" + account + ":user/boto-user is not authorized to perform: kms:Encrypt");
        }
    }

    private static Path script() {
        try {
            return Path.of(KmsBoto3Test.class.getResource("/kms_boto3.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
