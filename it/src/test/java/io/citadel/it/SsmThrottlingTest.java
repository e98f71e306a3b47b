package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.app.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.SsmException;

/** The node's Parameter Store read rates come from its settings; exceeding one answers AWS's ThrottlingException. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SsmThrottlingTest {

    @TempDir
    Path dataDir;

    @Test
    void readsBeyondTheConfiguredRate_areThrottled_andHighThroughputUsesItsOwnRate() {
        try (Node node = Node.builder(dataDir).flag(Setting.SSM_READS_PER_SECOND, "2")
                .flag(Setting.SSM_HIGH_THROUGHPUT_READS_PER_SECOND, "100000").start();
             SsmClient ssm = SsmClients.ssmOnNodeClock(node, node.bootstrapCredentials())) {
            ssm.putParameter(b -> b.name("/rate/p").value("v").type(ParameterType.STRING));

            int[] outcome = readBurst(ssm, 20);
            assertThat(outcome[0]).as("reads allowed").isBetween(2, 19);
            assertThat(outcome[1]).as("reads throttled").isPositive();

            ssm.updateServiceSetting(b -> b.settingId("/ssm/parameter-store/high-throughput-enabled").settingValue("true"));
            node.clock().advance(Duration.ofSeconds(1));
            assertThat(readBurst(ssm, 20)).as("allowed, throttled").containsExactly(20, 0);
        }
    }

    /** {allowed, throttled}; any other error fails the test. */
    private static int[] readBurst(SsmClient ssm, int calls) {
        int[] outcome = new int[2];
        for (int i = 0; i < calls; i++) {
            try {
                assertThat(ssm.getParameter(b -> b.name("/rate/p")).parameter().value()).isEqualTo("v");
                outcome[0]++;
            } catch (SsmException e) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
                outcome[1]++;
            }
        }
        return outcome;
    }
}
