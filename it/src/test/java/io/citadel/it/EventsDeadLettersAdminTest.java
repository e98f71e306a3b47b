package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** An operator lists a target's dead letters with `citadel admin list-dead-letters` and redrives them; the node then delivers them. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventsDeadLettersAdminTest {

    @TempDir
    Path dataDir;
    @TempDir
    Path home;

    @Test
    void deadLetters_areListedAndRedrivenByTheAdminCommands() {
        try (EventsReceiver receiver = new EventsReceiver()) {
            scenario(receiver);
        }
    }

    private void scenario(EventsReceiver receiver) {
        String account;
        String eventId;
        try (Node node = Node.start(dataDir); EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials())) {
            account = node.adminAccountId();
            String dest = EventsJavaSdkTest.destination(events, receiver, "down");
            events.putRule(b -> b.name("r").eventPattern("{\"source\":[\"dl.app\"]}"));
            events.putTargets(b -> b.rule("r").targets(t -> t.id("hook").arn(dest).retryPolicy(p -> p.maximumRetryAttempts(0))));
            receiver.failNext.set(1);
            eventId = events.putEvents(b -> b.entries(e -> e.source("dl.app").detailType("T").detail("{}"))).entries().getFirst().eventId();
            Poll.until("the failed delivery becomes a dead letter", Duration.ofSeconds(20), () -> !node.citadel().events().delivery()
                    .deadLetters(account, "us-east-1", null, null, null).isEmpty());
        }
        String listed = CitadelJar.run(home, Map.of(), "admin", "list-dead-letters", "--data-dir", dataDir.toString(),
                "--account", account, "--rule", "r").requireSuccess("list-dead-letters").stdout();
        assertThat(listed).contains("default\tr\thook\t" + eventId).contains("MaximumRetryAttempts (0)");
        assertThat(CitadelJar.run(home, Map.of(), "admin", "redrive-dead-letters", "--data-dir", dataDir.toString(),
                "--account", account, "--target", "hook").requireSuccess("redrive-dead-letters").stdout()).contains("Redriven: 1");

        try (Node node = Node.start(dataDir)) {
            Poll.until("the redriven event is delivered", Duration.ofSeconds(20), () -> !receiver.received.isEmpty());
        }
        assertThat(receiver.received).singleElement().satisfies(r -> assertThat(r.body()).contains(eventId));
    }
}
