package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterTier;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * SecureString values never reach the SQLite files in the clear (raw, hex or base64; small values
 * through KMS, large ones through the envelope), while parameter names (unsealed storage keys) are
 * found, which shows the scan sees the data.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SsmSealedAtRestTest {

    @TempDir
    Path dataDir;

    @Test
    void sqliteFiles_holdNoSecureStringPlaintext() {
        String small = "ssm-sealed-small-" + System.nanoTime();
        String large = "ssm-sealed-large-" + System.nanoTime() + "-" + "L".repeat(6000);
        StoredBytes whileRunning;
        try (Node node = Node.start(dataDir); SsmClient ssm = SsmClients.ssm(node, node.bootstrapCredentials())) {
            ssm.putParameter(b -> b.name("/sealed/small").value(small).type(ParameterType.SECURE_STRING));
            ssm.putParameter(b -> b.name("/sealed/large").value(large).type(ParameterType.SECURE_STRING).tier(ParameterTier.ADVANCED));
            assertThat(ssm.getParameter(b -> b.name("/sealed/large").withDecryption(true)).parameter().value()).isEqualTo(large);
            whileRunning = StoredBytes.sqliteFiles(dataDir);
        }
        StoredBytes afterClose = StoredBytes.sqliteFiles(dataDir);
        for (StoredBytes stored : List.of(whileRunning, afterClose)) {
            assertThat(stored.contains("sealed/small".getBytes(StandardCharsets.UTF_8))).as("names are storage keys").isTrue();
            for (String secret : List.of(small, large.substring(0, 40))) {
                byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
                assertThat(stored.occurrences(bytes)).as("raw").isEmpty();
                assertThat(stored.occurrences(HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII))).as("hex").isEmpty();
                assertThat(stored.occurrences(Base64.getEncoder().encode(bytes))).as("base64").isEmpty();
            }
        }
    }
}
