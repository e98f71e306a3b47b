package io.citadel.secrets.rotation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rotation function an operator registered as an HTTP(S) endpoint: each step is POSTed as the
 * Lambda event {@code {"SecretId", "ClientRequestToken", "Step"}}, signed with {@link WebhookSignature}.
 * 2xx means the step succeeded; 5xx, 429, timeouts and connection failures are retried with
 * exponential backoff; anything else fails the step. The receiver does the step's work itself through
 * the Secrets Manager API, as a Lambda does. Messages name the function, never its URL (which may
 * carry a token) or the response body.
 */
public final class WebhookRotationFunction implements RotationFunction {

    /** Bounds of one step's delivery. */
    public record Settings(Duration requestTimeout, int attempts, Duration firstBackoff) {
        public Settings {
            if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("requestTimeout: " + requestTimeout + " (expected: 1ms..5min)");
            }
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts: " + attempts + " (expected: 1..10)");
            }
            if (firstBackoff.isNegative() || firstBackoff.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("firstBackoff: " + firstBackoff + " (expected: 0..1min)");
            }
        }

        /** 10 s per request, 4 attempts, backoff 0.5 s, 1 s, 2 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), 4, Duration.ofMillis(500));
        }
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Backoff {
        void pause(Duration duration) throws InterruptedException;

        Backoff SLEEP = d -> Thread.sleep(d);
    }

    private static final Logger LOG = LoggerFactory.getLogger(WebhookRotationFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionArn;
    private final URI url;
    private final String signingKey;
    private final HttpClient http;
    private final InstantSource clock;
    private final Settings settings;
    private final Backoff backoff;

    public WebhookRotationFunction(String functionArn, URI url, String signingKey, HttpClient http, InstantSource clock,
            Settings settings, Backoff backoff) {
        this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
        this.url = Objects.requireNonNull(url, "url");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** An HTTP client fit for webhooks: bounded connect time, never following redirects. */
    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The event body AWS sends a rotation Lambda. */
    static byte[] event(RotationStep step, String secretId, String clientRequestToken) {
        ObjectNode event = JSON.createObjectNode();
        event.put("SecretId", secretId);
        event.put("ClientRequestToken", clientRequestToken);
        event.put("Step", step.wire());
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void run(RotationStep step, String secretId, String clientRequestToken, RotationSecrets secrets) throws RotationException {
        byte[] body = event(step, secretId, clientRequestToken);
        String last = "no attempt";
        Duration pause = settings.firstBackoff();
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1) {
                try {
                    backoff.pause(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RotationException(prefix(step) + " interrupted after " + (attempt - 1) + " attempts (last: " + last + ")");
                }
                pause = pause.multipliedBy(2);
            }
            long now = clock.instant().getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Citadel-Rotation/1")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(now))
                    .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(signingKey, now, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            int status;
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                status = response.statusCode();
                response.body().close(); // the body is not read: it is the receiver's, and unbounded
            } catch (HttpTimeoutException e) {
                last = "timed out after " + settings.requestTimeout().toMillis() + " ms";
                LOG.info("{} attempt {}: {}", prefix(step), attempt, last);
                continue;
            } catch (IOException e) {
                last = "connection failed (" + e.getClass().getSimpleName() + ")";
                LOG.info("{} attempt {}: {}", prefix(step), attempt, last);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RotationException(prefix(step) + " interrupted");
            }
            if (status >= 200 && status < 300) {
                return;
            }
            last = "HTTP " + status;
            if (status < 500 && status != 429) {
                throw new RotationException(prefix(step) + " failed: the receiver answered " + last);
            }
            LOG.info("{} attempt {}: {}", prefix(step), attempt, last);
        }
        throw new RotationException(prefix(step) + " failed after " + settings.attempts() + " attempts (last: " + last + ")");
    }

    private String prefix(RotationStep step) {
        return "rotation webhook " + functionArn + ": " + step.wire();
    }
}
