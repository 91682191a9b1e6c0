package io.leadwire.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives: shared by every command. */
final class DataOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder (default: $LEADWIRE_DATA_DIR or ~/.leadwire).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Use this database instead of the embedded H2 in the data folder.")
    String dbUrl;

    static Path defaultDataDir() {
        String env = System.getenv("LEADWIRE_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".leadwire");
    }

    Path dataDirOrDefault() {
        return (dataDir != null ? dataDir : defaultDataDir()).toAbsolutePath().normalize();
    }
}
