package io.citadel.pca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSL 3.5, which verifies ML-DSA and SM2 signatures (Debian 12's OpenSSL 3.0 knows neither), installed by
 * {@code tools/install-openssl-3.5.sh} (which {@code .ci/run} runs) at {@value #DEFAULT}, or where the system property
 * {@code citadel.openssl35} points. A missing install fails the test that needs it, saying how to install it.
 */
final class OpenSsl35 {

    static final String DEFAULT = "/opt/citadel-tools/openssl-3.5/bin/openssl";

    /** What one openssl command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private OpenSsl35() {
    }

    static Path executable() {
        Path path = Path.of(System.getProperty("citadel.openssl35", DEFAULT));
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("OpenSSL 3.5 is not installed at " + path + ": run tools/install-openssl-3.5.sh");
        }
        return path;
    }

    /** Runs {@code openssl <args>} in {@code dir}, at most 30 seconds. */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", args) + ": no answer in 30 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
