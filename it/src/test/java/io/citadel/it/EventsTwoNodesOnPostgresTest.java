package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** Two nodes share one PostgreSQL table and both run the delivery worker: every event is delivered, each by one node, once. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EventsTwoNodesOnPostgresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    @TempDir
    Path dataDir1;
    @TempDir
    Path dataDir2;

    @Test
    void eventsPutOnBothNodes_areDeliveredOnceEach() throws Exception {
        String table = Postgres.uniqueTable("events_two_nodes");
        Map<String, String> env = Map.of("CITADEL_SEAL_PASSPHRASE", "shared passphrase for " + table);
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (ServerProcess node1 = ServerProcess.start(home, env, Duration.ofSeconds(60), storage(table, dataDir1));
             ServerProcess node2 = ServerProcess.start(home, env, Duration.ofSeconds(60), storage(table, dataDir2));
             EventsReceiver receiver = new EventsReceiver()) {
            Credentials root = Credentials.fromCredentialsFile(dataDir1.resolve(Node.BOOTSTRAP_FILE));
            try (EventBridgeClient on1 = client(node1.endpoint(), root); EventBridgeClient on2 = client(node2.endpoint(), root)) {
                String dest = EventsJavaSdkTest.destination(on1, receiver, "shared");
                on1.putRule(b -> b.name("all").eventPattern("{\"source\":[\"pg.app\"]}"));
                on2.putTargets(b -> b.rule("all").targets(t -> t.id("hook").arn(dest)));
                for (int r = 0; r < 30; r++) {
                    int n = r;
                    EventBridgeClient client = r % 2 == 0 ? on1 : on2;
                    client.putEvents(b -> b.entries(IntStream.range(0, 10).mapToObj(i -> PutEventsRequestEntry.builder()
                            .source("pg.app").detailType("Tick").detail("{\"r\":" + n + ",\"i\":" + i + "}").build()).toList()))
                            .entries().forEach(e -> accepted.add(e.eventId()));
                }
            }
            assertThat(accepted).hasSize(300);
            Poll.until("every event delivered", Duration.ofSeconds(90), () -> ids(receiver).keySet().containsAll(accepted));
            // A duplicate could only come from a delivery still stored (claimed, not yet settled); once none
            // is left and no event waits to be routed, every send has happened.
            Poll.until("no delivery or unrouted event left in storage", Duration.ofSeconds(60),
                    () -> Postgres.keysWithPrefix(table, "global/events/delivery/") == 0
                            && Postgres.keysWithPrefix(table, "global/events/ingest/") == 0);
            Map<String, Long> counts = ids(receiver);
            assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(counts.values()).as("deliveries per event").containsOnly(1L);
        } finally {
            Postgres.dropTable(table);
        }
    }

    private static Map<String, Long> ids(EventsReceiver receiver) {
        return receiver.received.stream().map(r -> {
            try {
                return JSON.readTree(r.body()).path("id").asText();
            } catch (Exception e) {
                return "";
            }
        }).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static EventBridgeClient client(String endpoint, Credentials credentials) {
        return EventBridgeClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(KmsClients.provider(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    private static String[] storage(String table, Path dataDir) {
        List<String> args = new ArrayList<>(List.of("--storage", "postgres", "--postgres-url", Postgres.URL,
                "--postgres-table", table, "--data-dir", dataDir.toString(), "--port", "0"));
        return args.toArray(String[]::new);
    }
}
