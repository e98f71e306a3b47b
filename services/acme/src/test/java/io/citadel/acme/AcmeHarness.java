package io.citadel.acme;

import io.citadel.acme.api.AcmeRoutes;
import io.citadel.storage.Barrier;
import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.RootKey;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ACME server as a node wires it, on fakes: in-memory storage behind a real barrier, a movable clock, the
 * durable scheduler, the in-process CA (or a test issuer), and a worker the test drains when it chooses
 * ({@link #runValidations()}), so "processing" can be observed.
 */
final class AcmeHarness {

    static final String CA_ARN = "arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/test-ca";

    final TestClock clock = new TestClock(Instant.parse("2026-06-01T00:00:00Z"));
    final SecureRandom random = new SecureRandom();
    final InMemoryStorage raw = new InMemoryStorage();
    final Storage storage;
    final StorageScheduler scheduler;
    final Deque<Runnable> pending = new ArrayDeque<>();
    final Executor worker = pending::add;
    final LocalCaIssuer localCa;
    final Acme acme;
    final AcmeRoutes routes;
    final AcmeDirectory directory;

    AcmeHarness(int http01Port, Map<String, String> hosts, java.net.InetSocketAddress dnsServer, boolean eab, AcmeIssuer issuer) {
        this(http01Port, 443, hosts, dnsServer, eab, issuer);
    }

    AcmeHarness(int http01Port, int tlsAlpn01Port, Map<String, String> hosts, java.net.InetSocketAddress dnsServer, boolean eab,
                AcmeIssuer issuer) {
        byte[] rootKey = new byte[RootKey.BYTES];
        random.nextBytes(rootKey);
        try (RootKey key = new RootKey(rootKey)) {
            storage = Barrier.open(raw, key);
        }
        scheduler = new StorageScheduler(storage, clock, "test-node");
        localCa = new LocalCaIssuer(storage, clock, random);
        AcmeSettings settings = AcmeSettings.defaults().withHttp01Port(http01Port).withTlsAlpn01Port(tlsAlpn01Port)
                .withHosts(hosts).withDnsServer(dnsServer);
        settings = new AcmeSettings(settings.http01Port(), settings.tlsAlpn01Port(), settings.hosts(), settings.dnsServer(), Duration.ofSeconds(3),
                settings.orderLifetime(), settings.authorizationLifetime());
        acme = new Acme(storage, clock, random, issuer != null ? issuer : localCa, scheduler, worker, settings);
        routes = new AcmeRoutes(acme);
        directory = acme.directories().enable("t", CA_ARN, eab, 90);
    }

    AcmeHarness() {
        this(80, Map.of(), null, false, null);
    }

    /** Runs the validations handed to the worker so far. */
    void runValidations() {
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
        }
    }

    TestAcmeClient client() {
        return new TestAcmeClient(routes, "t");
    }

    static final class TestClock implements InstantSource {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }
    }
}
