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

    static SsmClient ssm(Node node, AwsCredentialsProvider provider) {
        return SsmClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(provider)
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
