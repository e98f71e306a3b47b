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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secret values never reach the SQLite files in the clear (raw, hex or base64; strings, binaries,
 * a 64 KiB value, a replica), while secret names (unsealed storage keys) are found, which shows the
 * scan sees the data.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsSealedAtRestTest {

    @TempDir
    Path dataDir;

    @Test
    void sqliteFiles_holdNoSecretValue() {
        String small = "sm-sealed-small-" + System.nanoTime();
        String large = "sm-sealed-large-" + System.nanoTime() + "-" + "L".repeat(65_000);
        String binary = "sm-sealed-binary-" + System.nanoTime();
        StoredBytes whileRunning;
        try (Node node = Node.start(dataDir); SecretsManagerClient sm = SecretsClients.secrets(node, node.bootstrapCredentials())) {
            sm.createSecret(b -> b.name("sealed/small").secretString(small));
            sm.createSecret(b -> b.name("sealed/large").secretString(large));
            sm.createSecret(b -> b.name("sealed/binary").secretBinary(SdkBytes.fromUtf8String(binary)));
            sm.putSecretValue(b -> b.secretId("sealed/small").secretString(small + "-v2"));
            sm.replicateSecretToRegions(b -> b.secretId("sealed/small").addReplicaRegions(r -> r.region("eu-west-1")));
            assertThat(sm.getSecretValue(b -> b.secretId("sealed/large")).secretString()).isEqualTo(large);
            whileRunning = StoredBytes.sqliteFiles(dataDir);
        }
        StoredBytes afterClose = StoredBytes.sqliteFiles(dataDir);
        for (StoredBytes stored : List.of(whileRunning, afterClose)) {
            assertThat(stored.contains("sealed/small".getBytes(StandardCharsets.UTF_8))).as("names are storage keys").isTrue();
            for (String secret : List.of(small, large.substring(0, 40), binary)) {
                byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
                assertThat(stored.occurrences(bytes)).as("raw").isEmpty();
                assertThat(stored.occurrences(HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII))).as("hex").isEmpty();
                assertThat(stored.occurrences(Base64.getEncoder().encode(bytes))).as("base64").isEmpty();
            }
        }
    }
}
