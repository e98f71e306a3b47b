package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** EventBridge through `aws events`: put-events, test-event-pattern, rules and a log target, and the errors the CLI prints. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EventsAwsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void awsEvents_putEvents_testEventPattern_rulesAndALogTarget() throws Exception {
        try (Node node = Node.start(dataDir)) {
            IamCliTest.Aws aws = IamCliTest.Aws.as(node, home, node.bootstrapCredentials());
            String account = node.adminAccountId();
            String event = "{\"id\":\"1\",\"account\":\"" + account + "\",\"source\":\"cli.app\",\"time\":\"2026-01-01T00:00:00Z\","
                    + "\"region\":\"us-east-1\",\"resources\":[],\"detail-type\":\"Thing\",\"detail\":{\"size\":12,\"ip\":\"10.0.0.7\"}}";
            assertThat(aws.ok("events", "test-event-pattern", "--event", event, "--event-pattern",
                    "{\"detail\":{\"size\":[{\"numeric\":[\">\",10]}],\"ip\":[{\"cidr\":\"10.0.0.0/24\"}]}}").get("Result").asBoolean())
                    .isTrue();
            assertThat(aws.ok("events", "test-event-pattern", "--event", event, "--event-pattern",
                    "{\"source\":[{\"prefix\":\"other\"}]}").get("Result").asBoolean()).isFalse();
            assertThat(aws.fails("events", "test-event-pattern", "--event", event, "--event-pattern", "{\"source\":\"cli.app\"}"))
                    .contains("(InvalidEventPatternException) when calling the TestEventPattern operation");

            assertThat(aws.ok("events", "describe-event-bus").get("Arn").asText())
                    .isEqualTo("arn:aws:events:us-east-1:" + account + ":event-bus/default");
            aws.ok("events", "put-rule", "--name", "cli-rule", "--event-pattern", "{\"source\":[\"cli.app\"]}");
            String logArn = "arn:aws:events:us-east-1:" + account + ":log/cli";
            assertThat(aws.ok("events", "put-targets", "--rule", "cli-rule", "--targets", "Id=log,Arn=" + logArn)
                    .get("FailedEntryCount").asInt()).isZero();
            assertThat(aws.ok("events", "list-rules").get("Rules")).extracting(r -> r.get("Name").asText()).containsExactly("cli-rule");
            assertThat(aws.ok("events", "list-rule-names-by-target", "--target-arn", logArn).get("RuleNames"))
                    .extracting(JsonNode::asText).containsExactly("cli-rule");

            JsonNode put = aws.ok("events", "put-events", "--entries",
                    "[{\"Source\":\"cli.app\",\"DetailType\":\"Thing\",\"Detail\":\"{\\\"n\\\":1}\"},"
                            + "{\"Source\":\"cli.app\",\"DetailType\":\"Thing\",\"Detail\":\"not json\"}]");
            assertThat(put.get("FailedEntryCount").asInt()).isEqualTo(1);
            assertThat(put.at("/Entries/1/ErrorCode").asText()).isEqualTo("MalformedDetail");
            String id = put.at("/Entries/0/EventId").asText();

            Path log = dataDir.resolve("events-log").resolve(account).resolve("us-east-1").resolve("cli.jsonl");
            Poll.until("the log target's file has the event", Duration.ofSeconds(20), () -> Files.exists(log) && lines(log).size() == 1);
            JsonNode logged = JSON.readTree(lines(log).getFirst());
            assertThat(logged.get("id").asText()).isEqualTo(id);
            assertThat(logged.at("/detail/n").asInt()).isEqualTo(1);

            assertThat(aws.fails("events", "describe-rule", "--name", "missing"))
                    .contains("(ResourceNotFoundException) when calling the DescribeRule operation");
            assertThat(aws.fails("events", "delete-rule", "--name", "cli-rule")).contains("(ValidationException)");
            aws.ok("events", "remove-targets", "--rule", "cli-rule", "--ids", "log");
            aws.ok("events", "delete-rule", "--name", "cli-rule");
            assertThat(aws.ok("events", "list-rules").get("Rules")).isEmpty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            return List.of();
        }
    }
}
