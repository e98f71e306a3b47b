package io.citadel.app;

import io.citadel.core.audit.AuditRecorder;
import io.citadel.identity.IdentityService;
import io.citadel.identity.api.AccessKeyCredentials;
import io.citadel.identity.api.StsApi;
import io.citadel.protocol.sigv4.SigV4Verifier;
import io.citadel.server.Dispatcher;
import io.citadel.server.HttpServer;
import io.citadel.server.RequestMetrics;
import io.citadel.server.ServerSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Citadel node, wired by plain constructors: storage behind the barrier, the services,
 * the dispatcher and the HTTP listener. {@link #close()} shuts down in reverse order.
 */
public final class Citadel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Citadel.class);

    private final OpenStorage storage;
    private final RequestMetrics metrics;
    private final HttpServer server;
    private final IdentityService identity;
    private final ScheduledExecutorService keyringRefresh;

    private Citadel(OpenStorage storage, RequestMetrics metrics, HttpServer server, IdentityService identity) {
        this.storage = storage;
        this.metrics = metrics;
        this.server = server;
        this.identity = identity;
        this.keyringRefresh = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("keyring-refresh").factory());
        keyringRefresh.scheduleWithFixedDelay(this::refreshKeyring, KEYRING_REFRESH.toSeconds(), KEYRING_REFRESH.toSeconds(),
                TimeUnit.SECONDS);
    }

    /** How soon a storage-key rotation made by another process seals this node's new writes. */
    static final Duration KEYRING_REFRESH = Duration.ofSeconds(30);

    private void refreshKeyring() {
        try {
            storage.sealed().reloadKeyring();
        } catch (RuntimeException e) {
            LOG.warn("cannot refresh the storage keyring: {}", e.getMessage());
        }
    }

    /** Opens storage, bootstraps on first start, and starts listening. */
    public static Citadel start(Config config, InstantSource clock, PrintStream out) {
        OpenStorage storage = OpenStorage.open(config);
        RequestMetrics metrics = null;
        try {
            IdentityService identity = new IdentityService(storage.sealed(), clock, new SecureRandom());
            Bootstrap.runIfFirstStart(identity, config, out);
            metrics = new RequestMetrics();
            SigV4Verifier verifier = new SigV4Verifier(new AccessKeyCredentials(identity, clock), clock);
            Dispatcher dispatcher = new Dispatcher(List.of(StsApi.create()), verifier::verify, AuditRecorder.DISABLED, clock, metrics);
            HttpServer server = HttpServer.start(serverSettings(config), dispatcher, metrics);
            return new Citadel(storage, metrics, server, identity);
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            storage.close();
            throw e;
        }
    }

    static ServerSettings serverSettings(Config config) {
        return new ServerSettings(
                config.require(Setting.HOST),
                config.integer(Setting.PORT, 0, 65535),
                config.path(Setting.TLS_CERTIFICATE),
                config.path(Setting.TLS_PRIVATE_KEY),
                config.integer(Setting.MAX_BODY_BYTES, 1024, 1 << 30),
                16 * 1024,
                Duration.ofSeconds(config.integer(Setting.REQUEST_TIMEOUT_SECONDS, 1, 3600)),
                Duration.ofSeconds(60),
                Duration.ofSeconds(config.integer(Setting.SHUTDOWN_GRACE_SECONDS, 0, 3600)));
    }

    public int port() {
        return server.port();
    }

    public String endpoint() {
        return (server.tls() ? "https" : "http") + "://127.0.0.1:" + server.port();
    }

    public IdentityService identity() {
        return identity;
    }

    public Path dataDir() {
        return storage.dataDir();
    }

    @Override
    public void close() {
        keyringRefresh.shutdownNow();
        try {
            server.close();
        } finally {
            metrics.close();
            storage.close();
        }
    }
}
