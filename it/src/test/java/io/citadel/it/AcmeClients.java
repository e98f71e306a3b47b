package io.citadel.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the ACME end-to-end tests share: a clean environment for certbot and lego, free ports, openssl verify. */
final class AcmeClients {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(150);

    private AcmeClients() {
    }

    static Map<String, String> env(Path home) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates an active ACM PCA root with the AWS CLI on a node over {@code dataDir}, stops the node, and enables the
     * ACME directory {@code name} on that CA with the documented admin command (which needs the data directory free).
     * Returns the CA's ARN.
     */
    static String enableAcme(Path home, Path dataDir, String name, String... extra) {
        String ca = createActiveRoot(dataDir);
        List<String> args = new java.util.ArrayList<>(List.of("admin", "enable-acme", "--data-dir", dataDir.toString(),
                "--name", name, "--certificate-authority-arn", ca));
        args.addAll(List.of(extra));
        String out = CitadelJar.run(home, Map.of(), args.toArray(String[]::new)).requireSuccess("enable-acme").stdout();
        if (!out.contains("ACME directory " + name + " enabled")) {
            throw new AssertionError("enable-acme printed: " + out);
        }
        return ca;
    }

    private static String createActiveRoot(Path dataDir) {
        try (Node node = Node.start(dataDir)) {
            return PcaRoots.activeRoot(node, "ACME Test Root");
        }
    }

    /** {@code openssl verify -CAfile ca leaf}'s output; the test asserts on it. */
    static Processes.Result opensslVerify(Path home, Path caFile, Path leaf) {
        return Processes.run(List.of("openssl", "verify", "-CAfile", caFile.toString(), leaf.toString()), env(home),
                Duration.ofSeconds(30));
    }

    static String opensslText(Path home, Path certificate) {
        return Processes.run(List.of("openssl", "x509", "-noout", "-text", "-in", certificate.toString()), env(home),
                Duration.ofSeconds(30)).requireSuccess("openssl x509").stdout();
    }

    /** {@code openssl pkey -text} of a private key file (its algorithm and curve). */
    static String opensslKeyText(Path home, Path key) {
        return Processes.run(List.of("openssl", "pkey", "-noout", "-text", "-in", key.toString()), env(home),
                Duration.ofSeconds(30)).requireSuccess("openssl pkey").stdout();
    }

    /** The one account key lego saved under {@code legoPath}/accounts. */
    static Path legoAccountKey(Path legoPath) {
        try (var files = Files.walk(legoPath.resolve("accounts"))) {
            return files.filter(f -> f.toString().endsWith(".key")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
