package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

/** A scheduled rule through the SDK: PutRule with rate(), fired by the node's durable scheduler as its clock moves. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventsScheduledRuleTest {

    @TempDir
    Path dataDir;

    @Test
    void rateRule_deliversScheduledEventsToItsLogTarget_asTheClockMoves() throws Exception {
        try (Node node = Node.start(dataDir); EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials())) {
            String account = node.adminAccountId();
            String ruleArn = events.putRule(b -> b.name("every-10").scheduleExpression("rate(10 minutes)")).ruleArn();
            events.putTargets(b -> b.rule("every-10").targets(t -> t.id("log")
                    .arn("arn:aws:events:us-east-1:" + account + ":log/scheduled")));
            assertThat(events.describeRule(b -> b.name("every-10")).scheduleExpression()).isEqualTo("rate(10 minutes)");
            assertThatThrownBy(() -> events.putRule(b -> b.name("bad").scheduleExpression("rate(1 minutes)")))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Parameter ScheduleExpression is not valid.");
                    });

            for (int i = 0; i < 3; i++) {
                node.clock().advance(Duration.ofMinutes(10));
                node.citadel().runScheduledJobs();
            }
            Path log = dataDir.resolve("events-log").resolve(account).resolve("us-east-1").resolve("scheduled.jsonl");
            ObjectMapper json = new ObjectMapper();
            List<JsonNode> fired = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                fired.add(json.readTree(line));
            }
            assertThat(fired).hasSize(3).allSatisfy(e -> {
                assertThat(e.path("detail-type").asText()).isEqualTo("Scheduled Event");
                assertThat(e.path("source").asText()).isEqualTo("aws.events");
                assertThat(e.path("resources").get(0).asText()).isEqualTo(ruleArn);
            });
        }
    }
}
