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
        tuneHttpServer();
        int code = run(args);
        if (code != ExitCodes.KEEP_RUNNING) {
            System.exit(code);
        }
    }

    /**
     * Settings of the JDK HTTP server, read once when it first starts: without TCP_NODELAY small
     * answers wait ~40 ms for Nagle's algorithm; the time limits stop a slow client from holding
     * a worker forever. An operator's own {@code -D} wins.
     */
    static void tuneHttpServer() {
        setDefault("sun.net.httpserver.nodelay", "true");
        setDefault("sun.net.httpserver.maxReqTime", "30");
        setDefault("sun.net.httpserver.maxRspTime", "30");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Runs the command line and returns its exit code (for tests, without exiting). */
    public static int run(String... args) {
        return run(System.getenv(), args);
    }

    /** {@link #run(String...)} with the environment given (tests). */
    static int run(java.util.Map<String, String> env, String... args) {
        ConfigDefaults defaults;
        String logFormat;
        try {
            defaults = ConfigDefaults.load(args, env);
            logFormat = defaults.logFormat(args);
        } catch (IllegalArgumentException e) {
            System.err.println("leadwire: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // logback.xml picks its appender by this name when it starts, which is when the first
        // logger is made: now, before the commands (and their loggers) are created.
        if (System.getProperty("LEADWIRE_LOG_FORMAT") == null) {
            System.setProperty("LEADWIRE_LOG_FORMAT", logFormat);
        }
        CommandLine cli = new CommandLine(new RootCommand());
        cli.setDefaultValueProvider(defaults);
        try {
            defaults.checkKeys(cli);
        } catch (IllegalArgumentException e) {
            cli.getErr().println("leadwire: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("leadwire: " + ex.getMessage());
            return ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }
}
