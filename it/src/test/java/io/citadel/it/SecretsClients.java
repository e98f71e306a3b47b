package io.citadel.it;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** AWS SDK for Java v2 Secrets Manager clients pointed at a node, without retries so every call is one request. */
final class SecretsClients {

    private SecretsClients() {
    }

    static SecretsManagerClient secrets(Node node, Credentials credentials, String region) {
        return SecretsManagerClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.of(region))
                .credentialsProvider(KmsClients.provider(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    static SecretsManagerClient secrets(Node node, Credentials credentials) {
        return secrets(node, credentials, "us-east-1");
    }

    /** A client that signs with the node's (movable) clock, so requests stay inside SigV4's window after time travel. */
    static SecretsManagerClient secretsOnNodeClock(Node node, Credentials credentials) {
        java.time.Clock clock = node.clock().withZone(java.time.ZoneOffset.UTC);
        var defaults = software.amazon.awssdk.services.secretsmanager.auth.scheme.SecretsManagerAuthSchemeProvider.defaultProvider();
        return SecretsManagerClient.builder()
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
