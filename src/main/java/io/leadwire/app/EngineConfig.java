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
    io.leadwire.store.Database openDatabase(int poolSize) throws java.io.IOException {
        if (dbUrl != null) {
            return io.leadwire.store.Database.open(dbUrl, dbUser, dbPassword == null ? null : new String(dbPassword),
                    poolSize);
        }
        EmbeddedCredentials c = EmbeddedCredentials.forDataDir(dataDir);
        return io.leadwire.store.Database.open(jdbcUrl(), c.user(), c.password(), poolSize);
    }
}
