package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.core.Principal;
import io.citadel.core.events.AwsEvent;
import io.citadel.storage.outbox.Outbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATTERN = "{\"source\":[\"my.app\"]}";

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
    void putEvents_matchingRule_deliversTheEnvelopeToTheApiDestination_withTheConnectionsAuth() throws Exception {
        String dest = h.destination("hook", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(new TargetSpec("t1", dest, null, null, null, null, null, null, null,
                null, Map.of("x-extra", "yes"), List.of("orders"), Map.of("q", "1"))));

        var results = h.put("my.app", "Order Placed", "{\"order\":42}");
        h.put("other.app", "Order Placed", "{\"order\":43}");
        assertThat(results).singleElement().satisfies(r -> assertThat(r.eventId()).isNotNull());
        h.run();

        assertThat(h.receiver.received).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.path()).isEqualTo("/hook/orders?q=1");
            assertThat(req.header("x-api-key")).isEqualTo("s3cret-key");
            assertThat(req.header("x-extra")).isEqualTo("yes");
            JsonNode event = JSON.readTree(req.body());
            assertThat(event.path("version").asText()).isEqualTo("0");
            assertThat(event.path("id").asText()).isEqualTo(results.getFirst().eventId());
            assertThat(event.path("detail-type").asText()).isEqualTo("Order Placed");
            assertThat(event.path("source").asText()).isEqualTo("my.app");
            assertThat(event.path("account").asText()).isEqualTo(h.accountA);
            assertThat(event.path("time").asText()).isEqualTo("2026-03-01T00:00:00Z");
            assertThat(event.path("region").asText()).isEqualTo("us-east-1");
            assertThat(event.path("resources").isArray()).isTrue();
            assertThat(event.path("detail").path("order").asInt()).isEqualTo(42);
        });
        assertThat(h.events.delivery().pending()).isEmpty();
    }

    @Test
    void failingReceiver_isRetriedWithBackoff_andGetsTheEventOnceItRecovers() {
        String dest = h.destination("flaky", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest)));
        h.receiver.failNext.set(4);
        h.put("my.app", "Tick", "{\"n\":1}");
        h.put("my.app", "Tick", "{\"n\":2}");

        h.run();
        assertThat(h.receiver.received).isEmpty();
        assertThat(h.events.delivery().pending()).hasSize(2).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
        h.clock.advance(Duration.ofMillis(999));
        h.run();
        assertThat(h.events.delivery().pending()).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
        h.clock.advance(Duration.ofMillis(1));
        h.run();
        assertThat(h.events.delivery().pending()).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(2));
        assertThat(h.events.delivery().pending().getFirst().nextAttemptAt())
                .isEqualTo(h.clock.instant().plusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        h.clock.advance(Duration.ofSeconds(2));
        h.run();

        assertThat(h.receiver.received).hasSize(2);
        assertThat(h.receiver.received.stream().map(r -> r.body().contains("\"n\":1"))).containsExactlyInAnyOrder(true, false);
        assertThat(h.events.delivery().pending()).isEmpty();
    }

    @Test
    void exhaustedRetries_makeADeadLetterPerTarget_thatRedriveDeliversAgain() {
        String dest = h.destination("down", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest, 2, null)));
        h.receiver.failNext.set(100);
        h.put("my.app", "Tick", "{}");
        for (int i = 0; i < 5; i++) {
            h.run();
            h.clock.advance(Duration.ofMinutes(1));
        }
        assertThat(h.events.delivery().pending()).isEmpty();
        List<DeadLetter> dead = h.events.delivery().deadLetters(h.accountA, "us-east-1", "default", "r1", "t1");
        assertThat(dead).singleElement().satisfies(dl -> {
            assertThat(dl.reason()).contains("MaximumRetryAttempts (2)").contains("HTTP 500");
            assertThat(dl.delivery().attempts()).isEqualTo(3);
        });

        h.receiver.failNext.set(0);
        assertThat(h.events.delivery().redrive(h.accountA, "us-east-1", "default", "r1", null)).isEqualTo(1);
        h.run();
        assertThat(h.receiver.received).hasSize(1);
        assertThat(h.events.delivery().deadLetters(h.accountA, "us-east-1", null, null, null)).isEmpty();
    }

    @Test
    void clientErrors_areNotRetried_butMaximumEventAge_alsoEndsRetries() {
        String dest = h.destination("strict", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest),
                EventsHarness.target("t2", dest, null, 60)));
        h.receiver.failStatus = 400;
        h.receiver.failNext.set(1);
        h.put("my.app", "Tick", "{}");
        h.run();
        assertThat(h.events.delivery().deadLetters(h.accountA, "us-east-1", null, null, null)).singleElement()
                .satisfies(dl -> assertThat(dl.reason()).contains("HTTP 400"));

        h.receiver.failStatus = 503;
        h.receiver.failNext.set(1000);
        h.put("my.app", "Tick", "{}");
        for (int i = 0; i < 10; i++) {
            h.run();
            h.clock.advance(Duration.ofSeconds(20));
        }
        assertThat(h.events.delivery().deadLetters(h.accountA, "us-east-1", "default", "r1", "t2"))
                .anySatisfy(dl -> assertThat(dl.reason()).contains("MaximumEventAgeInSeconds (60)"));
    }

    @Test
    void rateLimit_holdsBackDeliveriesBeyondTheDestinationsRate_withoutCountingAttempts() {
        String dest = h.destination("slow", 1);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest)));
        for (int i = 0; i < 3; i++) {
            h.put("my.app", "Tick", "{}");
        }
        h.run();
        assertThat(h.receiver.received).hasSize(1);
        assertThat(h.events.delivery().pending()).hasSize(2).allSatisfy(d -> assertThat(d.attempts()).isZero());
        h.clock.advance(Duration.ofSeconds(1));
        h.run();
        assertThat(h.receiver.received).hasSize(2);
    }

    @Test
    void outboxEvents_reachTheDefaultBus_andALogTarget_asJsonLines() throws Exception {
        String logArn = "arn:aws:events:us-east-1:" + h.accountA + ":log/ssm-changes";
        h.events.rules().put(h.a(), "ssm", null, "{\"source\":[\"aws.ssm\"],\"detail-type\":[\"Parameter Store Change\"]}",
                null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "ssm", null, List.of(EventsHarness.target("log", logArn)));
        AwsEvent event = new AwsEvent("e-1", "Parameter Store Change", "aws.ssm", h.accountA, h.clock.instant(), "us-east-1",
                List.of("arn:aws:ssm:us-east-1:" + h.accountA + ":parameter/p"), "{\"operation\":\"Create\",\"name\":\"/p\"}");
        h.storage.transaction(tx -> {
            Outbox.append(tx, h.clock.instant(), event.json());
            return null;
        });
        h.run();

        assertThat(h.storage.transaction(Outbox::all)).isEmpty();
        List<String> lines = Files.readAllLines(logDir.resolve(h.accountA).resolve("us-east-1").resolve("ssm-changes.jsonl"));
        assertThat(lines).singleElement().satisfies(l -> assertThat(JSON.readTree(l)).isEqualTo(JSON.readTree(event.json())));
    }

    @Test
    void busTarget_inAnotherAccount_deliversOnlyWhenThatBusAllowsIt() throws Exception {
        Principal rootB = h.newAccountRoot("b");
        String accountB = rootB.accountId();
        String busB = EventsArns.bus("us-east-1", accountB, "default");
        h.events.rules().put(h.ctx(rootB), "all", null, "{\"source\":[\"my.app\"]}", null, null, null, null, null);
        h.events.rules().putTargets(h.ctx(rootB), "all", null,
                List.of(EventsHarness.target("log", "arn:aws:events:us-east-1:" + accountB + ":log/inbox")));
        h.events.rules().put(h.a(), "fwd", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "fwd", null, List.of(EventsHarness.target("b", busB)));

        h.put("my.app", "Denied", "{}");
        h.run();
        assertThat(h.events.delivery().deadLetters(h.accountA, "us-east-1", null, null, null)).singleElement()
                .satisfies(dl -> assertThat(dl.reason()).contains("does not allow account " + h.accountA));

        h.events.buses().putPermission(h.ctx(rootB), null, "events:PutEvents", h.accountA, "allow-a", null, null);
        h.put("my.app", "Allowed", "{}");
        h.run();
        Path inbox = logDir.resolve(accountB).resolve("us-east-1").resolve("inbox.jsonl");
        assertThat(Files.readAllLines(inbox)).singleElement().satisfies(l -> {
            assertThat(JSON.readTree(l).path("detail-type").asText()).isEqualTo("Allowed");
            assertThat(JSON.readTree(l).path("account").asText()).isEqualTo(h.accountA);
        });
    }

    @Test
    void inputTransformer_shapesWhatTheTargetReceives_andInputPathAndInputToo() throws Exception {
        String dest = h.destination("shaped", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(
                new TargetSpec("tpl", dest, null, null, null, Map.of("order", "$.detail.order", "src", "$.source"),
                        "{\"o\": <order>, \"from\": \"<src>\", \"rule\": \"<aws.events.rule-name>\"}", null, null, null,
                        Map.of("x-t", "tpl"), null, null),
                new TargetSpec("path", dest, null, null, "$.detail", null, null, null, null, null, Map.of("x-t", "path"), null, null),
                new TargetSpec("const", dest, null, "{\"fixed\":true}", null, null, null, null, null, null, Map.of("x-t", "const"),
                        null, null)));
        h.put("my.app", "Order Placed", "{\"order\":42}");
        h.run();
        Map<String, JsonNode> byTarget = new java.util.HashMap<>();
        for (var req : h.receiver.received) {
            byTarget.put(req.header("x-t"), JSON.readTree(req.body()));
        }
        assertThat(byTarget.get("tpl")).isEqualTo(JSON.readTree("{\"o\":42,\"from\":\"my.app\",\"rule\":\"r1\"}"));
        assertThat(byTarget.get("path")).isEqualTo(JSON.readTree("{\"order\":42}"));
        assertThat(byTarget.get("const")).isEqualTo(JSON.readTree("{\"fixed\":true}"));
    }

    @Test
    void oauthConnection_fetchesAClientCredentialsToken_cachesIt_andRefetchesAfterA401() throws Exception {
        var oauthParams = new ConnectionRecord.HttpParams(null, null, List.of(new ConnectionRecord.Param("scope", "events", false)));
        ConnectionRecord c = h.events.connections().create(h.a(), "oauth", new Connections.ConnectionInput(null,
                "OAUTH_CLIENT_CREDENTIALS", null, null, null, null, "client-1", "client-secret-1", h.receiver.url() + "/oauth/token",
                "POST", oauthParams, null));
        String dest = h.events.connections().createDestination(h.a(), "oauth-dest", new Connections.DestinationInput(null, c.arn(),
                h.receiver.url() + "/hook", "POST", 300)).arn();
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest)));
        h.put("my.app", "One", "{}");
        h.put("my.app", "Two", "{}");
        h.run();

        assertThat(h.receiver.tokenRequests).singleElement().satisfies(t -> {
            assertThat(t.method()).isEqualTo("POST");
            assertThat(t.body()).contains("grant_type=client_credentials").contains("scope=events");
            assertThat(t.header("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                    .encodeToString("client-1:client-secret-1".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        });
        assertThat(h.receiver.received).hasSize(2).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1"));

        h.receiver.failStatus = 401;
        h.receiver.failNext.set(1);
        h.put("my.app", "Three", "{}");
        h.run();
        h.clock.advance(Duration.ofSeconds(1));
        h.run();
        assertThat(h.receiver.tokenRequests).hasSize(2);
        assertThat(h.receiver.received).hasSize(3).last().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-2"));
    }

    @Test
    void routing_amongManyRules_deliversToExactlyTheMatchingRulesTargets() throws Exception {
        String log = "arn:aws:events:us-east-1:" + h.accountA + ":log/";
        for (int i = 0; i < 40; i++) {
            h.events.rules().put(h.a(), "r" + i, null, "{\"source\":[\"s-" + i + "\"]}", null, null, null, null, null);
            h.events.rules().putTargets(h.a(), "r" + i, null, List.of(EventsHarness.target("l", log + "l" + i)));
        }
        h.events.rules().put(h.a(), "wild", null, "{\"detail-type\":[{\"prefix\":\"Ti\"}]}", null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "wild", null, List.of(EventsHarness.target("l", log + "wild")));
        h.events.rules().put(h.a(), "off", null, "{\"source\":[\"s-3\"]}", null, "DISABLED", null, null, null);
        h.events.rules().putTargets(h.a(), "off", null, List.of(EventsHarness.target("l", log + "off")));
        h.put("s-3", "Tick", "{}");
        h.put("s-7", "Tock", "{}");
        h.put("nobody", "Tide", "{}");
        h.run();
        Path dir = logDir.resolve(h.accountA).resolve("us-east-1");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("l3.jsonl", "l7.jsonl", "wild.jsonl");
        }
        assertThat(Files.readAllLines(dir.resolve("wild.jsonl"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("l3.jsonl"))).singleElement().asString().contains("\"source\":\"s-3\"");
    }

    @Test
    void disabledRule_deliversNothing_andEnabledAgain_deliversNewEvents() {
        String dest = h.destination("toggle", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, "DISABLED", null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest)));
        h.put("my.app", "Tick", "{}");
        h.run();
        assertThat(h.receiver.received).isEmpty();
        h.events.rules().setState(h.a(), "r1", null, true);
        h.put("my.app", "Tick", "{}");
        h.run();
        assertThat(h.receiver.received).hasSize(1);
    }

    @Test
    void expiredClaim_ofANodeThatDied_isTakenOverByAnother() {
        String dest = h.destination("takeover", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest)));
        h.put("my.app", "Tick", "{}");
        // node-1 routes (which claims the deliveries it creates), then dies before sending
        h.events.delivery().routeOnly();
        assertThat(h.events.delivery().pending()).singleElement().satisfies(d -> assertThat(d.claimedBy()).isEqualTo("node-1"));
        Events other = new Events(h.storage, h.clock, h.access, "node-2", EventsHarness.settings(logDir));
        other.delivery().runUntilIdle(5);
        assertThat(h.receiver.received).isEmpty();
        h.clock.advance(Duration.ofMinutes(2));
        other.delivery().runUntilIdle(5);
        assertThat(h.receiver.received).hasSize(1);
        assertThat(h.events.delivery().pending()).isEmpty();
    }

    @Test
    void expiredClaim_ofASingleDelivery_isTakenOverByAnother() {
        String dest = h.destination("takeover-one", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("t1", dest)));
        h.receiver.failNext.set(1);
        h.put("my.app", "Tick", "{}");
        h.run(); // fails once: now a delivery record of its own, due in a second
        DeliveryRecord d = h.events.delivery().pending().getFirst();
        assertThat(d.attempts()).isEqualTo(1);
        // a node claims it, then "dies" before settling: write its claim as the delivery's state
        h.storage.transaction(tx -> {
            tx.delete(EventsKeys.DUE + EventsKeys.millis(d.nextAttemptAt()) + "/" + d.id());
            DeliveryRecord claimed = d.claimed("node-dead", h.clock.instant().plus(Duration.ofMinutes(2)));
            EventsEnvironment.write(tx, EventsKeys.DELIVERY + d.id(), claimed);
            tx.put(EventsKeys.DUE + EventsKeys.millis(claimed.nextAttemptAt()) + "/" + d.id(), new byte[0]);
            return null;
        });
        Events other = new Events(h.storage, h.clock, h.access, "node-2", EventsHarness.settings(logDir));
        h.clock.advance(Duration.ofSeconds(5));
        other.delivery().runUntilIdle(5);
        assertThat(h.receiver.received).isEmpty();
        h.clock.advance(Duration.ofMinutes(2));
        other.delivery().runUntilIdle(5);
        assertThat(h.receiver.received).hasSize(1);
        assertThat(h.events.delivery().pending()).isEmpty();
    }

    @Test
    void putEventsOfTen_isOneIngestRow_andRoutingThemIsOneBatchRecord_thatSettlingRemoves() throws Exception {
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("log", logArn("ten"))));
        List<EventIngest.Entry> ten = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> new EventIngest.Entry(null, "my.app", null, "Tick", "{\"i\":" + i + "}", null)).toList();
        List<String> ids = h.events.ingest().putEvents(h.a(), ten).stream().map(EventIngest.Result::eventId).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(rows(EventsKeys.INGEST)).isEqualTo(1);

        h.events.delivery().routeOnly();
        assertThat(rows(EventsKeys.INGEST)).isZero();
        assertThat(rows(EventsKeys.BATCHES)).isEqualTo(1);
        assertThat(rows(EventsKeys.DUE)).isEqualTo(1);
        assertThat(rows(EventsKeys.DELIVERY)).isZero();
        assertThat(h.events.delivery().pending()).hasSize(10).extracting(d -> d.id().split("/")[2])
                .containsExactlyInAnyOrderElementsOf(ids);

        h.clock.advance(Duration.ofMinutes(2)); // the routing node "died": its claim on the batch expires
        h.run();
        List<String> lines = Files.readAllLines(logDir.resolve(h.accountA).resolve("us-east-1").resolve("ten.jsonl"));
        assertThat(lines).hasSize(10).allSatisfy(l -> assertThat(ids).contains(JSON.readTree(l).path("id").asText()));
        assertThat(rows(EventsKeys.BATCHES) + rows(EventsKeys.DUE) + rows(EventsKeys.DELIVERY)).isZero();
    }

    @Test
    void oneTargetFailing_inABatch_retriesOnlyItsDeliveries_asRecordsOfTheirOwn() {
        String dest = h.destination("half", 300);
        h.events.rules().put(h.a(), "r1", null, PATTERN, null, null, null, null, null);
        h.events.rules().putTargets(h.a(), "r1", null, List.of(EventsHarness.target("hook", dest),
                EventsHarness.target("log", logArn("half"))));
        h.receiver.failNext.set(3);
        h.events.ingest().putEvents(h.a(), List.of(new EventIngest.Entry(null, "my.app", null, "Tick", "{\"n\":1}", null),
                new EventIngest.Entry(null, "my.app", null, "Tick", "{\"n\":2}", null),
                new EventIngest.Entry(null, "my.app", null, "Tick", "{\"n\":3}", null)));
        h.run();
        assertThat(h.events.delivery().pending()).hasSize(3).allSatisfy(d -> {
            assertThat(d.target().id()).isEqualTo("hook");
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastError()).contains("HTTP 500");
        });
        assertThat(rows(EventsKeys.BATCHES)).isZero();
        assertThat(rows(EventsKeys.DELIVERY)).isEqualTo(3);
        h.clock.advance(Duration.ofSeconds(1));
        h.run();
        assertThat(h.receiver.received).hasSize(3);
        assertThat(h.events.delivery().pending()).isEmpty();
    }

    @Test
    void putEvents_onTwoBuses_writesOneRowPerBus_andAMissingBusFailsOnlyItsEntries() {
        h.events.buses().create(h.a(), "orders", null, null);
        var results = h.events.ingest().putEvents(h.a(), List.of(new EventIngest.Entry(null, "my.app", null, "A", "{}", null),
                new EventIngest.Entry(null, "my.app", null, "B", "{}", "orders"),
                new EventIngest.Entry(null, "my.app", null, "C", "{}", "nope"),
                new EventIngest.Entry(null, "my.app", null, "D", "{}", "orders")));
        assertThat(results).extracting(EventIngest.Result::errorCode).containsExactly(null, null, "ResourceNotFoundException", null);
        assertThat(rows(EventsKeys.INGEST)).isEqualTo(2);
    }

    private String logArn(String name) {
        return "arn:aws:events:us-east-1:" + h.accountA + ":log/" + name;
    }

    private int rows(String prefix) {
        return h.storage.transaction(tx -> tx.scanAll(prefix)).size();
    }
}
