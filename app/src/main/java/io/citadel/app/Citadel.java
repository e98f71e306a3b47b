package io.citadel.app;

import io.citadel.acm.Acm;
import io.citadel.acm.AcmSettings;
import io.citadel.acm.CertificateReads;
import io.citadel.acm.DnsResolver;
import io.citadel.acm.InProcessIssuer;
import io.citadel.acm.Mailer;
import io.citadel.acm.SmtpMailer;
import io.citadel.acm.UdpDnsResolver;
import io.citadel.acm.api.AcmApi;
import io.citadel.acm.api.ApprovalRoute;
import io.citadel.acm.api.PublicRootRoute;
import io.citadel.acme.Acme;
import io.citadel.acme.api.AcmeRoutes;
import io.citadel.audit.AuditSettings;
import io.citadel.audit.AuditTrail;
import io.citadel.audit.api.CloudTrailApi;
import io.citadel.core.access.Access;
import io.citadel.core.audit.AuditRecorder;
import io.citadel.core.audit.ServiceEventRecorder;
import io.citadel.core.crypto.pki.Pem;
import io.citadel.events.DeliverySettings;
import io.citadel.events.Events;
import io.citadel.events.api.EventsApi;
import io.citadel.identity.IdentityService;
import io.citadel.identity.PolicyAccess;
import io.citadel.identity.api.AccessKeyCredentials;
import io.citadel.identity.api.IamApi;
import io.citadel.identity.api.StsApi;
import io.citadel.kms.Kms;
import io.citadel.kms.api.KmsApi;
import io.citadel.parameters.ParameterLimits;
import io.citadel.parameters.Parameters;
import io.citadel.parameters.SecretReferences;
import io.citadel.parameters.api.ParametersApi;
import io.citadel.pca.Pca;
import io.citadel.pca.PcaSettings;
import io.citadel.pca.api.PcaApi;
import io.citadel.pca.api.PcaPublicRoutes;
import io.citadel.protocol.Authenticator;
import io.citadel.protocol.PublicRoute;
import io.citadel.protocol.ServiceApi;
import io.citadel.protocol.sigv4.Authenticated;
import io.citadel.protocol.sigv4.SigV4Verifier;
import io.citadel.secrets.Secrets;
import io.citadel.secrets.api.SecretsApi;
import io.citadel.secrets.rotation.BuiltInRotationFunctions;
import io.citadel.secrets.rotation.RotationFunctionResolver;
import io.citadel.secrets.rotation.WebhookRegistry;
import io.citadel.server.Dispatcher;
import io.citadel.server.HttpServer;
import io.citadel.server.PolledTlsIdentity;
import io.citadel.server.PolledTrustAnchors;
import io.citadel.server.RequestMetrics;
import io.citadel.server.ServerSettings;
import io.citadel.server.TlsIdentity;
import io.citadel.server.TrustAnchors;
import io.citadel.storage.Storage;
import io.citadel.storage.schedule.StorageScheduler;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Citadel node, wired by plain constructors: storage behind the barrier, the audit trail,
 * the services, the dispatcher and the HTTP listener, plus the node's periodic upkeep.
 * {@link #close()} shuts down in reverse order: requests drain, then the audit trail flushes, then
 * storage closes.
 */
public final class Citadel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Citadel.class);

    /** How soon a storage-key rotation made by another process seals this node's new writes. */
    static final Duration KEYRING_REFRESH = Duration.ofSeconds(30);
    /** How often expired temporary credentials are deleted. */
    static final Duration SESSION_PURGE = Duration.ofMinutes(10);
    /** How often audit export, interrupted-intent recovery and retention run. */
    static final Duration AUDIT_UPKEEP = Duration.ofMinutes(1);
    /** How often due scheduled jobs (key deletion, rotation, import expiry) run and key-usage records are written. */
    static final Duration SCHEDULER_TICK = Duration.ofSeconds(5);
    /** Audit records looked at per tick for "AWS API Call via CloudTrail" events (2,000 per second of ticks). */
    static final int API_CALL_EVENTS_PER_TICK = 10_000;
    /** How often the events worker drains the outbox, routes events and attempts due deliveries. */
    static final Duration EVENTS_TICK = Duration.ofMillis(250);
    /** Where log targets ({@code arn:aws:events:<region>:<account>:log/<name>}) write, under the data directory. */
    static final String EVENTS_LOG_DIR = "events-log";
    /** Where ACM PCA audit reports go ({@code <dir>/<bucket>/<S3Key>}), under the data directory: there is no S3 here. */
    static final String PCA_AUDIT_REPORT_DIR = "pca-audit-reports";

    /** How often used-up ACME nonces past their lifetime are deleted. */
    static final Duration ACME_NONCE_PURGE = Duration.ofMinutes(5);

    private final OpenStorage storage;
    private final RequestMetrics metrics;
    private final HttpServer server;
    private final IdentityService identity;
    private final AuditTrail audit;
    private final InstantSource clock;
    private final StorageScheduler scheduler;
    private final Kms kms;
    private final Events events;
    private final Secrets secrets;
    private final NodeTls tls;
    private final Acme acme;
    private final Pca pca;
    private final Acm acm;
    private final ScheduledExecutorService upkeep =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("citadel-upkeep").factory());
    private final ScheduledExecutorService eventsWorker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("citadel-events").factory());

    private Citadel(OpenStorage storage, RequestMetrics metrics, HttpServer server, IdentityService identity,
                    AuditTrail audit, InstantSource clock, StorageScheduler scheduler, Kms kms, Events events,
                    Secrets secrets, NodeTls tls, Acme acme, Pca pca, Acm acm) {
        this.storage = storage;
        this.pca = pca;
        this.metrics = metrics;
        this.server = server;
        this.identity = identity;
        this.audit = audit;
        this.clock = clock;
        this.scheduler = scheduler;
        this.kms = kms;
        this.events = events;
        eventsWorker.scheduleWithFixedDelay(() -> quietly("deliver events", () -> events.delivery().runUntilIdle(20)),
                EVENTS_TICK.toMillis(), EVENTS_TICK.toMillis(), TimeUnit.MILLISECONDS);
        this.secrets = secrets;
        this.tls = tls;
        upkeep.scheduleWithFixedDelay(() -> quietly("refresh the TLS certificate", tls::refresh),
                NodeTls.REFRESH.toSeconds(), NodeTls.REFRESH.toSeconds(), TimeUnit.SECONDS);
        this.acme = acme;
        upkeep.scheduleWithFixedDelay(() -> quietly("purge expired ACME nonces", () -> acme.nonces().purgeExpired()),
                ACME_NONCE_PURGE.toMinutes(), ACME_NONCE_PURGE.toMinutes(), TimeUnit.MINUTES);
        this.acm = acm;
        upkeep.scheduleWithFixedDelay(this::schedulerTick, SCHEDULER_TICK.toSeconds(), SCHEDULER_TICK.toSeconds(), TimeUnit.SECONDS);
        upkeep.scheduleWithFixedDelay(() -> quietly("refresh the storage keyring", storage.sealed()::reloadKeyring),
                KEYRING_REFRESH.toSeconds(), KEYRING_REFRESH.toSeconds(), TimeUnit.SECONDS);
        upkeep.scheduleWithFixedDelay(() -> quietly("purge expired STS sessions", () -> identity.sts().purgeExpired()),
                SESSION_PURGE.toMinutes(), SESSION_PURGE.toMinutes(), TimeUnit.MINUTES);
        if (audit != null) {
            upkeep.scheduleWithFixedDelay(this::auditUpkeep, AUDIT_UPKEEP.toSeconds(), AUDIT_UPKEEP.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Opens storage, bootstraps on first start, opens the audit trail, and starts listening. */
    public static Citadel start(Config config, InstantSource clock, PrintStream out) {
        return start(config, clock, out, sealed -> builtInRotationFunctions(sealed, clock));
    }

    /** The rotation functions a RotationLambdaARN names: the built-in database rotators and the webhooks operators registered. */
    static RotationFunctionResolver builtInRotationFunctions(Storage sealed, InstantSource clock) {
        return new BuiltInRotationFunctions(new WebhookRegistry(sealed, clock, new SecureRandom()), clock);
    }

    /** As above, with the rotation functions RotationLambdaARNs name made from the node's storage (tests pass their own). */
    public static Citadel start(Config config, InstantSource clock, PrintStream out,
                                Function<Storage, RotationFunctionResolver> rotationFunctionsOnStorage) {
        OpenStorage storage = OpenStorage.open(config);
        RequestMetrics metrics = null;
        AuditTrail audit = null;
        try {
            IdentityService identity = new IdentityService(storage.sealed(), clock, new SecureRandom());
            Bootstrap.runIfFirstStart(identity, config, out);
            Access access = new PolicyAccess(identity);
            if (!Boolean.parseBoolean(config.require(Setting.AUDIT_OFF_FOR_BENCHMARKS))) {
                audit = AuditTrail.open(storage.sealed(), clock, auditSettings(config));
            } else {
                LOG.warn("audit-off-for-benchmarks is set: API calls are NOT recorded; never serve like this");
            }
            StorageScheduler scheduler = new StorageScheduler(storage.sealed(), clock, "node-" + java.util.UUID.randomUUID());
            Kms kms = new Kms(storage.sealed(), clock, new SecureRandom(), access, scheduler);
            Events events = new Events(storage.sealed(), clock, access, "node-" + java.util.UUID.randomUUID(),
                    DeliverySettings.defaults(storage.dataDir().resolve(EVENTS_LOG_DIR)));
            events.fireScheduledRulesOn(scheduler);
            Secrets secrets = new Secrets(storage.sealed(), clock, new SecureRandom(), access, kms, scheduler,
                    rotationFunctionsOnStorage.apply(storage.sealed()), audit != null ? audit : ServiceEventRecorder.NONE);
            List<ServiceApi> services = new ArrayList<>(List.of(StsApi.create(identity, access), IamApi.create(identity, access),
                    KmsApi.create(kms),
                    ParametersApi.create(new Parameters(storage.sealed(), clock, new SecureRandom(), access, kms, scheduler,
                            ParameterLimits.AWS.withReadRates(config.integer(Setting.SSM_READS_PER_SECOND, 0, 1_000_000),
                                    config.integer(Setting.SSM_HIGH_THROUGHPUT_READS_PER_SECOND, 0, 1_000_000)),
                            secretReferences(secrets))),
                    SecretsApi.create(secrets),
                    EventsApi.create(events)));
            if (audit != null) {
                services.add(CloudTrailApi.create(audit, access));
            }
            List<PublicRoute> publicRoutes = new ArrayList<>();
            // the listener's own URL, known once it listens: named in CRL/OCSP URLs and ACM approval links unless configured
            java.util.concurrent.atomic.AtomicReference<String> ownAddress = new java.util.concurrent.atomic.AtomicReference<>("http://127.0.0.1");
            String publicBaseUrl = config.get(Setting.PUBLIC_BASE_URL);
            Pca pca = new Pca(storage.sealed(), clock, new SecureRandom(), access, scheduler, new PcaSettings(
                    publicBaseUrl != null && !publicBaseUrl.isBlank() ? () -> publicBaseUrl : ownAddress::get,
                    storage.dataDir().resolve(PCA_AUDIT_REPORT_DIR), PcaSettings.AWS_MAX_AUTHORITIES), kms);
            services.add(PcaApi.create(pca));
            publicRoutes.addAll(PcaPublicRoutes.create(pca));
            InProcessIssuer publicCa = new InProcessIssuer(storage.sealed(), clock, new SecureRandom());
            publicCa.publicRoot(); // generated (first start) or read now, so the first request does not wait for it
            Acm acm = new Acm(storage.sealed(), clock, new SecureRandom(), access, scheduler, new PcaCertificateIssuer(pca, publicCa),
                    acmSettings(config, ownAddress::get));
            services.add(AcmApi.create(acm));
            publicRoutes.add(ApprovalRoute.create(acm));
            publicRoutes.add(PublicRootRoute.create(publicCa));
            Acme acme = AcmeWiring.acme(storage.sealed(), clock, scheduler, config, pca);
            publicRoutes.add(new AcmeRoutes(acme).route());
            metrics = new RequestMetrics();
            AccessKeyCredentials credentials = new AccessKeyCredentials(identity, clock);
            SigV4Verifier verifier = new SigV4Verifier(credentials, clock);
            Authenticator authenticator = request -> {
                Authenticated caller = verifier.verify(request);
                credentials.recordUse(caller);
                return caller;
            };
            Dispatcher dispatcher = new Dispatcher(services, publicRoutes, authenticator,
                    audit != null ? audit : AuditRecorder.DISABLED, clock, metrics);
            NodeTls tls = NodeTls.configure(config, storage.sealed(), storage.dataDir(), clock, new SecureRandom(), out,
                    listenerSources(acm, pca, clock));
            HttpServer server = HttpServer.start(serverSettings(config), tls.settings(), dispatcher, metrics);
            String host = config.require(Setting.HOST);
            ownAddress.set((server.tls() ? "https" : "http") + "://" + (host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host)
                    + ":" + server.port());
            return new Citadel(storage, metrics, server, identity, audit, clock, scheduler, kms, events, secrets, tls, acme, pca, acm);
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.close();
            }
            if (audit != null) {
                audit.close();
            }
            storage.close();
            throw e;
        }
    }

    /**
     * The listener's certificate by ACM ARN (tls-certificate-arn: polled, so a renewal is served to new handshakes) and
     * its client CA by ACM PCA ARN (tls-client-ca-arn: the CA's own certificate is the one trust anchor, so only what
     * that CA issued is accepted, and the CA's records are read on every handshake, so a revoked client certificate,
     * or one the CA has no record of, is refused at once); the served certificate's InUseBy names the listener.
     */
    static NodeTls.ManagedSources listenerSources(Acm acm, Pca pca, InstantSource clock) {
        return new NodeTls.ManagedSources(
                arn -> new PolledTlsIdentity("ACM certificate " + arn, () -> {
                    CertificateReads.Served served = acm.reads().forNodeListener(arn);
                    return TlsIdentity.fromPem(served.certificatePem() + "\n" + served.chainPem(),
                            Pem.encode(Pem.PRIVATE_KEY, served.privateKeyPkcs8()));
                }),
                arn -> new PolledTrustAnchors("private CA " + arn, () -> TrustAnchors.fromPem(pca.authorityCertificate(
                        AccountRootContexts.of(arn, "acm-pca", "GetCertificateAuthorityCertificate", "citadel-listener", clock), arn)
                        .certificate()), client -> pca.revocation().clientCertificateRefusal(arn, client.getSerialNumber())),
                new NodeTlsCertificateUse.CertificateUse() {
                    @Override
                    public void mark(String certificateArn, String user) {
                        String[] parts = certificateArn.split(":", 6);
                        acm.updates().markInUse(parts[4], parts[3], certificateArn, user);
                    }

                    @Override
                    public void release(String certificateArn, String user) {
                        String[] parts = certificateArn.split(":", 6);
                        acm.updates().release(parts[4], parts[3], certificateArn, user);
                    }
                });
    }

    /** Parameter Store's /aws/reference/secretsmanager/ names, read through Secrets Manager. */
    static SecretReferences secretReferences(Secrets secrets) {
        return (ctx, secretId) -> secrets.references().read(ctx, secretId)
                .map(r -> new SecretReferences.Secret(r.arn(), r.value(), r.createdDate(), r.sourceResult()));
    }

    /**
     * ACM on this node: AWS's numbers, the DNS server and SMTP relay of the settings, approval links under the configured
     * base URL or the listener's own. Private certificates come from ACM PCA, public ones from the node's public issuing CA (docs/acm.md).
     */
    static AcmSettings acmSettings(Config config, java.util.function.Supplier<String> listenerUrl) {
        String dns = config.get(Setting.ACM_DNS_RESOLVER);
        String smtp = config.get(Setting.ACM_SMTP_SERVER);
        String base = config.get(Setting.ACM_APPROVAL_BASE_URL);
        try {
            return AcmSettings.aws(dns == null || dns.isBlank() ? DnsResolver.NONE : UdpDnsResolver.of(dns.trim()),
                    smtp == null || smtp.isBlank() ? Mailer.NONE : SmtpMailer.of(smtp.trim()),
                    base == null || base.isBlank() ? listenerUrl : () -> base.trim());
        } catch (IllegalArgumentException e) {
            throw new Config.ConfigException(e.getMessage());
        }
    }

    static AuditSettings auditSettings(Config config) {
        AuditSettings settings = AuditSettings.defaults()
                .withRetentionDays(config.integer(Setting.AUDIT_RETENTION_DAYS, 0, 100_000));
        Path exportDir = config.path(Setting.AUDIT_EXPORT_DIR);
        if (exportDir != null) {
            settings = settings.withExport(exportDir, Duration.ofMinutes(config.integer(Setting.AUDIT_EXPORT_MINUTES, 1, 1440)));
        }
        // Nodes sharing PostgreSQL may still be serving an intent; only a lone SQLite node can close them all at start.
        return config.require(Setting.STORAGE).equals("postgres") ? settings.shared(Duration.ofMinutes(15)) : settings;
    }

    static ServerSettings serverSettings(Config config) {
        return new ServerSettings(
                config.require(Setting.HOST),
                config.integer(Setting.PORT, 0, 65535),
                null, // TLS comes from NodeTls, which reloads the files; these paths would be read once
                null,
                config.integer(Setting.MAX_BODY_BYTES, 1024, 1 << 30),
                16 * 1024,
                Duration.ofSeconds(config.integer(Setting.REQUEST_TIMEOUT_SECONDS, 1, 3600)),
                Duration.ofSeconds(60),
                Duration.ofSeconds(config.integer(Setting.SHUTDOWN_GRACE_SECONDS, 0, 3600)));
    }

    private void schedulerTick() {
        quietly("write key-usage records", kms::flushUsage);
        quietly("run due scheduled jobs", () -> {
            while (scheduler.runDue() == StorageScheduler.DEFAULT_BATCH_SIZE) {
                // a full batch: more may be due
            }
        });
        quietly("start claimed secret rotations", secrets::runClaimedRotations);
        quietly("publish due private CA CRLs", pca::publishDueCrls);
        quietly("run claimed ACM validation checks", acm::runClaimedChecks);
        quietly("purge destroyed key material from the storage files", kms::purgeDestroyedMaterial);
        if (audit != null) {
            quietly("publish API call events", () -> audit.publishApiCallEvents(API_CALL_EVENTS_PER_TICK));
        }
    }

    /** Runs every due scheduled job now, then the events worker until idle (tests move a fake clock, then call this). */
    public void runScheduledJobs() {
        schedulerTick();
        events.delivery().runUntilIdle(100);
    }

    /** Re-reads changed TLS files and renews a due bootstrap certificate now (the upkeep does it every 30 s; tests move the clock, then call this). */
    public void refreshTls() {
        tls.refresh();
    }

    /** The bootstrap CA certificate clients should trust ({@code <data dir>/tls/citadel-ca.pem}), or null without tls-bootstrap. */
    public Path tlsCaFile() {
        return tls.caFile();
    }

    public Events events() {
        return events;
    }

    public Kms kms() {
        return kms;
    }

    public Secrets secrets() {
        return secrets;
    }

    /** The ACME server (its directories are opt-in: citadel admin enable-acme). */
    public Acme acme() {
        return acme;
    }

    /** The private CA, for the services that issue from it (ACM, ACME, the TLS bootstrap) and for tests. */
    public Pca pca() {
        return pca;
    }

    public Acm acm() {
        return acm;
    }

    private void auditUpkeep() {
        quietly("export audit files", () -> audit.exportDue(clock.instant()));
        quietly("record interrupted audit intents", () -> audit.recoverInterrupted(Duration.ofMinutes(15)));
        quietly("apply audit retention", () -> audit.applyRetention(clock.instant()));
    }

    private static void quietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("cannot {}: {}", what, e.getMessage());
        }
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

    /** The node's audit trail, or null when it runs with audit-off-for-benchmarks. */
    public AuditTrail audit() {
        return audit;
    }

    public Path dataDir() {
        return storage.dataDir();
    }

    @Override
    public void close() {
        upkeep.shutdownNow();
        eventsWorker.shutdownNow();
        try {
            // a worker mid-transaction finishes it before storage closes; an interrupted send's claim just expires
            eventsWorker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            server.close();
        } finally {
            try {
                if (audit != null) {
                    audit.close();
                }
            } finally {
                metrics.close();
                storage.close();
            }
        }
    }
}
