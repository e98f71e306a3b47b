package io.citadel.parameters;

import static io.citadel.parameters.ParametersHarness.allow;
import static io.citadel.parameters.ParametersHarness.code;
import static io.citadel.parameters.ParametersHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import io.citadel.kms.Call;
import io.citadel.kms.KeyAdministration;
import io.citadel.storage.Entry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecureStringTest {

    private final ParametersHarness h = new ParametersHarness();

    private void putSecure(String name, String value, String keyId) {
        h.parameters.writes().put(h.a(), new ParameterWrites.PutInput(name, null, value, "SecureString", keyId, false, null, null,
                value.length() > 4096 ? "Advanced" : null, null, null));
    }

    @Test
    void secureString_withoutKeyId_usesAwsManagedKey_andDecryptsOnlyWhenAsked() {
        putSecure("/db/password", "hunter2-secret", null);
        var plain = h.parameters.reads().get(h.a(), "/db/password", true);
        assertThat(plain.value()).isEqualTo("hunter2-secret");
        assertThat(plain.version().keyId()).isEqualTo("alias/aws/ssm");
        var sealed = h.parameters.reads().get(h.a(), "/db/password", false);
        assertThat(sealed.value()).isNotEqualTo("hunter2-secret");
        // without decryption the value is the KMS ciphertext; alias/aws/ssm's policy allows it only via ssm, as in AWS
        byte[] blob = Base64.getDecoder().decode(sealed.value());
        assertThat(code(() -> h.kms.cryptography().decrypt(h.a(), Call.DIRECT, blob, Map.of("PARAMETER_ARN", h.arn("/db/password")),
                null, null, false))).isEqualTo("AccessDeniedException");
    }

    @Test
    void secureString_withCustomerKey_isTheKmsCiphertextUnderTheParameterArnContext() {
        String keyId = customerKey();
        putSecure("/c/secret", "customer-key-secret", keyId);
        byte[] blob = Base64.getDecoder().decode(h.parameters.reads().get(h.a(), "/c/secret", false).value());
        byte[] decrypted = h.kms.cryptography().decrypt(h.a(), Call.DIRECT, blob, Map.of("PARAMETER_ARN", h.arn("/c/secret")), null,
                null, false).plaintext();
        assertThat(new String(decrypted, StandardCharsets.UTF_8)).isEqualTo("customer-key-secret");
        assertThat(code(() -> h.kms.cryptography().decrypt(h.a(), Call.DIRECT, blob, Map.of("PARAMETER_ARN", h.arn("/other")), null,
                null, false))).isEqualTo("InvalidCiphertextException");
    }

    private String customerKey() {
        return h.kms.administration().createKey(h.a(), new KeyAdministration.CreateKeyInput(null, "ssm test", null, null, null, null,
                null, false, java.util.List.of(), false, null)).keyId();
    }

    @Test
    void secureString_largerThanKmsLimit_usesEnvelope_andRoundTrips() {
        String big = "s".repeat(6000) + "-end";
        putSecure("/big/secret", big, null);
        assertThat(h.value("/big/secret")).isEqualTo(big);
        byte[] stored = Base64.getDecoder().decode(h.parameters.reads().get(h.a(), "/big/secret", false).value());
        assertThat(stored[0]).isEqualTo(SecureValues.ENVELOPE_MARKER);
    }

    @Test
    void secureString_plaintextIsNeverStored_evenUnderTheBarrier() {
        putSecure("/s/one", "plaintext-marker-1234", null);
        putSecure("/s/two", "envelope-marker-5678" + "x".repeat(5000), null);
        for (Entry e : ParametersHarnessEntries.opened(h)) {
            String text = new String(e.value(), StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("plaintext-marker-1234").doesNotContain("envelope-marker-5678");
        }
    }

    @Test
    void secureString_unknownKey_failsWithInvalidKeyId() {
        assertThat(code(() -> putSecure("/k", "v", "alias/does-not-exist"))).isEqualTo("InvalidKeyId");
        assertThat(code(() -> h.parameters.writes().put(h.a(), new ParameterWrites.PutInput("/k", null, "v", "String", "alias/x", false,
                null, null, null, null, null)))).isEqualTo("ValidationException");
    }

    @Test
    void callerWithoutKmsDecrypt_getsAccessDenied_neverTheValue() {
        putSecure("/guarded", "top-secret-value", customerKey());
        Principal reader = h.user("reader", allow("ssm:GetParameter", "*"));
        var e = error(() -> h.parameters.reads().get(h.ctx(reader), "/guarded", true));
        assertThat(e.errorCode().code()).isEqualTo("AccessDeniedException");
        assertThat(e.getMessage()).contains("kms:Decrypt").doesNotContain("top-secret-value");
        assertThat(h.parameters.reads().get(h.ctx(reader), "/guarded", false).value()).doesNotContain("top-secret-value");
    }
}
