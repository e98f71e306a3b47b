package io.citadel.app;

import io.citadel.acme.Acme;
import io.citadel.acme.AcmeSettings;
import io.citadel.pca.Pca;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/** The node's ACME server: settings from {@link Config}, the ACM Private CA as issuer, validations on bounded virtual threads. */
final class AcmeWiring {

    /** Challenge validations running at once on one node; more are refused and time out. */
    static final int MAX_CONCURRENT_VALIDATIONS = 32;

    private AcmeWiring() {
    }

    static Acme acme(Storage sealed, InstantSource clock, StorageScheduler scheduler, Config config, Pca pca) {
        AcmeSettings settings = AcmeSettings.defaults()
                .withHttp01Port(config.integer(Setting.ACME_HTTP01_PORT, 1, 65535))
                .withTlsAlpn01Port(config.integer(Setting.ACME_TLS_ALPN01_PORT, 1, 65535))
                .withHosts(AcmeSettings.parseHosts(config.get(Setting.ACME_RESOLVE)))
                .withDnsServer(AcmeSettings.parseDnsServer(config.get(Setting.ACME_DNS_SERVER)));
        return new Acme(sealed, clock, new SecureRandom(), new PcaAcmeIssuer(pca, clock), scheduler,
                boundedVirtualThreads(MAX_CONCURRENT_VALIDATIONS), settings);
    }

    /** An executor that runs each task on its own virtual thread, at most {@code max} at once. */
    static Executor boundedVirtualThreads(int max) {
        Semaphore permits = new Semaphore(max);
        return task -> {
            if (!permits.tryAcquire()) {
                throw new RejectedExecutionException("more than " + max + " ACME validations at once");
            }
            Thread.ofVirtual().name("acme-validation").start(() -> {
                try {
                    task.run();
                } finally {
                    permits.release();
                }
            });
        };
    }
}
