package io.citadel.protocol.sigv4;

// Lives as a .txt until protocol/pom.xml gains the test dependency
//   <dependency><groupId>software.amazon.awssdk</groupId><artifactId>http-auth-aws</artifactId><scope>test</scope></dependency>
// (version from the AWS BOM). Then move it to src/test/java/io/citadel/protocol/sigv4/JavaSdkSignerTest.java.

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citadel.protocol.WireRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Requests signed by the AWS SDK for Java v2's own SigV4 signer (the one every v2 client uses) must verify. */
class JavaSdkSignerTest {

    private static final Instant SIGNED_AT = Instant.parse("2024-05-06T07:08:09Z");
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final TestCredentials credentials = TestCredentials.withDefaultKey();
    private final MutableClock clock = new MutableClock(SIGNED_AT.plusSeconds(10));
    private final SigV4Verifier verifier = new SigV4Verifier(credentials, clock);

    private static SdkHttpRequest.Builder http(SdkHttpMethod method, String uri) {
        return SdkHttpRequest.builder().method(method).uri(URI.create(uri));
    }

    private static WireRequest sign(SdkHttpRequest request, byte[] body, String service, String region,
                                    AuthLocation location, boolean payloadSigning, boolean sessionToken) {
        AwsCredentialsIdentity identity = sessionToken
                ? AwsSessionCredentialsIdentity.create(TestCredentials.ACCESS_KEY, TestCredentials.SECRET, "session-token")
                : AwsCredentialsIdentity.create(TestCredentials.ACCESS_KEY, TestCredentials.SECRET);
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(identity)
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(SIGNED_AT, ZoneOffset.UTC))
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, location == AuthLocation.QUERY_STRING ? Duration.ofMinutes(15) : null)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning));
        return toWire(signed.request(), body);
    }

    private static WireRequest toWire(SdkHttpRequest request, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>();
        request.forEachHeader((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
        if (!headers.containsKey("host")) {
            int port = request.port();
            boolean defaultPort = (request.protocol().equals("https") && port == 443) || (request.protocol().equals("http") && port == 80);
            headers.put("host", List.of(defaultPort ? request.host() : request.host() + ":" + port));
        }
        return new WireRequest(request.method().name(), request.encodedPath().isEmpty() ? "/" : request.encodedPath(),
                request.encodedQueryParameters().orElse(""), headers, body, "127.0.0.1", true);
    }

    @Test
    void json11Post_verifies() {
        byte[] body = "{\"KeyId\":\"alias/app\",\"Plaintext\":\"aGVsbG8=\"}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = http(SdkHttpMethod.POST, "https://kms.us-east-1.amazonaws.com/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "TrentService.Encrypt")
                .build();

        Authenticated authenticated = verifier.verify(sign(request, body, "kms", "us-east-1", AuthLocation.HEADER, true, false));

        assertThat(authenticated.service()).isEqualTo("kms");
        assertThat(authenticated.region()).isEqualTo("us-east-1");
    }

    @Test
    void queryProtocolFormPost_withSessionToken_verifies() {
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = http(SdkHttpMethod.POST, "http://localhost:4566/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .build();

        assertThat(verifier.verify(sign(request, body, "sts", "eu-west-1", AuthLocation.HEADER, true, true)).service())
                .isEqualTo("sts");
    }

    @Test
    void awkwardQueryAndPath_verify() {
        SdkHttpRequest request = http(SdkHttpMethod.GET, "https://acm-pca.eu-central-1.amazonaws.com/a%20b/%E2%9C%93/c%2Ad")
                .appendRawQueryParameter("b", "x y")
                .appendRawQueryParameter("a", "\u00fc\u2211")
                .appendRawQueryParameter("tilde~", "~*")
                .appendRawQueryParameter("rep", "2")
                .appendRawQueryParameter("rep", "1")
                .appendRawQueryParameter("empty", "")
                .build();

        assertThat(verifier.verify(sign(request, null, "acm-pca", "eu-central-1", AuthLocation.HEADER, true, false)).region())
                .isEqualTo("eu-central-1");
    }

    @Test
    void unsignedPayload_verifies() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = http(SdkHttpMethod.POST, "https://kms.us-east-1.amazonaws.com/")
                .putHeader("X-Amz-Target", "TrentService.ListKeys")
                .build();

        WireRequest wire = sign(request, body, "kms", "us-east-1", AuthLocation.HEADER, false, false);

        assertThat(wire.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(verifier.verify(wire).service()).isEqualTo("kms");
    }

    @Test
    void presignedUrl_verifiesUntilItExpires() {
        SdkHttpRequest request = http(SdkHttpMethod.GET, "https://sts.amazonaws.com/")
                .appendRawQueryParameter("Action", "GetCallerIdentity")
                .appendRawQueryParameter("Version", "2011-06-15")
                .build();
        WireRequest wire = sign(request, null, "sts", "us-east-1", AuthLocation.QUERY_STRING, true, false);

        assertThat(verifier.verify(wire).service()).isEqualTo("sts");

        clock.set(SIGNED_AT.plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertThatThrownBy(() -> verifier.verify(wire))
                .isInstanceOfSatisfying(AuthenticationException.class,
                        e -> assertThat(e.failure()).isEqualTo(AuthFailure.PRESIGNED_URL_EXPIRED));
    }
}
