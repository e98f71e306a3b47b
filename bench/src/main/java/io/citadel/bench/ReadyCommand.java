package io.citadel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ready}: launches a server command, polls {@code GET /health} every few milliseconds until
 * it answers 200, prints the time from launch to ready, then stops the process with SIGTERM.
 * Every step is bounded by a timeout, so a server that never comes up cannot hang the benchmark.
 */
@Command(name = "ready", mixinStandardHelpOptions = true,
        description = "Time from launching a server command to its first HTTP 200 on the health path.")
final class ReadyCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "port the launched server listens on")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "host to poll (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--path", defaultValue = "/health", description = "health path (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--interval", defaultValue = "5ms", converter = DurationConverter.class,
            description = "time between polls (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "give up if not ready within this time (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--stop-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "after SIGTERM, wait this long before killing the process (default: ${DEFAULT-VALUE})")
    Duration stopTimeout;

    @Option(names = "--runs", defaultValue = "1", description = "launch, measure and stop this many times (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--quiet", description = "discard the launched process's output")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "the server command; put it after --, e.g. -- java -jar app.jar start --port 4566")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        if (healthStatus() != -1) {
            throw new IllegalStateException("port: " + port + " already answers on " + host + " (expected: a free port, or the timing is meaningless)");
        }
        List<Long> readyMillis = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            long ready = measureOnce(run);
            if (ready < 0) {
                return 1;
            }
            readyMillis.add(ready);
        }
        if (runs > 1) {
            List<Long> sorted = readyMillis.stream().sorted().toList();
            System.out.printf(Locale.ROOT, "ready to serve: min %d ms, median %d ms, max %d ms over %d runs%n",
                    sorted.getFirst(), sorted.get(sorted.size() / 2), sorted.getLast(), runs);
        }
        return 0;
    }

    /** Returns milliseconds from launch to the first 200, or -1 if the server never got there. */
    private long measureOnce(int run) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (quiet) {
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.inheritIO();
        }
        long launched = System.nanoTime();
        Process process = builder.start();
        Thread killOnExit = new Thread(process::destroyForcibly, "ready-kill-child");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        try {
            long deadline = launched + timeout.toNanos();
            int lastStatus = -1;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    System.out.printf(Locale.ROOT, "run %d: process exited with code %d before it was ready%n", run, process.exitValue());
                    return -1;
                }
                lastStatus = healthStatus();
                if (lastStatus == 200) {
                    long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
                    long stopMillis = stop(process);
                    System.out.printf(Locale.ROOT, "run %d: ready to serve %d ms after launch (GET http://%s:%d%s -> 200); "
                            + "stopped %d ms after SIGTERM, exit code %s%n", run, readyMillis, host, port, path, stopMillis,
                            process.isAlive() ? "none" : Integer.toString(process.exitValue()));
                    return readyMillis;
                }
                Thread.sleep(interval);
            }
            System.out.printf(Locale.ROOT, "run %d: not ready after %s (last health status: %s)%n",
                    run, timeout, lastStatus == -1 ? "no answer" : Integer.toString(lastStatus));
            stop(process);
            return -1;
        } finally {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
            process.destroyForcibly();
        }
    }

    /** Sends SIGTERM, waits up to --stop-timeout, then kills; returns how long the stop took. */
    private long stop(Process process) throws InterruptedException {
        long start = System.nanoTime();
        process.destroy();
        if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            System.out.printf(Locale.ROOT, "process ignored SIGTERM for %s; killing it%n", stopTimeout);
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** One blocking GET on a fresh connection; -1 if nothing accepts or answers. */
    private int healthStatus() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 250);
            socket.setSoTimeout(1_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n' && statusLine.length() < 256; c = in.read()) {
                statusLine.append((char) c);
            }
            String text = statusLine.toString();
            if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
