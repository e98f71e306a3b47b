package io.citadel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tls-handshakes}: open loop, {@code --rate} new TLS connections per second, each doing one full handshake
 * (sessions are invalidated, so nothing resumes) and closing; counts completed and failed handshakes and records
 * connect-to-handshake-done latency. A handshake that cannot start because {@code --concurrency} are already in flight
 * counts as dropped: the client, not the server, was the limit, and the run says so.
 */
@Command(name = "tls-handshakes", mixinStandardHelpOptions = true,
        description = "Open-loop full TLS handshakes per second against a TLS listener.")
final class TlsHandshakeCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", required = true, description = "server TLS port")
    int port;

    @Option(names = "--rate", defaultValue = "2000", description = "new connections started per second (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = {"-d", "--duration"}, defaultValue = "20s", converter = DurationConverter.class,
            description = "measured time after warmup (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "time excluded from the statistics (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--concurrency", defaultValue = "128", description = "most handshakes in flight at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "connect and handshake timeout (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--ca-bundle", description = "PEM file of the certificates to trust (the server's CA, or its self-signed certificate)")
    Path caBundle;

    @Option(names = "--protocol", defaultValue = "TLSv1.3", description = "TLSv1.3 or TLSv1.2 (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--request", description = "after the handshake, send GET /health and read the answer before closing")
    boolean request;

    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> negotiated = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private volatile boolean measuring;
    /** Set when the run is over: handshakes cut short by the shutdown are not failures. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || concurrency < 1) {
            throw new IllegalArgumentException("rate: " + rate + ", concurrency: " + concurrency + " (expected: both >= 1)");
        }
        SSLSocketFactory factory = context().getSocketFactory();
        Semaphore slots = new Semaphore(concurrency);
        Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long measuredCompleted = 0;
        long measuredFailed = 0;
        long measuredDropped = 0;
        try (ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            long warmupEnd = start + warmup.toNanos();
            long end = warmupEnd + duration.toNanos();
            long launched = 0;
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            long[] atLastReport = new long[3];
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (!measuring && now >= warmupEnd) {
                    latency.getIntervalHistogram();
                    atLastReport = new long[] {completed.sum(), failed.sum(), dropped.sum()};
                    measuredCompleted = -completed.sum();
                    measuredFailed = -failed.sum();
                    measuredDropped = -dropped.sum();
                    measuring = true;
                }
                long due = (now - start) * rate / 1_000_000_000L;
                for (; launched < due; launched++) {
                    if (!slots.tryAcquire()) {
                        dropped.increment();
                        continue;
                    }
                    started.increment();
                    connections.execute(() -> {
                        try {
                            handshake(factory);
                        } finally {
                            slots.release();
                        }
                    });
                }
                if (now >= nextReport) {
                    long[] sums = {completed.sum(), failed.sum(), dropped.sum()};
                    Histogram interval = latency.getIntervalHistogram();
                    if (measuring) {
                        total.add(interval);
                    }
                    System.out.printf(Locale.ROOT, "%s %3ds: %6d handshakes/s, %d failed, %d dropped, p50 %.2f ms, p99 %.2f ms%n",
                            measuring ? "measure" : "warmup ", TimeUnit.NANOSECONDS.toSeconds(now - start),
                            sums[0] - atLastReport[0], sums[1] - atLastReport[1], sums[2] - atLastReport[2],
                            interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0);
                    atLastReport = sums;
                    nextReport += TimeUnit.SECONDS.toNanos(1);
                }
                TimeUnit.MICROSECONDS.sleep(200);
            }
            measuredCompleted += completed.sum();
            measuredFailed += failed.sum();
            measuredDropped += dropped.sum();
            measuring = false;
            stopping = true;
            total.add(latency.getIntervalHistogram());
            connections.shutdownNow();
        }
        double seconds = duration.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "%nfull TLS handshakes (%s) to %s:%d at %d/s offered over %s: %.0f completed/s (%d), "
                        + "%d failed, %d dropped by the client (--concurrency %d)%n",
                protocol, host, port, rate, duration, measuredCompleted / seconds, measuredCompleted, measuredFailed, measuredDropped,
                concurrency);
        System.out.printf(Locale.ROOT, "handshake latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
                total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(90) / 1000.0,
                total.getValueAtPercentile(99) / 1000.0, total.getMaxValue() / 1000.0);
        negotiated.forEach((what, n) -> System.out.printf(Locale.ROOT, "negotiated %s: %d%n", what, n.sum()));
        failures.forEach((what, n) -> System.out.printf(Locale.ROOT, "failure %s: %d%n", what, n.sum()));
        return measuredCompleted > 0 && measuredFailed == 0 ? 0 : 1;
    }

    private void handshake(SSLSocketFactory factory) {
        long begin = System.nanoTime();
        try (Socket tcp = new Socket()) {
            tcp.setTcpNoDelay(true);
            tcp.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            tcp.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket tls = (SSLSocket) factory.createSocket(tcp, host, port, true)) {
                tls.setEnabledProtocols(new String[] {protocol});
                tls.startHandshake();
                long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - begin);
                var session = tls.getSession();
                if (measuring) {
                    latency.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
                    negotiated.computeIfAbsent(session.getProtocol() + " " + session.getCipherSuite() + " "
                            + ((X509Certificate) session.getPeerCertificates()[0]).getPublicKey().getAlgorithm(), k -> new LongAdder()).increment();
                }
                // a full handshake every time: nothing this session left behind may be resumed
                session.invalidate();
                if (request) {
                    tls.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    InputStream in = tls.getInputStream();
                    byte[] buffer = new byte[4096];
                    while (in.read(buffer) >= 0) {
                        // drain until the server closes
                    }
                    // reading took in the TLS 1.3 session ticket, which made a resumable session again
                    tls.getSession().invalidate();
                }
                completed.increment();
            }
        } catch (IOException | RuntimeException e) {
            if (stopping) {
                return;
            }
            failed.increment();
            failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new LongAdder()).increment();
        }
    }

    private SSLContext context() throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (caBundle == null) {
            context.init(null, null, null);
            return context;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        try (InputStream in = Files.newInputStream(caBundle)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        if (i == 0) {
            throw new IllegalArgumentException("ca-bundle: " + caBundle + " holds no PEM certificate");
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        context.init(null, trust.getTrustManagers(), null);
        // sessions are never reused: one slot is enough, and an invalidated session is gone from it anyway
        context.getClientSessionContext().setSessionCacheSize(1);
        return context;
    }
}
