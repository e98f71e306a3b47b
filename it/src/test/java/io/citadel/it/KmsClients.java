package io.citadel.it;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.auth.scheme.KmsAuthSchemeProvider;

/** AWS SDK for Java v2 clients of KMS, IAM and CloudTrail pointed at a node, without retries so every call is one request. */
final class KmsClients {

    private KmsClients() {
    }

    static KmsClient kms(Node node, Credentials credentials, String region) {
        return KmsClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.of(region))
                .credentialsProvider(provider(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /**
     * A client that signs with the node's clock, so that after a test moves that clock the requests
     * still fall inside SigV4's five-minute window: the client has travelled in time with the server.
     */
    static KmsClient kmsOnNodeClock(Node node, Credentials credentials, String region) {
        Clock clock = node.clock().withZone(ZoneOffset.UTC);
        KmsAuthSchemeProvider defaults = KmsAuthSchemeProvider.defaultProvider();
        return KmsClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.of(region))
                .credentialsProvider(provider(credentials))
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(option -> option.toBuilder().putSignerProperty(HttpSigner.SIGNING_CLOCK, clock).build())
                        .toList())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    static KmsClient kms(Node node, Credentials credentials) {
        return kms(node, credentials, "us-east-1");
    }

    static IamClient iam(Node node, Credentials credentials) {
        return IamClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(provider(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    static CloudTrailClient cloudTrail(Node node, Credentials credentials) {
        return CloudTrailClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(provider(credentials))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    /** A client that signs with the node's (movable) clock, so requests stay inside SigV4's window after time travel. */
    static CloudTrailClient cloudTrailOnNodeClock(Node node, Credentials credentials) {
        java.time.Clock clock = node.clock().withZone(java.time.ZoneOffset.UTC);
        var defaults = software.amazon.awssdk.services.cloudtrail.auth.scheme.CloudTrailAuthSchemeProvider.defaultProvider();
        return CloudTrailClient.builder()
                .endpointOverride(URI.create(node.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(provider(credentials))
                .authSchemeProvider(params -> defaults.resolveAuthScheme(params).stream()
                        .map(option -> option.toBuilder()
                                .putSignerProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK, clock).build())
                        .toList())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    static StaticCredentialsProvider provider(Credentials credentials) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey()));
    }

    /** Plain JCA verification: false for a wrong or malformed signature. */
    static boolean jcaVerifies(java.security.Signature verifier, java.security.PublicKey key, byte[] message, byte[] signature)
            throws java.security.GeneralSecurityException {
        verifier.initVerify(key);
        verifier.update(message);
        try {
            return verifier.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }
}
