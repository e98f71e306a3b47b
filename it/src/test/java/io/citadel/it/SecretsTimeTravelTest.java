package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** The recovery window, carried out by the node's durable scheduler after the node's clock is moved; it survives a restart. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SecretsTimeTravelTest {

    @TempDir
    Path dataDir;

    @Test
    void deletedSecret_isPurgedOnlyAfterItsWindow_evenAcrossARestart() {
        try (Node node = Node.start(dataDir); SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            sm.createSecret(b -> b.name("tt/doomed").secretString("v"));
            sm.createSecret(b -> b.name("tt/kept").secretString("k"));
            sm.deleteSecret(b -> b.secretId("tt/doomed").recoveryWindowInDays(7L));
        }
        try (Node node = Node.start(dataDir); SecretsManagerClient sm = SecretsClients.secretsOnNodeClock(node, node.bootstrapCredentials())) {
            node.clock().advance(Duration.ofDays(6));
            node.citadel().runScheduledJobs();
            assertThat(sm.describeSecret(b -> b.secretId("tt/doomed")).deletedDate()).isNotNull();
            node.clock().advance(Duration.ofDays(1).plusMinutes(1));
            node.citadel().runScheduledJobs();
            assertThatThrownBy(() -> sm.describeSecret(b -> b.secretId("tt/doomed"))).isInstanceOf(ResourceNotFoundException.class);
            assertThat(sm.getSecretValue(b -> b.secretId("tt/kept")).secretString()).isEqualTo("k");
            sm.createSecret(b -> b.name("tt/doomed").secretString("reborn"));
        }
    }
}
