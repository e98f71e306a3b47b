package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.events.AwsEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PutEvents builds envelopes from the detail it parsed to validate it; the text must stay AwsEvent's. */
class EnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"order\":42,\"customer\":\"c-1\",\"items\":[1,2,3]}", "{ \"spaced\" : [ 1.50, 2e3, -0 ] }",
            "{\"a\":{\"b\":null,\"c\":true},\"d\":\"\\u00e9\\\"\\n\\\\\",\"big\":123456789012345678901234567890}",
            "{\"dup\":1,\"dup\":2}", "{\"emoji\":\"\uD83D\uDE00\",\"ctl\":\"\\u0001\"}"})
    void envelope_isAwsEventsText(String detail) throws Exception {
        Instant time = Instant.parse("2026-03-01T10:11:12.345Z");
        List<String> resources = List.of("arn:aws:s3:::b", "r\"2");
        String expected = new AwsEvent("id-1", "Type \"x\"", "my.app", "123456789012", time, "us-east-1", resources, detail).json();
        assertThat(EventIngest.envelope("id-1", "Type \"x\"", "my.app", "123456789012", time, "us-east-1", resources,
                JSON.readTree(detail))).isEqualTo(expected);
    }
}
