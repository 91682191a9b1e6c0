package io.leadwire.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives: shared by every command. */
final class DataOptions {
    /** The database server's password: an environment variable only, never a flag or the config file. */
    static final String DB_PASSWORD_ENV = "LEADWIRE_DB_PASSWORD";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data folder (default: $LEADWIRE_DATA_DIR or ~/.leadwire).")
    Path dataDir;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Use this database instead of the embedded H2 in the data folder.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "User for --db (a database server); the password only from $" + DB_PASSWORD_ENV + ".")
    String dbUser;

    /** Read by {@link ConfigDefaults} before parsing; declared so that every command accepts it. */
    @Option(names = "--config", paramLabel = "FILE",
            description = "Defaults for any flag from this properties file (keys: flags without dashes, e.g. "
                    + "port=8470); also $" + ConfigDefaults.CONFIG_ENV + ". Each flag can also come from "
                    + "$LEADWIRE_<FLAG> (e.g. $LEADWIRE_PORT).")
    Path config;

    /** Applied by {@link Main} before logging starts; declared so that every command accepts it. */
    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Log lines as text or json (default: ${DEFAULT-VALUE}).")
    String logFormat;

    static Path defaultDataDir() {
        String env = System.getenv("LEADWIRE_DATA_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".leadwire");
    }

    /** The login for --db: the user flag and the password from the environment (either may be absent). */
    EngineConfig withLogin(EngineConfig config) {
        String password = System.getenv(DB_PASSWORD_ENV);
        return config.withDbLogin(dbUser, password == null || password.isEmpty() ? null : password.toCharArray());
    }

    Path dataDirOrDefault() {
        return (dataDir != null ? dataDir : defaultDataDir()).toAbsolutePath().normalize();
    }
}
