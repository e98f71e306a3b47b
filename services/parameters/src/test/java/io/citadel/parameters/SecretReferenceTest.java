package io.citadel.parameters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretReferenceTest {

    private final ParametersHarness h = new ParametersHarness();
    private final Parameters parameters = new Parameters(h.storage, h.clock, new java.security.SecureRandom(), h.access, h.kms,
            new io.citadel.storage.schedule.StorageScheduler(h.storage, h.clock, "node-x"), ParametersHarness.LIMITS,
            (ctx, id) -> id.equals("db") ? Optional.of(new SecretReferences.Secret("arn:aws:secretsmanager:us-east-1:1:secret:db-abcdef",
                    "s3cr3t", Instant.parse("2026-01-01T00:00:00Z"), "{\"Name\":\"db\"}")) : Optional.empty());

    @Test
    void reference_withDecryption_returnsTheSecretAsASecureString() {
        ParameterReads.Resolved r = parameters.reads().get(h.a(), "/aws/reference/secretsmanager/db", true);
        assertThat(r.value()).isEqualTo("s3cr3t");
        assertThat(r.version().type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(r.arn()).startsWith("arn:aws:secretsmanager:");
        assertThat(r.sourceResult()).isEqualTo("{\"Name\":\"db\"}");
    }

    @Test
    void reference_withoutDecryption_isRefused_andAMissingSecretIsParameterNotFound() {
        assertThat(ParametersHarness.error(() -> parameters.reads().get(h.a(), "/aws/reference/secretsmanager/db", false)).getMessage())
                .isEqualTo("WithDecryption flag must be True for retrieving a Secret Manager secret.");
        assertThat(ParametersHarness.code(() -> parameters.reads().get(h.a(), "/aws/reference/secretsmanager/none", true)))
                .isEqualTo("ParameterNotFound");
    }
}
