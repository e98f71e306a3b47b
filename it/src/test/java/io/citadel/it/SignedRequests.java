package io.citadel.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK for Java v2's own SigV4 signer, as raw bytes for socket-level tests. */
final class SignedRequests {

    static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";
    static final String GET_CALLER_IDENTITY = "Action=GetCallerIdentity&Version=2011-06-15";

    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private SignedRequests() {
    }

    /** A query-protocol GetCallerIdentity signed now for sts in us-east-1. */
    static RawRequest getCallerIdentity(int port, Credentials credentials) {
        return post(port, credentials, "sts", "us-east-1", List.of(Map.entry("Content-Type", FORM)),
                GET_CALLER_IDENTITY.getBytes(StandardCharsets.UTF_8), Instant.now());
    }

    /** POST / to the node on {@code port}, signed at {@code at} with Host and X-Amz-Date among the signed headers. */
    static RawRequest post(int port, Credentials credentials, String service, String region,
                           List<Map.Entry<String, String>> headers, byte[] body, Instant at) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:" + port + "/"));
        headers.forEach(h -> builder.appendHeader(h.getKey(), h.getValue()));
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey()))
                .request(builder.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        List<Map.Entry<String, String>> wire = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(v -> wire.add(Map.entry(name, v))));
        if (wire.stream().noneMatch(h -> h.getKey().equalsIgnoreCase("host"))) {
            wire.addFirst(Map.entry("Host", "127.0.0.1:" + port));
        }
        return RawRequest.of("POST", "/", wire, signed.payload().map(SignedRequests::bytes).orElse(body));
    }

    private static byte[] bytes(ContentStreamProvider payload) {
        try (InputStream in = payload.newStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
