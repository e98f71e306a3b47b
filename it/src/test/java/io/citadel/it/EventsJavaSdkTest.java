package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ApiDestinationHttpMethod;
import software.amazon.awssdk.services.eventbridge.model.ConnectionAuthorizationType;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterTier;

/** EventBridge through the AWS SDK for Java v2: configuration, delivery to a loopback API destination, retries, service events. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EventsJavaSdkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void putEvents_reachesTheApiDestination_exactlyAsDocumented_withTheConnectionsApiKey() throws Exception {
        try (Node node = Node.start(dataDir); EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials());
             EventsReceiver receiver = new EventsReceiver()) {
            String dest = destination(events, receiver, "orders");
            events.createEventBus(b -> b.name("orders"));
            assertThatThrownBy(() -> events.createEventBus(b -> b.name("orders"))).isInstanceOf(ResourceAlreadyExistsException.class);
            String ruleArn = events.putRule(b -> b.name("placed").eventBusName("orders")
                    .eventPattern("{\"source\":[\"shop\"],\"detail\":{\"total\":[{\"numeric\":[\">=\",100]}]}}")).ruleArn();
            assertThat(ruleArn).endsWith(":rule/orders/placed");
            assertThat(events.putTargets(b -> b.rule("placed").eventBusName("orders").targets(t -> t.id("hook").arn(dest)))
                    .failedEntryCount()).isZero();

            PutEventsResponse put = events.putEvents(b -> b.entries(
                    e -> e.eventBusName("orders").source("shop").detailType("Order Placed").detail("{\"total\":120}")
                            .resources("arn:aws:shop:::order/1"),
                    e -> e.eventBusName("orders").source("shop").detailType("Order Placed").detail("{\"total\":5}"),
                    e -> e.eventBusName("orders").detailType("Order Placed").detail("{}")));
            assertThat(put.failedEntryCount()).isEqualTo(1);
            assertThat(put.entries().get(2).errorCode()).isEqualTo("InvalidArgument");
            String id = put.entries().getFirst().eventId();

            Poll.until("the event reaches the receiver", Duration.ofSeconds(20), () -> !receiver.received.isEmpty());
            node.citadel().runScheduledJobs();
            assertThat(receiver.received).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/hook");
                assertThat(r.apiKey()).isEqualTo("sdk-api-key");
                JsonNode event = JSON.readTree(r.body());
                assertThat(event.fieldNames()).toIterable().containsExactly("version", "id", "detail-type", "source", "account",
                        "time", "region", "resources", "detail");
                assertThat(event.get("id").asText()).isEqualTo(id);
                assertThat(event.get("account").asText()).isEqualTo(node.adminAccountId());
                assertThat(event.get("region").asText()).isEqualTo("us-east-1");
                assertThat(event.get("detail-type").asText()).isEqualTo("Order Placed");
                assertThat(event.get("resources").get(0).asText()).isEqualTo("arn:aws:shop:::order/1");
                assertThat(event.get("detail").get("total").asInt()).isEqualTo(120);
            });

            assertThat(events.listTargetsByRule(b -> b.rule("placed").eventBusName("orders")).targets()).singleElement()
                    .satisfies(t -> assertThat(t.arn()).isEqualTo(dest));
            assertThat(events.listRules(b -> b.eventBusName("orders")).rules()).extracting(r -> r.name()).containsExactly("placed");
            assertThat(events.describeRule(b -> b.name("placed").eventBusName("orders")).state().toString()).isEqualTo("ENABLED");
            assertThat(events.describeConnection(b -> b.name("orders-conn")).authParameters().apiKeyAuthParameters().apiKeyName())
                    .isEqualTo("x-api-key");
            assertThat(events.describeConnection(b -> b.name("orders-conn")).toString()).doesNotContain("sdk-api-key");
            assertThatThrownBy(() -> events.putRule(b -> b.name("bad").eventPattern("{\"source\":\"shop\"}")))
                    .isInstanceOf(InvalidEventPatternException.class);
            assertThatThrownBy(() -> events.describeRule(b -> b.name("none"))).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> events.listEndpoints(b -> b.maxResults(1)))
                    .isInstanceOfSatisfying(EventBridgeException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperationException");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
            assertThat(events.testEventPattern(b -> b.eventPattern("{\"source\":[\"shop\"]}").event(
                    "{\"id\":\"1\",\"account\":\"" + node.adminAccountId() + "\",\"source\":\"shop\",\"time\":\"2026-01-01T00:00:00Z\","
                            + "\"region\":\"us-east-1\",\"resources\":[],\"detail-type\":\"x\",\"detail\":{}}")).result()).isTrue();
        }
    }

    @Test
    void receiverThatFailsThenRecovers_getsEveryEventOnce_whenTheRetriesReachIt() {
        try (Node node = Node.start(dataDir); EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials());
             EventsReceiver receiver = new EventsReceiver()) {
            String dest = destination(events, receiver, "flaky");
            events.putRule(b -> b.name("all").eventPattern("{\"source\":[\"app\"]}"));
            events.putTargets(b -> b.rule("all").targets(t -> t.id("hook").arn(dest)
                    .retryPolicy(p -> p.maximumRetryAttempts(20).maximumEventAgeInSeconds(3600))));
            receiver.failNext.set(1_000_000);
            for (int i = 0; i < 5; i++) {
                int n = i;
                events.putEvents(b -> b.entries(e -> e.source("app").detailType("Tick").detail("{\"n\":" + n + "}")));
            }
            Poll.until("five failed first attempts", Duration.ofSeconds(20), () -> receiver.failures.get() >= 5);
            node.clock().advance(Duration.ofMinutes(1));
            node.citadel().runScheduledJobs();
            receiver.failNext.set(0);
            for (int i = 0; i < 12 && receiver.received.size() < 5; i++) {
                node.clock().advance(Duration.ofMinutes(10));
                node.citadel().runScheduledJobs();
            }
            assertThat(receiver.received).hasSize(5);
            assertThat(receiver.received.stream().map(r -> r.body().replaceAll(".*\"n\":(\\d).*", "$1")).sorted())
                    .containsExactly("0", "1", "2", "3", "4");
            assertThat(node.citadel().events().delivery().pending()).isEmpty();
        }
    }

    @Test
    void parameterStoreExpirationNotification_isDeliveredByARule_whenTheClockReachesIt() throws Exception {
        try (Node node = Node.start(dataDir); EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials());
             SsmClient ssm = SsmClients.ssmOnNodeClock(node, node.bootstrapCredentials()); EventsReceiver receiver = new EventsReceiver()) {
            String dest = destination(events, receiver, "ssm");
            events.putRule(b -> b.name("policy-actions")
                    .eventPattern("{\"source\":[\"aws.ssm\"],\"detail-type\":[\"Parameter Store Policy Action\"]}"));
            events.putTargets(b -> b.rule("policy-actions").targets(t -> t.id("hook").arn(dest)));
            String expires = node.clock().instant().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.SECONDS).toString();
            String policies = "[{\"Type\":\"Expiration\",\"Version\":\"1.0\",\"Attributes\":{\"Timestamp\":\"" + expires + "\"}},"
                    + "{\"Type\":\"ExpirationNotification\",\"Version\":\"1.0\",\"Attributes\":{\"Before\":\"2\",\"Unit\":\"Days\"}}]";
            ssm.putParameter(b -> b.name("/notify/me").value("v").type("String").tier(ParameterTier.ADVANCED).policies(policies));

            node.clock().advance(Duration.ofDays(7));
            node.citadel().runScheduledJobs();
            assertThat(receiver.received).isEmpty();
            node.clock().advance(Duration.ofDays(1).plusMinutes(1));
            node.citadel().runScheduledJobs();
            Poll.until("the notification reaches the receiver", Duration.ofSeconds(20), () -> !receiver.received.isEmpty());

            assertThat(receiver.received).singleElement().satisfies(r -> {
                JsonNode event = JSON.readTree(r.body());
                assertThat(event.get("source").asText()).isEqualTo("aws.ssm");
                assertThat(event.get("detail-type").asText()).isEqualTo("Parameter Store Policy Action");
                assertThat(event.get("account").asText()).isEqualTo(node.adminAccountId());
                assertThat(event.at("/detail/parameter-name").asText()).isEqualTo("/notify/me");
                assertThat(event.at("/detail/policy-type").asText()).isEqualTo("ExpirationNotification");
                assertThat(event.get("resources").get(0).asText()).endsWith(":parameter/notify/me");
            });
        }
    }

    @Test
    void kmsRotation_isDeliveredAsKmsCmkRotation() throws Exception {
        try (Node node = Node.start(dataDir); EventBridgeClient events = EventsClients.events(node, node.bootstrapCredentials());
             var kms = KmsClients.kmsOnNodeClock(node, node.bootstrapCredentials(), "us-east-1");
             EventsReceiver receiver = new EventsReceiver()) {
            String dest = destination(events, receiver, "kms");
            events.putRule(b -> b.name("rotations").eventPattern("{\"source\":[\"aws.kms\"],\"detail-type\":[\"KMS CMK Rotation\"]}"));
            events.putTargets(b -> b.rule("rotations").targets(t -> t.id("hook").arn(dest)));
            String keyId = kms.createKey(b -> b.description("rotating")).keyMetadata().keyId();
            kms.enableKeyRotation(b -> b.keyId(keyId).rotationPeriodInDays(90));
            node.clock().advance(Duration.ofDays(91));
            node.citadel().runScheduledJobs();
            Poll.until("the rotation event reaches the receiver", Duration.ofSeconds(20), () -> !receiver.received.isEmpty());
            assertThat(receiver.received).singleElement().satisfies(r -> {
                JsonNode event = JSON.readTree(r.body());
                assertThat(event.get("source").asText()).isEqualTo("aws.kms");
                assertThat(event.at("/detail/key-id").asText()).isEqualTo(keyId);
                assertThat(event.get("resources").get(0).asText()).endsWith(":key/" + keyId);
            });
        }
    }

    /** An API-key connection and an API destination at the receiver's /hook; returns the destination's ARN. */
    static String destination(EventBridgeClient events, EventsReceiver receiver, String name) {
        String connection = events.createConnection(b -> b.name(name + "-conn").authorizationType(ConnectionAuthorizationType.API_KEY)
                .authParameters(a -> a.apiKeyAuthParameters(k -> k.apiKeyName("x-api-key").apiKeyValue("sdk-api-key")))).connectionArn();
        return events.createApiDestination(b -> b.name(name).connectionArn(connection).invocationEndpoint(receiver.url("/hook"))
                .httpMethod(ApiDestinationHttpMethod.POST).invocationRateLimitPerSecond(100)).apiDestinationArn();
    }
}
