package io.citadel.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.util.concurrent.EventExecutor;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tls-handshakes}: open loop, {@code --rate} new TLS connections per second, each doing one full handshake and
 * closing; counts completed and failed handshakes and records connect-to-handshake-done latency. The client is Netty on
 * OpenSSL (BoringSSL) by default, so that its own handshakes cost little of the machine it shares with the server; its
 * session cache is off, and every handshake must pass the certificate check (which only a full handshake calls), or the
 * run fails. A handshake that cannot start because {@code --concurrency} are already in flight counts as dropped: the
 * client, not the server, was the limit, and the run says so.
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

    @Option(names = "--ca-bundle", description = "PEM file of the certificates to trust (the server's CA, or its self-signed "
            + "certificate; with --verify pinned, the server's own certificate)")
    Path caBundle;

    @Option(names = "--verify", defaultValue = "pkix",
            description = "how the server is authenticated: pkix (the JDK's PKIX validation of the chain against --ca-bundle, "
                    + "and the host name) or pinned (the presented leaf must be, byte for byte, a certificate of --ca-bundle, "
                    + "within its validity; BoringSSL still checks the handshake signature with its key) (default: ${DEFAULT-VALUE})")
    String verify;

    @Option(names = "--protocol", defaultValue = "TLSv1.3", description = "TLSv1.3 or TLSv1.2 (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--request", description = "after the handshake, send GET /health and read the answer before closing")
    boolean request;

    @Option(names = "--provider", defaultValue = "openssl",
            description = "the client's TLS: openssl (BoringSSL through netty-tcnative) or jdk (default: ${DEFAULT-VALUE})")
    String provider;

    @Option(names = "--groups", defaultValue = "X25519", split = ",",
            description = "key-exchange groups the OpenSSL client offers, in BoringSSL's names (default: ${DEFAULT-VALUE}, classic "
                    + "ECDHE; X25519MLKEM768 for the hybrid post-quantum group, about 25% more work on each side)")
    List<String> groups;

    @Option(names = "--threads", defaultValue = "1", description = "client event-loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--server-pid", description = "Linux: also report the CPU time this process (the server) used while measuring")
    Long serverPid;

    private final LongAdder started = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> negotiated = new ConcurrentHashMap<>();
    /**
     * Engines whose server certificate chain the trust manager checked, with the leaf's key algorithm: a handshake done
     * without that check resumed a session.
     */
    private final Map<SSLEngine, String> verified = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private volatile boolean measuring;
    /** Set when the run is over: handshakes cut short by the shutdown are not failures. */
    private volatile boolean stopping;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || concurrency < 1 || threads < 1) {
            throw new IllegalArgumentException("rate: " + rate + ", concurrency: " + concurrency + ", threads: " + threads
                    + " (expected: all >= 1)");
        }
        if (!verify.equals("pkix") && !verify.equals("pinned")) {
            throw new IllegalArgumentException("verify: " + verify + " (expected: pkix or pinned)");
        }
        if (verify.equals("pinned") && caBundle == null) {
            throw new IllegalArgumentException("verify: pinned needs --ca-bundle (the certificates to pin)");
        }
        if (!protocol.equals("TLSv1.3") && !protocol.equals("TLSv1.2")) {
            throw new IllegalArgumentException("protocol: " + protocol + " (expected: TLSv1.3 or TLSv1.2)");
        }
        SslContext context = context();
        Semaphore slots = new Semaphore(concurrency);
        Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long measuredCompleted = 0;
        long measuredFailed = 0;
        long measuredDropped = 0;
        long clientCpu = 0;
        long serverCpu = 0;
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            handshake(ch, context, slots);
                        }
                    });
            InetSocketAddress address = new InetSocketAddress(host, port);
            long start = System.nanoTime();
            long warmupEnd = start + warmup.toNanos();
            long end = warmupEnd + duration.toNanos();
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            long[] atLastReport = new long[3];
            // each event loop starts its share of the connections itself, so no connection crosses threads
            int index = 0;
            for (EventExecutor executor : group) {
                long share = rate * (index + 1L) / threads - rate * (long) index / threads;
                index++;
                Bootstrap local = bootstrap.clone((EventLoop) executor);
                long[] launched = {0};
                executor.scheduleAtFixedRate(() -> {
                    long due = (System.nanoTime() - start) * share / 1_000_000_000L;
                    for (; launched[0] < due && !stopping; launched[0]++) {
                        if (!slots.tryAcquire()) {
                            dropped.increment();
                            continue;
                        }
                        started.increment();
                        try {
                            local.connect(address).addListener(f -> {
                                if (!f.isSuccess()) {
                                    fail(f.cause());
                                }
                            });
                        } catch (RuntimeException e) {
                            slots.release();
                            fail(e); // and the schedule goes on: a task that throws would never run again
                        }
                    }
                }, 0, 1, TimeUnit.MILLISECONDS);
            }
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
                    clientCpu = -processCpuNanos();
                    serverCpu = -serverCpuNanos();
                    measuring = true;
                    nextReport = now + TimeUnit.SECONDS.toNanos(1);
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
                long wake = Math.min(nextReport, measuring ? end : warmupEnd);
                TimeUnit.NANOSECONDS.sleep(Math.max(TimeUnit.MILLISECONDS.toNanos(1), wake - System.nanoTime()));
            }
            measuredCompleted += completed.sum();
            measuredFailed += failed.sum();
            measuredDropped += dropped.sum();
            clientCpu += processCpuNanos();
            serverCpu += serverCpuNanos();
            measuring = false;
            stopping = true;
            total.add(latency.getIntervalHistogram());
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        double seconds = duration.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "%nfull TLS handshakes (%s) to %s:%d at %d/s offered over %s: %.0f completed/s (%d), "
                        + "%d failed, %d dropped by the client (--concurrency %d), %d resumed%n",
                protocol, host, port, rate, duration, measuredCompleted / seconds, measuredCompleted, measuredFailed, measuredDropped,
                concurrency, resumed.sum());
        System.out.printf(Locale.ROOT, "handshake latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f%n",
                total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(90) / 1000.0,
                total.getValueAtPercentile(99) / 1000.0, total.getMaxValue() / 1000.0);
        System.out.printf(Locale.ROOT, "client (%s, %d thread%s, server verified by %s): %s%n", clientProvider(), threads,
                threads == 1 ? "" : "s", verify.equals("pkix") ? "PKIX and host name" : "pinned certificate",
                cpu(clientCpu, seconds, measuredCompleted));
        if (serverPid != null) {
            System.out.printf(Locale.ROOT, "server (pid %d): %s%n", serverPid, cpu(serverCpu, seconds, measuredCompleted));
        }
        negotiated.forEach((what, n) -> System.out.printf(Locale.ROOT, "negotiated %s: %d%n", what, n.sum()));
        failures.forEach((what, n) -> System.out.printf(Locale.ROOT, "failure %s: %d%n", what, n.sum()));
        return measuredCompleted > 0 && measuredFailed == 0 && resumed.sum() == 0 ? 0 : 1;
    }

    private void handshake(SocketChannel ch, SslContext context, Semaphore slots) {
        long begin = System.nanoTime();
        ch.closeFuture().addListener(f -> slots.release());
        SslHandler tls = context.newHandler(ch.alloc(), host, port);
        tls.setHandshakeTimeoutMillis(timeout.toMillis());
        ch.pipeline().addLast(tls, new Exchange());
        tls.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
                verified.remove(tls.engine());
                fail(f.cause());
                ch.close();
                return;
            }
            SSLEngine engine = tls.engine();
            String keyAlgorithm = verified.remove(engine);
            if (keyAlgorithm == null) {
                resumed.increment();
            }
            if (measuring) {
                long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - begin);
                latency.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
                SSLSession session = engine.getSession();
                negotiated.computeIfAbsent(session.getProtocol() + " " + session.getCipherSuite() + " " + keyAlgorithm + group(engine),
                        k -> new LongAdder()).increment();
            }
            if (!request) {
                completed.increment();
                ch.close();
                return;
            }
            ch.writeAndFlush(Unpooled.copiedBuffer("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n",
                    StandardCharsets.US_ASCII));
        });
    }

    /** With {@code --request}: the answer to GET /health must begin with a 200 status line; the server closes after it. */
    private final class Exchange extends ChannelInboundHandlerAdapter {
        private final StringBuilder head = new StringBuilder();
        private boolean answered;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            try {
                if (!answered && head.length() < 16) {
                    head.append(bytes.toString(StandardCharsets.US_ASCII));
                    if (head.length() >= 12) {
                        answered = true;
                        if (head.toString().startsWith("HTTP/1.1 200")) {
                            completed.increment();
                        } else {
                            fail(new IOException("answer: " + head.substring(0, 12)));
                        }
                    }
                }
            } finally {
                bytes.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // the handshake future reports a handshake failure
        }
    }

    /** The key-exchange group, where the engine can say (OpenSSL's can). */
    private static String group(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            try {
                return " " + SSL.getGroupName(openSsl.sslPointer());
            } catch (Exception e) {
                return " (group unknown)";
            }
        }
        return "";
    }

    private void fail(Throwable e) {
        if (stopping) {
            return;
        }
        failed.increment();
        failures.computeIfAbsent(e.getClass().getSimpleName() + ": " + e.getMessage(), k -> new LongAdder()).increment();
    }

    private String clientProvider() {
        return provider.equals("openssl") ? "OpenSSL " + OpenSsl.versionString() : "JDK";
    }

    private static String cpu(long nanos, double seconds, long handshakes) {
        return String.format(Locale.ROOT, "%.2f CPU s, %.0f%% of one core, %.0f us CPU per handshake", nanos / 1e9,
                100 * nanos / 1e9 / seconds, handshakes == 0 ? 0.0 : nanos / 1e3 / handshakes);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** utime + stime of the server from /proc/{pid}/stat, in clock ticks of 10 ms (Linux's USER_HZ). */
    private long serverCpuNanos() throws IOException {
        if (serverPid == null) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc", serverPid.toString(), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    /** No session cache, so no session ID or ticket is ever offered: every handshake is a full one. */
    private SslContext context() throws GeneralSecurityException, IOException {
        SslProvider sslProvider = switch (provider) {
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("provider openssl: netty-tcnative does not load here (" + OpenSsl.unavailabilityCause() + ")");
                }
                yield SslProvider.OPENSSL;
            }
            case "jdk" -> SslProvider.JDK;
            default -> throw new IllegalArgumentException("provider: " + provider + " (expected: openssl or jdk)");
        };
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (sslProvider == SslProvider.OPENSSL) {
            builder.option(OpenSslContextOption.GROUPS, groups.toArray(String[]::new));
        }
        builder.sslProvider(sslProvider).protocols(List.of(protocol));
        if (verify.equals("pinned")) {
            builder.trustManager(new RecordingTrustManager(new Pins(bundle())));
        } else {
            builder.trustManager(new RecordingTrustManager(trustManager())).endpointIdentificationAlgorithm("HTTPS");
        }
        SslContext context = builder.build();
        if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        } else {
            context.sessionContext().setSessionCacheSize(1);
            context.sessionContext().setSessionTimeout(1);
        }
        return context;
    }

    private List<X509Certificate> bundle() throws GeneralSecurityException, IOException {
        List<X509Certificate> certificates = new java.util.ArrayList<>();
        try (InputStream in = Files.newInputStream(caBundle)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("ca-bundle: " + caBundle + " holds no PEM certificate");
        }
        return certificates;
    }

    private X509ExtendedTrustManager trustManager() throws GeneralSecurityException, IOException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caBundle == null) {
            factory.init((KeyStore) null);
        } else {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : bundle()) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            factory.init(store);
        }
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509ExtendedTrustManager from " + factory.getAlgorithm());
    }

    /**
     * Certificate pinning: the server's leaf must be one of the pinned certificates byte for byte, and the clock within
     * that certificate's validity. Cheaper per connection than PKIX (no chain building, no parsing: the DER is compared) and
     * no weaker for a certificate pinned this way; BoringSSL checks the CertificateVerify signature with the leaf's key in
     * either case, so only the holder of the pinned certificate's private key completes a handshake.
     */
    static final class Pins {
        private record Pin(byte[] der, long notBefore, long notAfter, String keyAlgorithm) {
        }

        private final List<Pin> pins;

        Pins(List<X509Certificate> pinned) throws CertificateException {
            List<Pin> list = new java.util.ArrayList<>();
            for (X509Certificate certificate : pinned) {
                list.add(new Pin(certificate.getEncoded(), certificate.getNotBefore().getTime(), certificate.getNotAfter().getTime(),
                        certificate.getPublicKey().getAlgorithm()));
            }
            this.pins = List.copyOf(list);
        }

        /** The pinned certificate's key algorithm when the chain's leaf is one of them and valid at {@code nowMillis}; else throws. */
        String check(X509Certificate[] chain, long nowMillis) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no server certificate");
            }
            byte[] leaf = chain[0].getEncoded();
            for (Pin pin : pins) {
                if (java.util.Arrays.equals(pin.der(), leaf)) {
                    if (nowMillis < pin.notBefore() || nowMillis > pin.notAfter()) {
                        throw new CertificateException("the pinned server certificate is not valid now");
                    }
                    return pin.keyAlgorithm();
                }
            }
            throw new CertificateException("the server's certificate is none of the " + pins.size() + " pinned");
        }
    }

    /** The check of the server's chain (PKIX and host name, or pinned), noting which engines it passed for. */
    private final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private final Pins pins;

        RecordingTrustManager(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
            this.pins = null;
        }

        RecordingTrustManager(Pins pins) {
            this.pkix = null;
            this.pins = pins;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            if (pins != null) {
                verified.put(engine, pins.check(chain, System.currentTimeMillis()));
                return;
            }
            pkix.checkServerTrusted(chain, authType, engine);
            verified.put(engine, chain[0].getPublicKey().getAlgorithm());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws CertificateException {
            throw new CertificateException("engines only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("engines only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix == null ? new X509Certificate[0] : pkix.getAcceptedIssuers();
        }
    }
}
