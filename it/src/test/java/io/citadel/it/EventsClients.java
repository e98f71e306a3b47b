package io.citadel.it;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/** AWS SDK for Java v2 EventBridge clients pointed at a node, signing with the node's movable clock, without retries. */
final class EventsClients {

    private EventsClients() {
    }

    static EventBridgeClient events(Node node, Credentials credentials) {
        java.time.Clock clock = node.clock().withZone(java.time.ZoneOffset.UTC);
        var defaults = software.amazon.awssdk.services.eventbridge.auth.scheme.EventBridgeAuthSchemeProvider.defaultProvider();
        return EventBridgeClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(KmsClients.provider(credentials))
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(option -> option.toBuilder()
                                .putSignerProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock).build())
                        .toList())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
