package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/** /health and /metrics over the wire: unauthenticated, and the request counters count what really happened. */
class MetricsAndHealthTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void health_answersWithoutAuthentication() {
        try (Node node = Node.start(dataDir)) {
            RawHttp.Response health = RawHttp.exchange(node.port(), get("/health"), TIMEOUT);

            assertThat(health.status()).isEqualTo(200);
            assertThat(health.header("content-type")).isEqualTo("application/json");
            assertThat(health.text()).isEqualTo("{\"status\":\"ok\"}");
        }
    }

    @Test
    void metrics_countGetCallerIdentityByStatus_andExposeJvmMeters() {
        try (Node node = Node.start(dataDir);
             StsClient sts = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials());
             StsClient badSecret = JavaSdk.sts(node.endpoint(), node.bootstrapCredentials().withSecret("C".repeat(40)))) {
            for (int i = 0; i < 7; i++) {
                sts.getCallerIdentity();
            }
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(badSecret::getCallerIdentity).isInstanceOf(StsException.class);
            }
            RawHttp.exchange(node.port(), get("/health"), TIMEOUT);

            RawHttp.Response metrics = RawHttp.exchange(node.port(), get("/metrics"), TIMEOUT);

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("content-type")).startsWith("text/plain");
            String text = metrics.text();
            assertThat(count(text, "citadel_requests_seconds_count{operation=\"GetCallerIdentity\",service=\"sts\",status=\"200\"}"))
                    .isEqualTo(7);
            assertThat(count(text, "citadel_requests_seconds_count{operation=\"GetCallerIdentity\",service=\"unknown\",status=\"403\"}"))
                    .as("failed authentication is counted, but not attributed to a service").isEqualTo(3);
            assertThat(text).contains("citadel_requests_seconds_bucket{operation=\"GetCallerIdentity\",service=\"sts\",status=\"200\",le=");
            assertThat(text).containsPattern("(?m)^jvm_memory_used_bytes\\{.*\\} \\d");
            assertThat(text).doesNotContain("operation=\"health\"").doesNotContain("/health");
        }
    }

    private static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static long count(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + exposition.lines()
                    .filter(l -> l.startsWith("citadel_requests_seconds_count")).toList());
        }
        return (long) Double.parseDouble(m.group(1));
    }
}
