package io.citadel.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citadel.app.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, seeded fuzzing over real sockets: thousands of damaged variants of one valid signed
 * GetCallerIdentity request. The server must never answer 5xx, must answer each with one
 * well-formed HTTP response (an AWS error shape when it is an error) or close cleanly, and must
 * still serve a valid request afterwards. Set -Dcitadel.fuzz.seed to replay a run.
 */
class FuzzTest {

    private static final long SEED = Long.getLong("citadel.fuzz.seed", 20_250_101L);
    private static final int MUTANTS = 2000;
    private static final int CONNECTIONS = 48;
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration PER_REQUEST = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void mutatedSignedRequests_neverFailTheServer() throws Exception {
        try (Node node = Node.builder(dataDir)
                .flag(Setting.MAX_BODY_BYTES, "2048")
                .flag(Setting.REQUEST_TIMEOUT_SECONDS, "1")
                .start()) {
            Credentials root = node.bootstrapCredentials();
            RequestMutator mutator = new RequestMutator(SignedRequests.getCallerIdentity(node.port(), root));
            List<RequestMutator.Mutant> mutants = new ArrayList<>(MUTANTS);
            Random random = new Random(SEED);
            for (int i = 0; i < MUTANTS; i++) {
                mutants.add(mutator.mutate(random));
            }

            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < MUTANTS; i++) {
                    int index = i;
                    done.add(pool.submit(() -> {
                        RequestMutator.Mutant mutant = mutants.get(index);
                        try {
                            String outcome = check(node.port(), mutant);
                            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                        } catch (AssertionError | RuntimeException e) {
                            failures.add("mutant " + index + " (seed " + SEED + ": " + mutant.description() + "): " + e.getMessage()
                                    + "\nrequest: " + printable(mutant.bytes()));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String summary = "fuzz seed " + SEED + ": " + MUTANTS + " mutants in " + took.toMillis() + " ms: " + new TreeMap<>(outcomes);

            assertThat(failures).as("%s; failures (%d)", summary, failures.size()).isEmpty();
            assertThat(outcomes.keySet()).as("the mutations reach many parts of the server")
                    .contains("200", "400", "403", "404", "408", "413");
            assertThat(took).isLessThan(Duration.ofSeconds(50));

            RawHttp.Response valid = RawHttp.exchange(node.port(), SignedRequests.getCallerIdentity(node.port(), root).toBytes(),
                    PER_REQUEST);
            assertThat(valid.status()).as("%s", valid).isEqualTo(200);
            assertThat(valid.text()).contains("<Arn>arn:aws:iam::" + node.adminAccountId() + ":root</Arn>");
            String metrics = RawHttp.exchange(node.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    PER_REQUEST).text();
            assertThat(metrics.lines().filter(l -> l.startsWith("citadel_requests_seconds_count")))
                    .isNotEmpty().noneMatch(l -> l.contains("status=\"5"));
        }
    }

    /** Sends one mutant and returns its outcome's name (the status, or "closed"); throws when the answer is wrong. */
    private static String check(int port, RequestMutator.Mutant mutant) {
        RawHttp.Outcome outcome = RawHttp.send(port, mutant.bytes(), QUIET, PER_REQUEST, !mutant.head());
        return switch (outcome) {
            case RawHttp.Closed closed -> "closed";
            case RawHttp.Response r -> {
                if (r.status() >= 500) {
                    throw new AssertionError("server error " + r);
                }
                if (r.status() >= 400 && !mutant.head()) {
                    assertAwsErrorShape(r);
                }
                yield Integer.toString(r.status());
            }
        };
    }

    private static void assertAwsErrorShape(RawHttp.Response r) {
        String type = r.header("content-type");
        if ("text/xml".equals(type)) {
            if (!r.text().matches("<ErrorResponse><Error><Type>Sender</Type><Code>\\w+</Code><Message>[^<]*</Message></Error>"
                    + "<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>")) {
                throw new AssertionError("malformed query error: " + r);
            }
            return;
        }
        if (type == null || !type.startsWith("application/x-amz-json-1.")) {
            throw new AssertionError("error with content type " + type + ": " + r);
        }
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body == null || !body.path("__type").isTextual() || !body.path("message").isTextual()) {
                throw new AssertionError("malformed json error: " + r);
            }
        } catch (IOException e) {
            throw new AssertionError("json error that is not JSON: " + r, e);
        }
    }

    private static String printable(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 600); i++) {
            int b = bytes[i] & 0xff;
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : b == '\r' ? "\\r" : b == '\n' ? "\\n" : String.format("\\x%02x", b));
        }
        return bytes.length > 600 ? out + "...(" + bytes.length + " bytes)" : out.toString();
    }
}
