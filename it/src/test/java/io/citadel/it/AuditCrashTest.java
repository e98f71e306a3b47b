package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.audit.LookupPage;
import io.citadel.audit.LookupQuery;
import io.citadel.audit.StoredEvent;
import io.citadel.identity.User;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under a stream of state-changing requests: afterwards every change that reached storage
 * has its event, and every request the server acknowledged has its completed event.
 */
class AuditCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 150;

    @TempDir
    Path dataDir;

    @TempDir
    Path home;

    @Test
    void killDashNine_leavesNoChangeWithoutItsEvent_andNoAcknowledgedRequestWithoutIt() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        Credentials root;
        AtomicBoolean stop = new AtomicBoolean();
        ServerProcess server = ServerProcess.start(home, Map.of(), Duration.ofSeconds(60),
                "--port", "0", "--data-dir", dataDir.toString());
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            root = Credentials.fromCredentialsFile(dataDir.resolve(Node.BOOTSTRAP_FILE));
            int port = server.port();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; !stop.get() && i < 10_000; i++) {
                        String name = "crash-" + client + "-" + i;
                        byte[] body = ("Action=CreateUser&Version=2010-05-08&UserName=" + name).getBytes(StandardCharsets.UTF_8);
                        try {
                            RawHttp.Response response = RawHttp.exchange(port, SignedRequests.post(port, root, "iam", "us-east-1",
                                    List.of(Map.entry("Content-Type", SignedRequests.FORM)), body, Instant.now()).toBytes(),
                                    Duration.ofSeconds(10));
                            if (response.status() == 200) {
                                acknowledged.put(response.header("x-amzn-RequestId"), name);
                            }
                        } catch (RuntimeException | AssertionError connectionLost) {
                            return;
                        }
                    }
                });
            }
            Poll.until(ACKNOWLEDGED_BEFORE_KILL + " acknowledged CreateUser calls", Duration.ofSeconds(60),
                    () -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
            server.kill();
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            server.close();
        }

        Map<String, String> acknowledgedNow = new HashMap<>(acknowledged);
        try (Node node = Node.start(dataDir)) {
            String account = node.adminAccountId();
            Set<String> stored = node.identity().users(account).stream().map(User::name).collect(Collectors.toSet());
            Map<String, JsonNode> eventsByRequest = new HashMap<>();
            LookupQuery query = LookupQuery.by("EventName", "CreateUser");
            LookupPage page;
            do {
                page = node.citadel().audit().lookupAll(query);
                for (StoredEvent event : page.events()) {
                    JsonNode record = JSON.readTree(event.cloudTrailEvent());
                    eventsByRequest.put(record.path("requestID").asText(), record);
                }
                query = query.withNextToken(page.nextToken());
            } while (page.nextToken() != null);

            Set<String> namesWithEvents = eventsByRequest.values().stream()
                    .map(e -> e.path("requestParameters").path("UserName").asText())
                    .collect(Collectors.toSet());
            assertThat(stored).as("users in storage").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
            assertThat(namesWithEvents).as("every stored user has its CreateUser event").containsAll(stored);
            for (Map.Entry<String, String> ack : acknowledgedNow.entrySet()) {
                JsonNode event = eventsByRequest.get(ack.getKey());
                assertThat(event).as("event of acknowledged request " + ack.getKey()).isNotNull();
                assertThat(event.path("errorCode").isMissingNode()).as("completed, not interrupted: " + event).isTrue();
                assertThat(event.path("requestParameters").path("UserName").asText()).isEqualTo(ack.getValue());
            }
        }
    }
}
