package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.citadel.core.Principal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buses, rules, targets, PutEvents validation, TestEventPattern, tags and connections, with AWS's error codes. */
class ConfigurationTest {

    @TempDir
    Path logDir;
    EventsHarness h;

    @BeforeEach
    void setUp() throws Exception {
        h = new EventsHarness(logDir);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void defaultBus_existsWithoutCreation_andCustomBusesAreCreatedListedAndDeleted() {
        assertThat(h.events.buses().describe(h.a(), "default").arn()).isEqualTo(EventsArns.bus("us-east-1", h.accountA, "default"));
        h.events.buses().create(h.a(), "orders", "order events", Map.of("team", "x"));
        assertThat(EventsHarness.error(() -> h.events.buses().create(h.a(), "orders", null, null)).errorCode().code())
                .isEqualTo("ResourceAlreadyExistsException");
        assertThat(EventsHarness.error(() -> h.events.buses().create(h.a(), "aws.fake", null, null)).errorCode().code())
                .isEqualTo("ValidationException");
        assertThat(h.events.buses().list(h.a(), null, null, null).items()).extracting(BusRecord::name)
                .containsExactly("default", "orders");
        assertThat(h.events.buses().list(h.a(), "ord", null, null).items()).extracting(BusRecord::name).containsExactly("orders");
        h.events.rules().put(h.a(), "r", "orders", "{\"source\":[\"x\"]}", null, null, null, null, null);
        assertThat(EventsHarness.error(() -> h.events.buses().delete(h.a(), "orders")).errorCode().code())
                .isEqualTo("ValidationException");
        h.events.rules().delete(h.a(), "r", "orders", false);
        h.events.buses().delete(h.a(), "orders");
        assertThat(EventsHarness.error(() -> h.events.buses().describe(h.a(), "orders")).errorCode().code())
                .isEqualTo("ResourceNotFoundException");
        assertThat(h.events.tags().list(h.a(), EventsArns.bus("us-east-1", h.accountA, "default"))).isEmpty();
    }

    @Test
    void busLimit_countsTheDefaultBus() throws Exception {
        EventsHarness small = new EventsHarness(logDir, new EventsLimits(3, 300, 5, 10, 10, 10));
        try (small) {
            small.events.buses().putPermission(small.a(), null, "events:PutEvents", "*", "all", null, null);
            small.events.buses().create(small.a(), "one", null, null);
            small.events.buses().create(small.a(), "two", null, null);
            assertThat(EventsHarness.error(() -> small.events.buses().create(small.a(), "three", null, null)).errorCode().code())
                    .isEqualTo("LimitExceededException");
            assertThat(small.events.buses().list(small.a(), null, null, null).items()).hasSize(3);
        }
    }

    private static final java.time.Instant NOW = java.time.Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aBusPolicy_isDecidedByThePolicyEngine_resourceConditionAndDenyIncluded() {
        String arn = h.events.buses().describe(h.a(), "default").arn();
        String policy = """
                {"Version":"2012-10-17","Statement":[
                 {"Sid":"a","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"events:PutEvents","Resource":"%s"},
                 {"Sid":"b","Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"events:PutEvents","Resource":"arn:aws:events:us-east-1:000000000000:event-bus/other"},
                 {"Sid":"c","Effect":"Allow","Principal":"*","Action":"events:*","Resource":"%s",
                  "Condition":{"DateLessThan":{"aws:CurrentTime":"2025-01-01T00:00:00Z"}}},
                 {"Sid":"d","Effect":"Allow","Principal":{"AWS":"777788889999"},"Action":"events:PutEvents","Resource":"%s"},
                 {"Sid":"e","Effect":"Deny","Principal":{"AWS":"777788889999"},"Action":"events:PutEvents","Resource":"*"}]}
                """.formatted(arn, arn, arn);
        h.events.buses().putPermission(h.a(), null, null, null, null, null, policy);
        BusRecord bus = h.events.buses().describe(h.a(), "default");
        assertThat(EventBuses.allowsPutEvents(bus, "111122223333", NOW)).as("allowed").isTrue();
        assertThat(EventBuses.allowsPutEvents(bus, "444455556666", NOW)).as("allowed on another bus only").isFalse();
        assertThat(EventBuses.allowsPutEvents(bus, "222233334444", NOW)).as("anyone, but only before 2025").isFalse();
        assertThat(EventBuses.allowsPutEvents(bus, "222233334444", java.time.Instant.parse("2024-06-01T00:00:00Z")))
                .as("anyone before 2025").isTrue();
        assertThat(EventBuses.allowsPutEvents(bus, "777788889999", NOW)).as("explicitly denied").isFalse();
    }

    @Test
    void permissions_areStatementsOfTheBusPolicy_removedByIdOrAll() throws Exception {
        h.events.buses().putPermission(h.a(), null, "events:PutEvents", "111122223333", "one", null, null);
        h.events.buses().putPermission(h.a(), null, "events:PutEvents", "*", "two",
                "{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1\"}}", null);
        var policy = new com.fasterxml.jackson.databind.ObjectMapper().readTree(h.events.buses().describe(h.a(), "default").policy());
        assertThat(policy.path("Statement")).hasSize(2);
        assertThat(policy.at("/Statement/0/Principal/AWS").asText()).isEqualTo("arn:aws:iam::111122223333:root");
        assertThat(policy.at("/Statement/1/Condition/StringEquals/aws:PrincipalOrgID").asText()).isEqualTo("o-1");
        BusRecord bus = h.events.buses().describe(h.a(), "default");
        assertThat(EventBuses.allowsPutEvents(bus, "111122223333", NOW)).as("granted by account").isTrue();
        assertThat(EventBuses.allowsPutEvents(bus, "444455556666", NOW)).as("* only within organization o-1").isFalse();
        h.events.buses().removePermission(h.a(), null, "one", false);
        assertThat(EventsHarness.error(() -> h.events.buses().removePermission(h.a(), null, "one", false)).errorCode().code())
                .isEqualTo("ResourceNotFoundException");
        assertThat(EventsHarness.error(() -> h.events.buses().putPermission(h.a(), null, "events:DeleteRule", "*", "x", null, null))
                .errorCode().code()).isEqualTo("ValidationException");
        h.events.buses().removePermission(h.a(), null, null, true);
        assertThat(h.events.buses().describe(h.a(), "default").policy()).isNull();
    }

    @Test
    void accountsAreNamespaces_anotherAccountSeesNoneOfMyRules() {
        h.events.rules().put(h.a(), "mine", null, "{\"source\":[\"x\"]}", null, null, null, null, null);
        Principal rootB = h.newAccountRoot("b");
        assertThat(h.events.rules().list(h.ctx(rootB), null, null, null, null).items()).isEmpty();
        assertThat(EventsHarness.error(() -> h.events.rules().describe(h.ctx(rootB), "mine", null)).errorCode().code())
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void putRule_validatesThePattern_withInvalidEventPatternException_andPagesListings() {
        assertThat(EventsHarness.error(() -> h.events.rules().put(h.a(), "bad", null, "{\"source\":\"x\"}", null, null, null, null,
                null)).errorCode().code()).isEqualTo("InvalidEventPatternException");
        assertThat(EventsHarness.error(() -> h.events.rules().put(h.a(), "none", null, null, null, null, null, null, null))
                .getMessage()).isEqualTo("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        for (int i = 0; i < 5; i++) {
            h.events.rules().put(h.a(), "rule-" + i, null, "{\"source\":[\"s" + i + "\"]}", null, null, null, null, null);
        }
        var first = h.events.rules().list(h.a(), "rule-", null, 2, null);
        assertThat(first.items()).extracting(RuleRecord::name).containsExactly("rule-0", "rule-1");
        var second = h.events.rules().list(h.a(), "rule-", null, 2, first.nextToken());
        assertThat(second.items()).extracting(RuleRecord::name).containsExactly("rule-2", "rule-3");
        var third = h.events.rules().list(h.a(), "rule-", null, 2, second.nextToken());
        assertThat(third.items()).extracting(RuleRecord::name).containsExactly("rule-4");
        assertThat(third.nextToken()).isNull();
        RuleRecord r = h.events.rules().describe(h.a(), "rule-3", null);
        assertThat(r.arn()).isEqualTo("arn:aws:events:us-east-1:" + h.accountA + ":rule/rule-3");
        assertThat(r.state()).isEqualTo("ENABLED");
    }

    @Test
    void putTargets_reportsUnsupportedTargetsPerEntry_andEnforcesFiveTargetsPerRule() {
        h.events.rules().put(h.a(), "r", null, "{\"source\":[\"x\"]}", null, null, null, null, null);
        String log = "arn:aws:events:us-east-1:" + h.accountA + ":log/";
        var failed = h.events.rules().putTargets(h.a(), "r", null, List.of(EventsHarness.target("ok", log + "a"),
                EventsHarness.target("sqs", "arn:aws:sqs:us-east-1:" + h.accountA + ":queue")));
        assertThat(failed).singleElement().satisfies(f -> {
            assertThat(f.targetId()).isEqualTo("sqs");
            assertThat(f.errorCode()).isEqualTo("ValidationException");
        });
        List<TargetSpec> more = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            more.add(EventsHarness.target("t" + i, log + "t" + i));
        }
        assertThat(EventsHarness.error(() -> h.events.rules().putTargets(h.a(), "r", null, more)).errorCode().code())
                .isEqualTo("LimitExceededException");
        assertThat(h.events.rules().targets(h.a(), "r", null, null, null).items()).extracting(TargetSpec::id).containsExactly("ok");
        assertThat(h.events.rules().namesByTarget(h.a(), log + "a", null, null, null).items()).containsExactly("r");
        assertThat(EventsHarness.error(() -> h.events.rules().delete(h.a(), "r", null, false)).getMessage())
                .isEqualTo("Rule can't be deleted since it has targets.");
        h.events.rules().removeTargets(h.a(), "r", null, List.of("ok"));
        h.events.rules().delete(h.a(), "r", null, false);
        assertThat(EventsHarness.error(() -> h.events.rules().putTargets(h.a(), "r", null, more)).errorCode().code())
                .isEqualTo("ResourceNotFoundException");
    }

    @Test
    void putTargets_refusesMoreThanOneInputShape() {
        h.events.rules().put(h.a(), "r", null, "{\"source\":[\"x\"]}", null, null, null, null, null);
        TargetSpec both = new TargetSpec("t", "arn:aws:events:us-east-1:" + h.accountA + ":log/a", null, "{}", "$.detail", null,
                null, null, null, null, null, null, null);
        assertThat(EventsHarness.error(() -> h.events.rules().putTargets(h.a(), "r", null, List.of(both))).getMessage())
                .startsWith("Only one of Input, InputPath").contains("InputTransformer").endsWith("target t.");
    }

    @Test
    void putEvents_failsBadEntriesOneByOne_asAwsDoes() {
        var results = h.events.ingest().putEvents(h.a(), List.of(
                new EventIngest.Entry(null, "my.app", null, "ok", "{\"a\":1}", null),
                new EventIngest.Entry(null, null, null, "x", "{}", null),
                new EventIngest.Entry(null, "my.app", null, null, "{}", null),
                new EventIngest.Entry(null, "my.app", null, "x", null, null),
                new EventIngest.Entry(null, "my.app", null, "x", "[1]", null),
                new EventIngest.Entry(null, "aws.kms", null, "x", "{}", null),
                new EventIngest.Entry(null, "my.app", null, "x", "{}", "nope")));
        assertThat(results.get(0).eventId()).isNotNull();
        assertThat(results.subList(1, 7)).extracting(EventIngest.Result::errorCode).containsExactly("InvalidArgument",
                "InvalidArgument", "InvalidArgument", "MalformedDetail", "NotAuthorizedForSourceException", "ResourceNotFoundException");
        assertThat(results.get(1).errorMessage()).isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
        String big = "{\"a\":\"" + "x".repeat(EventIngest.MAX_REQUEST_BYTES) + "\"}";
        assertThat(EventsHarness.error(() -> h.events.ingest().putEvents(h.a(), List.of(
                new EventIngest.Entry(null, "my.app", null, "x", big, null)))).errorCode().code()).isEqualTo("ValidationException");
    }

    @Test
    void putEvents_isDurableBeforeItReturns_theEventIsInStorage() {
        var results = h.put("my.app", "Durable", "{\"k\":\"v\"}");
        long stored = h.storage.transaction(tx -> tx.scanAll(EventsKeys.INGEST)).size();
        assertThat(results.getFirst().eventId()).isNotNull();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void testEventPattern_matchesAndRefusesIncompleteEvents() {
        String event = "{\"id\":\"1\",\"account\":\"" + h.accountA + "\",\"source\":\"my.app\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail-type\":\"x\",\"detail\":{\"n\":5}}";
        assertThat(h.events.ingest().testEventPattern(h.a(), "{\"detail\":{\"n\":[{\"numeric\":[\">\",3]}]}}", event)).isTrue();
        assertThat(h.events.ingest().testEventPattern(h.a(), "{\"source\":[\"other\"]}", event)).isFalse();
        assertThat(EventsHarness.error(() -> h.events.ingest().testEventPattern(h.a(), "{\"source\":[\"x\"]}", "{\"id\":\"1\"}"))
                .errorCode().code()).isEqualTo("ValidationException");
    }

    @Test
    void tags_onRules_areAddedListedAndRemoved() {
        String arn = h.events.rules().put(h.a(), "r", null, "{\"source\":[\"x\"]}", null, null, null, null, Map.of("a", "1"));
        h.events.tags().tag(h.a(), arn, Map.of("b", "2"));
        assertThat(h.events.tags().list(h.a(), arn)).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        h.events.tags().untag(h.a(), arn, List.of("a"));
        assertThat(h.events.tags().list(h.a(), arn)).containsExactlyEntriesOf(Map.of("b", "2"));
        assertThat(EventsHarness.error(() -> h.events.tags().tag(h.a(), arn, Map.of("aws:x", "1"))).errorCode().code())
                .isEqualTo("ValidationException");
    }

    @Test
    void connections_keepSecretsOutOfAnswers_andOutOfTheRawStorage() {
        h.events.connections().create(h.a(), "c", new Connections.ConnectionInput(null, "BASIC", null, null, "user",
                "hunter2-password", null, null, null, null, null, null));
        ConnectionRecord c = h.events.connections().describe(h.a(), "c");
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThat(EventsHarness.error(() -> h.events.connections().create(h.a(), "c", new Connections.ConnectionInput(null,
                "BASIC", null, null, "u", "p", null, null, null, null, null, null))).errorCode().code())
                .isEqualTo("ResourceAlreadyExistsException");
        assertThat(EventsHarness.error(() -> h.events.connections().create(h.a(), "d", new Connections.ConnectionInput(null,
                "API_KEY", "k", null, null, null, null, null, null, null, null, null))).errorCode().code())
                .isEqualTo("ValidationException");
        String rawDump = new String(h.raw.scan("", null, 1000).entries().stream().map(e -> new String(e.value(),
                java.nio.charset.StandardCharsets.ISO_8859_1)).reduce("", String::concat));
        assertThat(rawDump).doesNotContain("hunter2-password");
        assertThat(EventsHarness.error(() -> h.events.connections().createDestination(h.a(), "d", new Connections.DestinationInput(
                null, c.arn(), "http://127.0.0.1/x", "POST", 301))).errorCode().code()).isEqualTo("ValidationException");
    }

    @Test
    void archiveRetention_removesEventsOlderThanRetentionDays() {
        String busArn = EventsArns.bus("us-east-1", h.accountA, "default");
        h.events.archives().create(h.a(), "short", busArn, null, null, 2);
        h.events.archives().create(h.a(), "forever", busArn, null, null, 0);
        h.put("my.app", "Old", "{}");
        h.run();
        h.clock.advance(java.time.Duration.ofDays(1));
        h.put("my.app", "Newer", "{}");
        h.run();
        assertThat(h.events.archives().describe(h.a(), "short").eventCount()).isEqualTo(2);
        h.clock.advance(java.time.Duration.ofDays(1).plusMinutes(1));
        h.run();
        assertThat(h.events.archives().describe(h.a(), "short").eventCount()).isEqualTo(1);
        assertThat(h.events.archives().describe(h.a(), "forever").eventCount()).isEqualTo(2);
        h.clock.advance(java.time.Duration.ofDays(1));
        h.run();
        assertThat(h.events.archives().describe(h.a(), "short").eventCount()).isZero();
        h.events.archives().delete(h.a(), "short");
        int indexed = h.storage.transaction(tx -> tx.scanAll(EventsKeys.ARCHIVES).size());
        assertThat(indexed).isEqualTo(1);
    }

    @Test
    void archive_copiesMatchingEvents_andReplayPutsThemBackMarkedWithTheReplayName() throws Exception {
        String busArn = EventsArns.bus("us-east-1", h.accountA, "default");
        h.events.archives().create(h.a(), "arch", busArn, null, "{\"source\":[\"my.app\"]}", 0);
        java.time.Instant start = h.clock.instant();
        h.put("my.app", "One", "{}");
        h.put("not.archived", "Two", "{}");
        h.run();
        assertThat(h.events.archives().describe(h.a(), "arch").eventCount()).isEqualTo(1);

        String log = "arn:aws:events:us-east-1:" + h.accountA + ":log/replayed";
        String rule = h.events.rules().put(h.a(), "r", null, "{\"source\":[\"my.app\"]}", null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r", null, List.of(EventsHarness.target("log", log)));
        h.clock.advance(java.time.Duration.ofMinutes(1));
        h.events.archives().startReplay(h.a(), "rep", null, EventsArns.of("us-east-1", h.accountA, "archive", "arch"),
                start.minusSeconds(1), h.clock.instant(), busArn, List.of(rule));
        h.run();
        assertThat(h.events.archives().describeReplay(h.a(), "rep").state()).isEqualTo("COMPLETED");
        List<String> lines = java.nio.file.Files.readAllLines(logDir.resolve(h.accountA).resolve("us-east-1").resolve("replayed.jsonl"));
        assertThat(lines).singleElement().satisfies(l -> assertThat(l).contains("\"replay-name\":\"rep\"").contains("\"One\""));
        assertThat(h.events.archives().describe(h.a(), "arch").eventCount()).isEqualTo(1);
    }
}
