package io.citadel.bench;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code citadel-bench.jar}: a standalone client, deliberately independent of the
 * Citadel modules, so it measures the server only through the wire like any AWS SDK would.
 */
@Command(name = "citadel-bench", mixinStandardHelpOptions = true, version = "citadel-bench 0.1",
        description = "Load and startup benchmarks for Citadel (or any AWS-compatible endpoint).",
        subcommands = {LoadCommand.class, ReadyCommand.class, TlsHandshakeCommand.class})
public final class BenchCli implements Runnable {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new BenchCli());
        commandLine.setExecutionExceptionHandler((exception, cli, parseResult) -> {
            if (exception instanceof IllegalArgumentException || exception instanceof IllegalStateException
                    || exception instanceof IOException) {
                cli.getErr().println("citadel-bench: " + exception.getMessage());
                return 2;
            }
            throw exception;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
