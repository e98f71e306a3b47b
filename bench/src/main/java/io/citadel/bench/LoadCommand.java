package io.citadel.bench;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load}: a closed-loop SigV4 load run over N keep-alive connections for a fixed duration or
 * request count, reporting throughput, statuses, errors and latency percentiles; optionally
 * sampling the server's heap from its {@code /metrics} page for soak runs.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Closed-loop signed load against one operation; bounded by --duration and --max-requests.")
final class LoadCommand implements Callable<Integer> {

    @Option(names = "--endpoint", defaultValue = "http://127.0.0.1:4566", description = "http://host:port (default: ${DEFAULT-VALUE})")
    String endpoint;

    @Option(names = {"-c", "--connections"}, defaultValue = "64", description = "concurrent keep-alive connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--threads", defaultValue = "1", description = "event-loop threads sharing the connections (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = {"-d", "--duration"}, defaultValue = "30s", converter = DurationConverter.class,
            description = "measured time after warmup (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
            description = "time excluded from the statistics (default: ${DEFAULT-VALUE})")
    Duration warmup;

    @Option(names = "--max-requests", defaultValue = "0",
            description = "stop after sending this many requests, warmup included; 0 = no cap (default: ${DEFAULT-VALUE})")
    long maxRequests;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "per-request timeout; a timed-out connection is counted as an error and reopened (default: ${DEFAULT-VALUE})")
    Duration requestTimeout;

    @Option(names = "--region", defaultValue = "us-east-1", description = "signing region (default: ${DEFAULT-VALUE})")
    String region;

    @ArgGroup(exclusive = false, heading = "Credentials (explicit keys, else --credentials-file, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)%n")
    CredentialOptions credentialOptions = new CredentialOptions();

    @ArgGroup(exclusive = false, heading = "Operation (default: sts:GetCallerIdentity)%n")
    OperationOptions operationOptions = new OperationOptions();

    @Option(names = "--json", description = "print the report as one JSON object instead of text")
    boolean json;

    @Option(names = "--heap-metrics", description = "sample the server heap from its Prometheus metrics before, during and after the run")
    boolean heapMetrics;

    @Option(names = "--metrics-url", description = "Prometheus page to sample (default: <endpoint>/metrics)")
    String metricsUrl;

    @Option(names = "--heap-sample-interval", defaultValue = "5s", converter = DurationConverter.class,
            description = "time between heap samples during the run (default: ${DEFAULT-VALUE})")
    Duration heapSampleInterval;

    /** Where the signing credentials come from. */
    static final class CredentialOptions {
        @Option(names = "--access-key", description = "access key id")
        String accessKey;

        @Option(names = "--secret-key", description = "secret access key")
        String secretKey;

        @Option(names = "--session-token", description = "session token, for temporary credentials")
        String sessionToken;

        @Option(names = "--credentials-file", description = "AWS shared credentials file, e.g. the one Citadel writes at bootstrap")
        Path credentialsFile;

        @Option(names = "--profile", defaultValue = "default", description = "profile in --credentials-file (default: ${DEFAULT-VALUE})")
        String profile = "default";
    }

    /** Which request is repeated: a preset, a json 1.1 target, or a raw query-protocol body. */
    static final class OperationOptions {
        @Option(names = "--operation", description = "preset: sts:GetCallerIdentity")
        String operation;

        @Option(names = "--json-target", description = "json 1.1 X-Amz-Target, e.g. TrentService.ListKeys (needs --service)")
        String jsonTarget;

        @Option(names = "--json-body", defaultValue = "{}", description = "json 1.1 request body (default: ${DEFAULT-VALUE}); each {seq} becomes a number unique in the run")
        String jsonBody = "{}";

        @Option(names = "--query-body", description = "query-protocol form body, e.g. Action=ListUsers&Version=2010-05-08 (needs --service)")
        String queryBody;

        @Option(names = "--service", description = "signing service name for --json-target / --query-body, e.g. kms")
        String service;

        @Option(names = "--unsigned-get", description = "an unsigned GET of this path instead of an AWS call, e.g. /pca/ocsp/<ca-id>/<request>")
        String unsignedGet;
    }

    @Override
    public Integer call() throws Exception {
        URI endpointUri = URI.create(endpoint);
        if (!"http".equals(endpointUri.getScheme()) || endpointUri.getHost() == null) {
            throw new IllegalArgumentException("endpoint: " + endpoint + " (expected: http://host:port; TLS is not supported by the load generator)");
        }
        if (connections < 1 || threads < 1 || threads > connections) {
            throw new IllegalArgumentException("connections: " + connections + ", threads: " + threads
                    + " (expected: connections >= 1 and 1 <= threads <= connections)");
        }
        int port = endpointUri.getPort() == -1 ? 80 : endpointUri.getPort();
        String hostHeader = endpointUri.getPort() == -1 ? endpointUri.getHost() : endpointUri.getHost() + ":" + port;
        RequestTemplate template = template();
        Credentials credentials = credentials();
        HttpClient metricsClient = heapMetrics ? HttpClient.newHttpClient() : null;
        URI metricsUri = URI.create(metricsUrl != null ? metricsUrl : endpoint.replaceAll("/+$", "") + "/metrics");

        long runStart = System.nanoTime();
        List<HeapSample> heapSamples = new ArrayList<>();
        LongAdder responsesReceived = new LongAdder();
        if (heapMetrics) {
            heapSamples.add(HeapSample.fetch(metricsClient, metricsUri, 0, 0));
        }

        long start = System.nanoTime();
        long measureStart = start + warmup.toNanos();
        LoadPlan plan = new LoadPlan(new InetSocketAddress(endpointUri.getHost(), port), hostHeader, template, credentials,
                region, measureStart, measureStart + duration.toNanos(), maxRequests, requestTimeout.toNanos(),
                new AtomicLong(), responsesReceived);
        System.err.printf("citadel-bench: %s against %s, %d connections, %d thread(s), warmup %d ms, duration %d ms%s%n",
                template.name(), endpoint, connections, threads, warmup.toMillis(), duration.toMillis(),
                maxRequests > 0 ? ", at most " + maxRequests + " requests" : "");

        List<LoadWorker> workers = new ArrayList<>();
        List<Thread> workerThreads = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int share = connections / threads + (i < connections % threads ? 1 : 0);
            LoadWorker worker = new LoadWorker(plan, share, i);
            workers.add(worker);
            Thread thread = new Thread(worker, "load-worker-" + i);
            thread.setDaemon(true);
            workerThreads.add(thread);
        }
        workerThreads.forEach(Thread::start);

        long cpuAtMeasureStart = -1;
        long nextHeapSample = measureStart;
        while (workerThreads.stream().anyMatch(Thread::isAlive)) {
            long now = System.nanoTime();
            if (cpuAtMeasureStart < 0 && now >= measureStart) {
                cpuAtMeasureStart = processCpuNanos();
            }
            if (heapMetrics && now >= nextHeapSample) {
                heapSamples.add(HeapSample.fetch(metricsClient, metricsUri,
                        TimeUnit.NANOSECONDS.toMillis(now - runStart), responsesReceived.sum()));
                nextHeapSample += heapSampleInterval.toNanos();
            }
            workerThreads.getFirst().join(cpuAtMeasureStart < 0 ? 5 : 50);
        }
        for (Thread thread : workerThreads) {
            thread.join();
        }
        long cpuAtEnd = processCpuNanos();
        long end = workers.stream().mapToLong(LoadWorker::finishedNanos).max().orElse(measureStart);
        if (heapMetrics) {
            heapSamples.add(HeapSample.fetch(metricsClient, metricsUri,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runStart), responsesReceived.sum()));
        }

        LoadStats total = new LoadStats();
        workers.forEach(worker -> total.add(worker.stats()));
        double measuredSeconds = Math.max(0, end - measureStart) / 1e9;
        double cpuSeconds = cpuAtMeasureStart < 0 ? 0 : (cpuAtEnd - cpuAtMeasureStart) / 1e9;
        LoadReport report = new LoadReport(endpoint, template.name(), connections, threads, warmup.toMillis() / 1000.0,
                measuredSeconds, total, cpuSeconds, heapSamples, Instant.now());
        System.out.println(json ? report.toJson() : report.toText());
        return total.responses() > 0 ? 0 : 1;
    }

    private RequestTemplate template() {
        OperationOptions options = operationOptions;
        int chosen = (options.operation != null ? 1 : 0) + (options.jsonTarget != null ? 1 : 0) + (options.queryBody != null ? 1 : 0)
                + (options.unsignedGet != null ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException(
                    "operation: more than one of --operation, --json-target, --query-body, --unsigned-get (expected: one)");
        }
        if (options.unsignedGet != null) {
            return RequestTemplate.unsignedGet(options.unsignedGet);
        }
        if (options.jsonTarget != null || options.queryBody != null) {
            if (options.service == null) {
                throw new IllegalArgumentException("service: missing (expected: --service NAME with --json-target or --query-body)");
            }
            return options.jsonTarget != null
                    ? RequestTemplate.json(options.service, options.jsonTarget, options.jsonBody)
                    : RequestTemplate.query(options.service, options.queryBody);
        }
        return RequestTemplate.preset(options.operation != null ? options.operation : "sts:GetCallerIdentity");
    }

    private Credentials credentials() throws Exception {
        CredentialOptions options = credentialOptions;
        if (options.accessKey != null || options.secretKey != null) {
            return new Credentials(options.accessKey, options.secretKey, options.sessionToken);
        }
        if (options.credentialsFile != null) {
            return Credentials.fromFile(options.credentialsFile, options.profile);
        }
        String accessKey = System.getenv("AWS_ACCESS_KEY_ID");
        if (accessKey == null) {
            throw new IllegalArgumentException("credentials: none (expected: --access-key/--secret-key, --credentials-file, "
                    + "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
        }
        return new Credentials(accessKey, System.getenv("AWS_SECRET_ACCESS_KEY"), System.getenv("AWS_SESSION_TOKEN"));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
