package io.leadwire.app;

import picocli.CommandLine;

/**
 * Entry point of the {@code leadwire} command. It does not extend a JavaFX class, so that
 * {@code serve} and the admin commands never load JavaFX and jpackage can launch it from the
 * class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code != ExitCodes.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns its exit code (for tests, without exiting). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("leadwire: " + ex.getMessage());
            return ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }
}
