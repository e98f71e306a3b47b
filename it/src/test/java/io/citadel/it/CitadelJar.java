package io.citadel.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shaded {@code citadel.jar} the app module builds (surefire runs in the it module, so it is
 * {@code ../app/target/citadel.jar}), run by the same JDK that runs the tests.
 */
final class CitadelJar {

    static final Path JAR = Path.of("..", "app", "target", "citadel.jar").toAbsolutePath().normalize();

    private CitadelJar() {
    }

    /** {@code java -jar citadel.jar args...}. */
    static List<String> command(List<String> args) {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is missing: build it with ./mvnw -B -pl app -am package -DskipTests");
        }
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new AssertionError("cannot find java"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(args);
        return command;
    }

    /** A minimal environment plus {@code extra} (CITADEL_* settings, secrets among them). */
    static Map<String, String> env(Path home, Map<String, String> extra) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(extra);
        return env;
    }

    /** Runs a command that ends by itself ({@code admin ...}, or a start that fails). */
    static Processes.Result run(Path home, Map<String, String> env, String... args) {
        return Processes.run(command(List.of(args)), env(home, env), Duration.ofSeconds(90));
    }
}
