package io.citadel.it;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/** AWS SDK for Java v2 SSM clients pointed at a node, without retries so every call is one request. */
final class SsmClients {

    private SsmClients() {
    }

    static SsmClient ssm(Node node, Credentials credentials) {
        return ssm(node, KmsClients.provider(credentials));
    }

    /** A client that signs with the node's (movable) clock, so requests stay inside SigV4's window after time travel. */
    static SsmClient ssmOnNodeClock(Node node, Credentials credentials) {
        java.time.Clock clock = node.clock().withZone(java.time.ZoneOffset.UTC);
        var defaults = software.amazon.awssdk.services.ssm.auth.scheme.SsmAuthSchemeProvider.defaultProvider();
        return SsmClient.builder()
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

    static SsmClient ssm(Node node, AwsCredentialsProvider provider) {
        return SsmClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(provider)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
