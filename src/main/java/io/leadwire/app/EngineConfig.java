package io.leadwire.app;

import java.nio.file.Path;

/**
 * Where an engine keeps its data and how it listens.
 *
 * @param dbUrl  JDBC URL overriding the embedded H2 database, or null
 * @param checks the quality checks that need something from outside: geo-IP database, external
 *               verification services (all off unless configured)
 */
public record EngineConfig(Path dataDir, String bind, int port, String dbUrl, Path tlsKeystore,
                           char[] tlsPassword, int maxBodyBytes, io.leadwire.quality.CheckSettings checks,
                           String dbUser, char[] dbPassword) {

    public EngineConfig {
        checks = checks == null ? io.leadwire.quality.CheckSettings.none() : checks;
    }

    /** A configuration whose database (if not the embedded one) needs no login beyond its URL. */
    public EngineConfig(Path dataDir, String bind, int port, String dbUrl, Path tlsKeystore, char[] tlsPassword,
                        int maxBodyBytes, io.leadwire.quality.CheckSettings checks) {
        this(dataDir, bind, port, dbUrl, tlsKeystore, tlsPassword, maxBodyBytes, checks, null, null);
    }

    /** The same configuration logging in to the database server as {@code user} with {@code password}. */
    public EngineConfig withDbLogin(String user, char[] password) {
        return new EngineConfig(dataDir, bind, port, dbUrl, tlsKeystore, tlsPassword, maxBodyBytes, checks, user,
                password);
    }

    /** A configuration with every outside check off. */
    public EngineConfig(Path dataDir, String bind, int port, String dbUrl, Path tlsKeystore, char[] tlsPassword,
                        int maxBodyBytes) {
        this(dataDir, bind, port, dbUrl, tlsKeystore, tlsPassword, maxBodyBytes,
                io.leadwire.quality.CheckSettings.none());
    }

    public String jdbcUrl() {
        return dbUrl != null ? dbUrl : io.leadwire.store.Database.embeddedUrl(dataDir);
    }

    /** Opens the configured database: the given URL as is, or the embedded one with its own credentials. */
    public io.leadwire.store.Database openDatabase(int poolSize) throws java.io.IOException {
        return openDatabase(poolSize, System::getenv);
    }

    /**
     * {@link #openDatabase(int)} with the environment given. An encrypted embedded store
     * ({@link StoreEncryption}) is opened with {@code CIPHER=AES} and the file password in front
     * of the user password, as H2 wants them; a missing or wrong key is a one-line
     * {@link StoreEncryption.KeyException}, never H2's stack trace.
     */
    io.leadwire.store.Database openDatabase(int poolSize, java.util.function.Function<String, String> env)
            throws java.io.IOException {
        if (dbUrl != null) {
            return io.leadwire.store.Database.open(dbUrl, dbUser, dbPassword == null ? null : new String(dbPassword),
                    poolSize);
        }
        EmbeddedCredentials c = EmbeddedCredentials.forDataDir(dataDir);
        StoreEncryption encryption = StoreEncryption.of(dataDir);
        if (encryption == null) {
            return io.leadwire.store.Database.open(jdbcUrl(), c.user(), c.password(), poolSize);
        }
        String key = encryption.key(env, false);
        try {
            return io.leadwire.store.Database.open(jdbcUrl() + ";CIPHER=AES", c.user(), key + " " + c.password(),
                    poolSize);
        } catch (RuntimeException e) {
            if (isWrongKey(e)) {
                throw new StoreEncryption.KeyException("the encrypted store in " + dataDir + " does not open with "
                        + "the key from " + (env.apply(StoreEncryption.KEY_ENV) != null
                        ? "$" + StoreEncryption.KEY_ENV : "the keystore " + encryption.keystore())
                        + ": it is the wrong key");
            }
            throw e;
        }
    }

    /** Whether H2 refused the file password (wrong key) rather than failing for another reason. */
    private static boolean isWrongKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                int code = sql.getErrorCode();
                // 28000 wrong user name or password, 90049 file encryption error, 90030 file corrupted
                // (what a wrong AES key reads like).
                if (code == 28000 || code == 90049 || code == 90030) {
                    return true;
                }
            }
        }
        return false;
    }
}
