package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterTier;

/** An Expiration policy through the SDK, carried out by the node's durable scheduler after its clock moves (no sleeping). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SsmTimeTravelTest {

    @TempDir
    Path dataDir;

    @Test
    void expirationPolicy_deletesTheParameter_whenTheClockPassesIt() {
        try (Node node = Node.start(dataDir); SsmClient ssm = SsmClients.ssmOnNodeClock(node, node.bootstrapCredentials())) {
            String at = node.clock().instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
            String policy = "[{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":{\"Timestamp\":\"" + at + "\"}}]";
            ssm.putParameter(b -> b.name("/tt/expiring").value("short-lived").tier(ParameterTier.ADVANCED).policies(policy));
            assertThat(ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Name").values("/tt/expiring"))).parameters())
                    .singleElement().satisfies(p -> assertThat(p.policies()).singleElement()
                            .satisfies(pol -> assertThat(pol.policyType()).isEqualTo("Expiration")));

            node.clock().advance(Duration.ofDays(1));
            node.citadel().runScheduledJobs();
            assertThat(ssm.getParameter(b -> b.name("/tt/expiring")).parameter().value()).isEqualTo("short-lived");

            node.clock().advance(Duration.ofDays(2));
            node.citadel().runScheduledJobs();
            assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/tt/expiring"))).isInstanceOf(ParameterNotFoundException.class);
        }
    }
}
