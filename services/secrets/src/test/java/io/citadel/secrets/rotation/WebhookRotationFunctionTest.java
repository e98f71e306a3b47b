package io.citadel.secrets.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The webhook rotator against a loopback HTTP receiver that checks the signature independently. */
class WebhookRotationFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-signing-key-abcdefghijklmnopqrstuvwxyz0123";
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:my-rotator";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    /** What the receiver saw of one request. */
    record Seen(String timestamp, String signature, JsonNode event, boolean signatureValid) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    /** Starts a receiver answering the n-th request (1-based) with {@code status.applyAsInt(n)}; a negative status hangs until the test ends. */
    private URI receiver(IntUnaryOperator status) throws Exception {
        AtomicInteger n = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/rotate", exchange -> handle(exchange, status.applyAsInt(n.incrementAndGet())));
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rotate?token=url-secret-123");
    }

    private void handle(HttpExchange exchange, int status) throws java.io.IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String ts = exchange.getRequestHeaders().getFirst("X-Citadel-Timestamp");
        String sig = exchange.getRequestHeaders().getFirst("X-Citadel-Signature");
        seen.add(new Seen(ts, sig, JSON.readTree(body), independentlyValid(ts, sig, body)));
        if (status < 0) {
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            status = 200;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** The receiver's check, written from docs/rotation.md with javax.crypto rather than the production helper. */
    private static boolean independentlyValid(String ts, String sig, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
            return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), sig.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return false;
        }
    }

    private WebhookRotationFunction function(URI url, Duration timeout, int attempts) {
        return new WebhookRotationFunction(ARN, url, KEY, WebhookRotationFunction.defaultClient(), InstantSource.fixed(NOW),
                new WebhookRotationFunction.Settings(timeout, attempts, Duration.ofMillis(200)), pauses::add);
    }

    @Test
    void eachStep_isPostedAsTheLambdaEvent_signedOverTimestampAndBody() throws Exception {
        WebhookRotationFunction f = function(receiver(n -> 200), Duration.ofSeconds(5), 3);
        for (RotationStep step : RotationStep.values()) {
            f.run(step, "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "tok-1", null);
        }
        assertThat(seen).hasSize(4);
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.signatureValid()).isTrue();
            assertThat(s.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
            assertThat(s.event().get("SecretId").asText()).isEqualTo("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf");
            assertThat(s.event().get("ClientRequestToken").asText()).isEqualTo("tok-1");
        });
        assertThat(seen.stream().map(s -> s.event().get("Step").asText()))
                .containsExactly("createSecret", "setSecret", "testSecret", "finishSecret");
        assertThat(pauses).isEmpty();
    }

    @Test
    void serverErrors_areRetriedWithBackoff_untilTheReceiverRecovers() throws Exception {
        WebhookRotationFunction f = function(receiver(n -> n <= 2 ? 503 : 204), Duration.ofSeconds(5), 4);
        f.run(RotationStep.SET_SECRET, "db", "tok-2", null);
        assertThat(seen).hasSize(3).allSatisfy(s -> assertThat(s.signatureValid()).isTrue());
        assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void persistentServerErrors_failAfterTheAttempts_withoutTheUrl() throws Exception {
        WebhookRotationFunction f = function(receiver(n -> 500), Duration.ofSeconds(5), 3);
        assertThatThrownBy(() -> f.run(RotationStep.TEST_SECRET, "db", "tok-3", null))
                .isInstanceOf(RotationException.class)
                .hasMessage("rotation webhook " + ARN + ": testSecret failed after 3 attempts (last: HTTP 500)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("url-secret-123").doesNotContain(KEY));
        assertThat(seen).hasSize(3);
    }

    @Test
    void clientErrors_failAtOnce() throws Exception {
        WebhookRotationFunction f = function(receiver(n -> 403), Duration.ofSeconds(5), 4);
        assertThatThrownBy(() -> f.run(RotationStep.CREATE_SECRET, "db", "tok-4", null))
                .isInstanceOf(RotationException.class).hasMessageContaining("answered HTTP 403");
        assertThat(seen).hasSize(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aReceiverThatHangs_timesOut_andIsRetried() throws Exception {
        WebhookRotationFunction f = function(receiver(n -> -1), Duration.ofMillis(500), 2);
        long start = System.nanoTime();
        assertThatThrownBy(() -> f.run(RotationStep.FINISH_SECRET, "db", "tok-5", null))
                .isInstanceOf(RotationException.class)
                .hasMessageContaining("failed after 2 attempts (last: timed out after 500 ms)");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(pauses).as("one backoff between the two attempts").containsExactly(Duration.ofMillis(200));
    }

    @Test
    void aTimeoutThenSuccess_succeeds() throws Exception {
        WebhookRotationFunction f = function(receiver(n -> n == 1 ? -1 : 200), Duration.ofMillis(1500), 4);
        f.run(RotationStep.FINISH_SECRET, "db", "tok-6", null);
        assertThat(seen.size()).as("the first request hung, a later one succeeded").isGreaterThanOrEqualTo(2);
        assertThat(pauses).isNotEmpty();
    }

    @Test
    void nobodyListening_isAConnectionFailure() throws Exception {
        URI url = receiver(n -> 200);
        server.stop(0);
        server = null;
        WebhookRotationFunction f = function(url, Duration.ofSeconds(2), 2);
        assertThatThrownBy(() -> f.run(RotationStep.CREATE_SECRET, "db", "tok-7", null))
                .isInstanceOf(RotationException.class).hasMessageContaining("connection failed");
    }

    @Test
    void signature_verifies_andRejectsTamperingStalenessAndOtherKeys() {
        byte[] body = WebhookRotationFunction.event(RotationStep.SET_SECRET, "db", "tok");
        long ts = NOW.getEpochSecond();
        String sig = WebhookSignature.sign(KEY, ts, body);
        Duration tolerance = WebhookSignature.DEFAULT_TOLERANCE;
        assertThat(WebhookSignature.verify(KEY, Long.toString(ts), sig, body, NOW, tolerance)).isTrue();
        byte[] tampered = body.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(WebhookSignature.verify(KEY, Long.toString(ts), sig, tampered, NOW, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(KEY, Long.toString(ts + 1), sig, body, NOW, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(KEY + "x", Long.toString(ts), sig, body, NOW, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(KEY, Long.toString(ts), sig, body, NOW.plus(Duration.ofMinutes(6)), tolerance)).isFalse();
        assertThat(WebhookSignature.verify(KEY, Long.toString(ts), "v1=zz", body, NOW, tolerance)).isFalse();
        assertThat(WebhookSignature.verify(KEY, null, sig, body, NOW, tolerance)).isFalse();
        assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("{\"SecretId\":\"db\",\"ClientRequestToken\":\"tok\",\"Step\":\"setSecret\"}");
    }

    @Test
    void thePythonVerifierInTheDocs_acceptsOurSignature_andRejectsATamperedBody() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "..", "docs", "rotation.md"));
        String python = doc.replaceAll("(?s).*```python\n(.*?)```.*", "$1");
        assertThat(python).contains("def verify(");
        byte[] body = WebhookRotationFunction.event(RotationStep.CREATE_SECRET, "db", "tok");
        long ts = Instant.now().getEpochSecond();
        String sig = WebhookSignature.sign(KEY, ts, body);
        String program = python + "\nimport sys\nh = {'X-Citadel-Timestamp': sys.argv[1], 'X-Citadel-Signature': sys.argv[2]}\n"
                + "print(verify(sys.argv[3], h, sys.argv[4].encode()))\n";
        assertThat(runPython(program, Long.toString(ts), sig, KEY, new String(body, StandardCharsets.UTF_8))).isEqualTo("True");
        assertThat(runPython(program, Long.toString(ts), sig, KEY, new String(body, StandardCharsets.UTF_8).replace("tok", "tak")))
                .isEqualTo("False");
    }

    private static String runPython(String program, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("python3", "-c", program));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
