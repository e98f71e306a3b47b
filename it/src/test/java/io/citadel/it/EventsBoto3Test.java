package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** EventBridge through boto3 (events_boto3.py): buses, tags, a basic-auth API destination with an input transformer, paging, errors. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventsBoto3Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void eventsScenario_withBoto3() throws Exception {
        try (Node node = Node.start(dataDir); EventsReceiver receiver = new EventsReceiver()) {
            Credentials admin = node.bootstrapCredentials();
            ObjectNode plan = JSON.createObjectNode().put("endpoint", node.endpoint()).put("region", "us-east-1")
                    .put("receiver", receiver.url("/boto"));
            plan.putObject("admin").put("access_key", admin.accessKeyId()).put("secret_key", admin.secretAccessKey());
            Processes.Result result = Processes.run(List.of(Python.executable().toString(), script().toString()),
                    Python.cleanEnv(home), Duration.ofSeconds(120), plan.toString()).requireSuccess("events_boto3.py");
            JsonNode out = JSON.readTree(result.stdout());

            assertThat(out.get("bus_arn").asText()).isEqualTo("arn:aws:events:us-east-1:" + node.adminAccountId() + ":event-bus/boto-bus");
            assertThat(out.at("/bus_tags/0/Key").asText()).isEqualTo("team");
            assertThat(out.get("connection_state").asText()).isEqualTo("AUTHORIZED");
            assertThat(out.at("/connection_described/BasicAuthParameters/Username").asText()).isEqualTo("boto");
            assertThat(out.get("connection_described").toString()).doesNotContain("boto-pass");
            assertThat(out.get("put_targets_failed").asInt()).isZero();
            assertThat(out.get("paged_rules")).extracting(JsonNode::asText).containsExactly("boto-rule", "page-0", "page-1", "page-2");
            assertThat(out.get("put_failed").asInt()).isZero();
            Map<String, String> expected = Map.of("bus_exists", "ResourceAlreadyExistsException", "no_rule", "ResourceNotFoundException",
                    "bad_pattern", "InvalidEventPatternException", "unsupported", "UnsupportedOperationException",
                    "bad_name", "ValidationException");
            expected.forEach((name, code) -> {
                assertThat(out.at("/errors/" + name + "/error").asText()).as("%s: %s", name, out.at("/errors/" + name)).isEqualTo(code);
                assertThat(out.at("/errors/" + name + "/status").asInt()).as(name).isEqualTo(400);
            });

            Poll.until("the wanted event reaches the receiver", Duration.ofSeconds(20), () -> !receiver.received.isEmpty());
            node.citadel().runScheduledJobs();
            assertThat(receiver.received).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("PUT");
                assertThat(r.path()).isEqualTo("/boto");
                assertThat(r.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString("boto:boto-pass".getBytes()));
                assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("{\"kind\":\"wanted\"}"));
            });
        }
    }

    private static Path script() {
        try {
            return Path.of(EventsBoto3Test.class.getResource("/events_boto3.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
