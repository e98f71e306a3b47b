package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.ServiceException;
import io.citadel.storage.schedule.StorageScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduledRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path logDir;
    EventsHarness h;
    StorageScheduler scheduler;

    @BeforeEach
    void setUp() throws Exception {
        h = new EventsHarness(logDir);
        scheduler = new StorageScheduler(h.storage, h.clock, "node-1");
        h.events.fireScheduledRulesOn(scheduler);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private String logArn(String name) {
        return "arn:aws:events:us-east-1:" + h.accountA + ":log/" + name;
    }

    private List<JsonNode> lines(String name) throws Exception {
        Path file = logDir.resolve(h.accountA).resolve("us-east-1").resolve(name + ".jsonl");
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private void tick(Duration by) {
        h.clock.advance(by);
        scheduler.runDue();
        h.events.delivery().runUntilIdle(10);
    }

    @Test
    void rateRule_firesAScheduledEventEveryPeriod_toItsTargetsOnly() throws Exception {
        String arn = h.events.rules().put(h.a(), "every-5", null, null, "rate(5 minutes)", null, null, null, null);
        h.events.rules().putTargets(h.a(), "every-5", null, List.of(EventsHarness.target("log", logArn("ticks"))));
        h.events.rules().put(h.a(), "other", null, "{\"source\":[\"aws.events\"]}", null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "other", null, List.of(EventsHarness.target("log", logArn("other"))));

        tick(Duration.ofMinutes(4));
        assertThat(lines("ticks")).isEmpty();
        tick(Duration.ofMinutes(1));
        List<JsonNode> fired = lines("ticks");
        assertThat(fired).hasSize(1);
        JsonNode event = fired.get(0);
        assertThat(event.path("source").asText()).isEqualTo("aws.events");
        assertThat(event.path("detail-type").asText()).isEqualTo("Scheduled Event");
        assertThat(event.path("account").asText()).isEqualTo(h.accountA);
        assertThat(event.path("region").asText()).isEqualTo("us-east-1");
        assertThat(event.path("resources").get(0).asText()).isEqualTo(arn);
        assertThat(event.path("detail").isObject() && event.path("detail").isEmpty()).isTrue();
        assertThat(event.path("time").asText()).isEqualTo("2026-03-01T00:05:00Z");
        assertThat(lines("other")).as("a scheduled firing is not put on the bus for other rules").isEmpty();

        tick(Duration.ofMinutes(5));
        tick(Duration.ofMinutes(5));
        assertThat(lines("ticks")).extracting(e -> e.path("time").asText())
                .containsExactly("2026-03-01T00:05:00Z", "2026-03-01T00:10:00Z", "2026-03-01T00:15:00Z");
    }

    @Test
    void disabledRuleSkips_deletedRuleStops_samePutKeepsTheSchedule() throws Exception {
        h.events.rules().put(h.a(), "r", null, null, "rate(1 minute)", null, null, null, null);
        h.events.rules().putTargets(h.a(), "r", null, List.of(EventsHarness.target("log", logArn("r"))));
        tick(Duration.ofSeconds(30));
        h.events.rules().put(h.a(), "r", null, null, "rate(1 minute)", null, null, null, null);
        tick(Duration.ofSeconds(30));
        assertThat(lines("r")).as("putting the same schedule again does not restart it").hasSize(1);

        h.events.rules().setState(h.a(), "r", null, false);
        tick(Duration.ofMinutes(1));
        assertThat(lines("r")).hasSize(1);
        h.events.rules().setState(h.a(), "r", null, true);
        tick(Duration.ofMinutes(1));
        assertThat(lines("r")).hasSize(2);

        h.events.rules().removeTargets(h.a(), "r", null, List.of("log"));
        h.events.rules().delete(h.a(), "r", null, false);
        assertThat(scheduler.find(RuleSchedules.JOB_KIND, h.accountA + "/us-east-1/r")).isEmpty();
    }

    @Test
    void cronRule_firesAtItsMinutes() throws Exception {
        h.events.rules().put(h.a(), "hourly", null, null, "cron(30 * * * ? *)", null, null, null, null);
        h.events.rules().putTargets(h.a(), "hourly", null, List.of(EventsHarness.target("log", logArn("hourly"))));
        tick(Duration.ofMinutes(29));
        assertThat(lines("hourly")).isEmpty();
        tick(Duration.ofMinutes(1));
        tick(Duration.ofHours(1));
        assertThat(lines("hourly")).extracting(e -> e.path("time").asText())
                .containsExactly("2026-03-01T00:30:00Z", "2026-03-01T01:30:00Z");
    }

    @Test
    void invalidSchedules_areRefusedAsEventBridgeDoes() {
        for (String bad : List.of("rate(1 minutes)", "rate(2 minute)", "rate(0 minutes)", "rate(5 weeks)", "cron(0 12 * * *)",
                "cron(0 12 * * 2 *)", "every 5 minutes")) {
            assertThatThrownBy(() -> h.events.rules().put(h.a(), "bad", null, null, bad, null, null, null, null))
                    .as(bad).isInstanceOfSatisfying(ServiceException.class, e -> {
                        assertThat(e.errorCode().code()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).isEqualTo("Parameter ScheduleExpression is not valid.");
                    });
        }
        h.events.buses().create(h.a(), "custom", null, null);
        assertThatThrownBy(() -> h.events.rules().put(h.a(), "r", "custom", null, "rate(5 minutes)", null, null, null, null))
                .hasMessage("ScheduleExpression is supported only on the default event bus.");
    }
}
