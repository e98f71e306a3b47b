package io.citadel.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code citadel.jar start} as a separate operating-system process, stopped with SIGTERM (then killed) on close. */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Citadel listening on (https?://127\\.0\\.0\\.1:\\d+) .*");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<String> stderr;
    private String endpoint;

    private ServerProcess(Process process) {
        this.process = process;
        this.stderr = Processes.drain(process.getErrorStream());
        Thread.startVirtualThread(this::readStdout);
    }

    /** Starts {@code java -jar citadel.jar start args...} and waits until it prints that it is listening. */
    static ServerProcess start(Path home, Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("start"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(CitadelJar.command(command));
        builder.environment().clear();
        builder.environment().putAll(CitadelJar.env(home, env));
        ServerProcess server;
        try {
            server = new ServerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start citadel.jar", e);
        }
        try {
            Matcher listening = server.awaitLine(LISTENING, timeout);
            server.endpoint = listening.group(1);
            return server;
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    String endpoint() {
        return endpoint;
    }

    int port() {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    /** SIGKILL: the process gets no chance to flush or close anything. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines.stream().filter(Objects::nonNull).toList());
        }
    }

    private void readStdout() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        } finally {
            synchronized (lines) {
                lines.add(null);
                lines.notifyAll();
            }
        }
    }

    private Matcher awaitLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String line = lines.get(seen);
                    if (line == null) {
                        throw new AssertionError("citadel exited (" + exitCodeOrNull() + ") before printing /" + pattern
                                + "/\nstdout:\n" + output() + "\nstderr:\n" + stderrSoFar());
                    }
                    Matcher m = pattern.matcher(line);
                    if (m.matches()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("citadel did not print /" + pattern + "/ within " + timeout + "\nstdout:\n" + output());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lines, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    private Integer exitCodeOrNull() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private String stderrSoFar() {
        try {
            return stderr.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "<stderr unavailable: " + e + ">";
        }
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(15));
    }
}
