package io.citadel.secrets;

import static io.citadel.secrets.SecretsHarness.allow;
import static io.citadel.secrets.SecretsHarness.code;
import static io.citadel.secrets.SecretsHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import io.citadel.core.json.StoredJson;
import io.citadel.kms.Call;
import io.citadel.kms.KeyAdministration;
import io.citadel.kms.KmsKey;
import io.citadel.storage.sqlite.SqliteStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretEncryptionTest {

    private static KeyAdministration.CreateKeyInput key() {
        return new KeyAdministration.CreateKeyInput(null, null, null, null, null, null, null, false, List.of(), false, null);
    }

    private static SecretVersion stored(SecretsHarness h, String name, String versionId) {
        byte[] value = h.storage.get(h.accountA + "/us-east-1/secretsmanager/v/" + name + "#" + versionId).orElseThrow();
        return StoredJson.read(value, SecretVersion.class);
    }

    @Test
    void eachVersion_hasADataKeyFromKms_underAwsSecretsmanager_withAwsEncryptionContext() {
        try (SecretsHarness h = new SecretsHarness()) {
            SecretWrites.Written w = h.create("s", "value-1");
            KmsKey managed = h.kms.administration().describeKey(h.a(), Call.DIRECT, "alias/aws/secretsmanager");
            SecretVersion v = stored(h, "s", w.versionId());
            assertThat(v.keyArn()).isEqualTo(managed.arn());
            var plain = h.kms.cryptography().decrypt(h.a(), Call.via("secretsmanager", "us-east-1"), v.wrappedKey(),
                    Map.of("SecretARN", w.arn(), "SecretVersionId", w.versionId()), null, null, false);
            assertThat(plain.plaintext()).hasSize(32);
            assertThat(code(() -> h.kms.cryptography().decrypt(h.a(), Call.via("secretsmanager", "us-east-1"), v.wrappedKey(),
                    Map.of("SecretARN", w.arn(), "SecretVersionId", "other"), null, null, false))).isEqualTo("InvalidCiphertextException");
        }
    }

    @Test
    void aCallerWithoutKmsDecrypt_getsAwsAccessDenied_neverTheValue() {
        try (SecretsHarness h = new SecretsHarness()) {
            KmsKey cmk = h.kms.administration().createKey(h.a(), key());
            h.secrets().writes().create(h.a(), new SecretWrites.CreateInput("cmk", null, null, cmk.arn(), "top-secret", null, null, null, false));
            Principal reader = h.user("reader", allow("secretsmanager:GetSecretValue", "*"));
            var e = error(() -> h.secrets().reads().get(h.ctx(reader, "us-east-1"), "cmk", null, null));
            assertThat(e.errorCode().code()).isEqualTo("AccessDeniedException");
            assertThat(e.getMessage()).isEqualTo("Access to KMS is not allowed");
            Principal both = h.user("both", allow("secretsmanager:GetSecretValue", "*"), allow("kms:Decrypt", cmk.arn()));
            assertThat(h.secrets().reads().get(h.ctx(both, "us-east-1"), "cmk", null, null).secretString()).isEqualTo("top-secret");
            Principal none = h.user("none");
            assertThat(error(() -> h.secrets().reads().get(h.ctx(none, "us-east-1"), "cmk", null, null)).getMessage())
                    .contains("is not authorized to perform: secretsmanager:GetSecretValue");
        }
    }

    @Test
    void updateSecret_withAnotherKey_reencryptsTheLabelledVersions() {
        try (SecretsHarness h = new SecretsHarness()) {
            String v1 = h.create("s", "one").versionId();
            String v2 = h.secrets().writes().putValue(h.a(), "s", null, "two", null, null).versionId();
            String v3 = h.secrets().writes().putValue(h.a(), "s", null, "three", null, null).versionId();
            KmsKey cmk = h.kms.administration().createKey(h.a(), key());
            h.secrets().writes().update(h.a(), new SecretWrites.UpdateInput("s", null, null, cmk.keyId(), null, null));
            assertThat(stored(h, "s", v3).keyArn()).isEqualTo(cmk.arn());
            assertThat(stored(h, "s", v2).keyArn()).isEqualTo(cmk.arn());
            assertThat(stored(h, "s", v1).keyArn()).isNotEqualTo(cmk.arn());
            assertThat(h.describe("s").kmsKeyId()).isEqualTo(cmk.keyId());
            assertThat(h.current("s")).isEqualTo("three");
            String v4 = h.secrets().writes().putValue(h.a(), "s", null, "four", null, null).versionId();
            assertThat(stored(h, "s", v4).keyArn()).isEqualTo(cmk.arn());
        }
    }

    @Test
    void aDisabledKey_isEncryptionFailure() {
        try (SecretsHarness h = new SecretsHarness()) {
            KmsKey cmk = h.kms.administration().createKey(h.a(), key());
            h.kms.administration().disableKey(h.a(), cmk.keyId());
            assertThat(code(() -> h.secrets().writes().create(h.a(), new SecretWrites.CreateInput("s", null, null, cmk.keyId(), "v", null,
                    null, null, false)))).isEqualTo("EncryptionFailure");
        }
    }

    @Test
    void sqliteFile_holdsNoSecretValue(@TempDir Path dir) throws Exception {
        String secret = "sqlite-secret-" + System.nanoTime();
        try (SecretsHarness h = new SecretsHarness(SqliteStorage.open(dir), SecretLimits.AWS)) {
            h.create("scan/me", secret);
            h.secrets().writes().putValue(h.a(), "scan/me", null, secret + "-2", null, null);
            assertThat(h.current("scan/me")).isEqualTo(secret + "-2");
        }
        byte[] all = concat(dir);
        String text = new String(all, StandardCharsets.ISO_8859_1);
        assertThat(text).contains("scan/me");
        byte[] raw = secret.getBytes(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(secret);
        assertThat(text).doesNotContain(HexFormat.of().formatHex(raw));
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(raw).substring(0, 16));
    }

    private static byte[] concat(Path dir) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                out.write(Files.readAllBytes(p));
            }
        }
        return out.toByteArray();
    }
}
