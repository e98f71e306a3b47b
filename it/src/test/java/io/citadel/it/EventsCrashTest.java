package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * kill -9 while events are being put and delivered: after a restart every event whose id PutEvents
 * returned reaches the receiver (at least once), including those the dead node had claimed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EventsCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCEPTED_BEFORE_KILL = 300;

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void killDashNine_duringDelivery_losesNoAcceptedEvent() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        try (EventsReceiver receiver = new EventsReceiver()) {
            ServerProcess server = ServerProcess.start(home, Map.of(), Duration.ofSeconds(60), "--port", "0",
                    "--data-dir", dataDir.toString());
            try (EventBridgeClient events = client(server.endpoint(), Credentials.fromCredentialsFile(dataDir.resolve(Node.BOOTSTRAP_FILE)))) {
                String dest = EventsJavaSdkTest.destination(events, receiver, "crash");
                events.putRule(b -> b.name("all").eventPattern("{\"source\":[\"crash.app\"]}"));
                events.putTargets(b -> b.rule("all").targets(t -> t.id("hook").arn(dest)));
                int batch = 0;
                while (accepted.size() < ACCEPTED_BEFORE_KILL || receiver.received.isEmpty()) {
                    int b0 = batch++;
                    var put = events.putEvents(b -> b.entries(java.util.stream.IntStream.range(0, 10).mapToObj(i ->
                            software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry.builder().source("crash.app")
                                    .detailType("Tick").detail("{\"batch\":" + b0 + ",\"i\":" + i + "}").build()).toList()));
                    put.entries().forEach(e -> accepted.add(e.eventId()));
                }
            } finally {
                server.kill();
                server.close();
            }
            int receivedAtKill = receiver.received.size();
            assertThat(receivedAtKill).as("some were delivered before the kill, not all").isLessThan(accepted.size());

            try (Node node = Node.start(dataDir)) {
                node.clock().advance(Duration.ofMinutes(3)); // past the dead node's claims
                Poll.until("every accepted event is delivered after the restart", Duration.ofSeconds(90), () -> {
                    node.citadel().runScheduledJobs();
                    return ids(receiver).containsAll(accepted);
                });
                assertThat(node.citadel().events().delivery().pending()).isEmpty();
            }
        }
    }

    private static Set<String> ids(EventsReceiver receiver) {
        return receiver.received.stream().map(r -> {
            try {
                return JSON.readTree(r.body()).path("id").asText();
            } catch (Exception e) {
                return "";
            }
        }).collect(Collectors.toSet());
    }

    private static EventBridgeClient client(String endpoint, Credentials credentials) {
        return EventBridgeClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(KmsClients.provider(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
