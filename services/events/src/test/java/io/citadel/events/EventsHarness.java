package io.citadel.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import io.citadel.core.Principal;
import io.citadel.core.RequestContext;
import io.citadel.core.ServiceException;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The events service as a node wires it, on fakes: in-memory storage behind a real barrier, a clock
 * tests move, the real policy engine over a real identity service, and a loopback HTTP receiver.
 */
final class EventsHarness implements AutoCloseable {

    static final String REGION = "us-east-1";

    final InMemoryStorage raw = new InMemoryStorage();
    final Barrier storage;
    final IdentityService identity;
    final PolicyAccess access;
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00.000123456Z"));
    final Events events;
    final String accountA;
    final Principal rootA;
    final Receiver receiver;
    final Path logDir;
    private final AtomicLong requests = new AtomicLong();

    EventsHarness(Path logDir) throws IOException {
        this(logDir, EventsLimits.AWS);
    }

    EventsHarness(Path logDir, EventsLimits limits) throws IOException {
        byte[] rootKey = new byte[RootKey.BYTES];
        new SecureRandom().nextBytes(rootKey);
        try (RootKey key = new RootKey(rootKey)) {
            this.storage = Barrier.open(raw, key);
        }
        this.identity = new IdentityService(storage, clock, new SecureRandom());
        this.access = new PolicyAccess(identity);
        this.logDir = logDir;
        this.events = new Events(storage, clock, access, "node-1", settings(logDir), limits);
        this.accountA = identity.createAccount("a").id();
        this.rootA = identity.principalOf(identity.createAccessKey(accountA, null));
        this.receiver = new Receiver();
    }

    static DeliverySettings settings(Path logDir) {
        return new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofSeconds(5),
                100, 8, logDir);
    }

    Principal newAccountRoot(String name) {
        String id = identity.createAccount(name).id();
        return identity.principalOf(identity.createAccessKey(id, null));
    }

    RequestContext ctx(Principal principal) {
        return new RequestContext("req-" + requests.incrementAndGet(), clock.instant(), "10.0.0.1", "events-test", true, principal,
                REGION, "events", "Test");
    }

    RequestContext a() {
        return ctx(rootA);
    }

    /** An API destination (API key connection) pointing at the loopback receiver; returns its ARN. */
    String destination(String name, int rate) {
        ConnectionRecord c = events.connections().create(a(), name + "-conn", new Connections.ConnectionInput(null, "API_KEY",
                "x-api-key", "s3cret-key", null, null, null, null, null, null, null, null));
        return events.connections().createDestination(a(), name, new Connections.DestinationInput(null, c.arn(),
                receiver.url() + "/hook/*", "POST", rate)).arn();
    }

    static TargetSpec target(String id, String arn) {
        return new TargetSpec(id, arn, null, null, null, null, null, null, null, null, null, null, null);
    }

    static TargetSpec target(String id, String arn, Integer retries, Integer ageSeconds) {
        return new TargetSpec(id, arn, null, null, null, null, null, retries, ageSeconds, null, null, null, null);
    }

    List<EventIngest.Result> put(String source, String detailType, String detail) {
        return events.ingest().putEvents(a(), List.of(new EventIngest.Entry(null, source, List.of(), detailType, detail, null)));
    }

    void run() {
        events.delivery().runUntilIdle(50);
    }

    static ServiceException error(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a ServiceException").isInstanceOf(ServiceException.class);
        return (ServiceException) thrown;
    }

    @Override
    public void close() {
        receiver.close();
    }

    /** A clock tests move instead of sleeping. */
    static final class MutableClock implements InstantSource {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    /** A loopback HTTP receiver: records each request, answers {@link #failNext} failures with 500 first. */
    static final class Receiver implements AutoCloseable {
        record Request(String method, String path, Map<String, List<String>> headers, String body) {
            String header(String name) {
                return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().getFirst())
                        .findFirst().orElse(null);
            }
        }

        final List<Request> received = new CopyOnWriteArrayList<>();
        final List<Request> tokenRequests = new CopyOnWriteArrayList<>();
        final AtomicInteger failNext = new AtomicInteger();
        volatile int failStatus = 500;
        private final HttpServer server;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/oauth/token", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                tokenRequests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        Map.copyOf(exchange.getRequestHeaders()), body));
                byte[] token = ("{\"access_token\":\"tok-" + tokenRequests.size() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, token.length);
                exchange.getResponseBody().write(token);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean fail = failNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
                if (!fail) {
                    received.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                            Map.copyOf(exchange.getRequestHeaders()), body));
                }
                exchange.sendResponseHeaders(fail ? failStatus : 200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
