package io.citadel.parameters;

import static io.citadel.parameters.ParametersHarness.code;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadThrottleTest {

    @Test
    void reads_areUnlimitedByDefault() {
        ParametersHarness h = new ParametersHarness();
        h.put("/r", "v");
        for (int i = 0; i < 500; i++) {
            h.value("/r");
        }
        assertThat(h.value("/r")).isEqualTo("v");
    }

    @Test
    void readsBeyondTheRate_failWithThrottlingException_untilTimePasses_orHighThroughputIsEnabled() {
        ParametersHarness h = new ParametersHarness(new ParameterLimits(10, 10, 10, 10, 3, 6));
        h.put("/r", "v");
        for (int i = 0; i < 3; i++) {
            h.value("/r");
        }
        assertThat(code(() -> h.value("/r"))).isEqualTo("ThrottlingException");
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.value("/r")).isEqualTo("v");

        h.parameters.settings().update(h.a(), ServiceSettings.HIGH_THROUGHPUT, "true");
        h.clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 6; i++) {
            h.parameters.reads().byPath(h.a(), "/", false, null, false, null, null);
        }
        assertThat(code(() -> h.parameters.reads().getMany(h.a(), java.util.List.of("/r"), false))).isEqualTo("ThrottlingException");
    }
}
