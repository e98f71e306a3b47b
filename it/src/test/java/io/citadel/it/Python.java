package io.citadel.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine's Python 3 (with boto3 and the AWS CLI), resolved once through the inherited PATH
 * to its real interpreter, so that the tests can then run it with a clean environment: a throwaway
 * HOME, no AWS config or credentials files, no instance metadata.
 */
final class Python {

    private static volatile Path executable;

    private Python() {
    }

    static Path executable() {
        Path found = executable;
        if (found == null) {
            Processes.Result result = Processes.run(List.of("python3", "-c", "import sys; print(sys.executable)"),
                    System.getenv(), Duration.ofSeconds(30)).requireSuccess("python3");
            found = Path.of(result.stdout().strip());
            executable = found;
        }
        return found;
    }

    /** The environment for a client run: only what is listed here, with {@code home} as HOME. */
    static Map<String, String> cleanEnv(Path home) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", executable().getParent() + ":/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return env;
    }

    /** The AWS CLI beside the interpreter, else the CLI as a module of it. */
    static List<String> awsCli() {
        Path aws = executable().getParent().resolve("aws");
        return Files.isExecutable(aws) ? List.of(aws.toString()) : List.of(executable().toString(), "-m", "awscli");
    }
}
