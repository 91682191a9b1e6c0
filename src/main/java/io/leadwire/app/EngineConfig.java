package io.leadwire.app;

import java.nio.file.Path;

/**
 * Where an engine keeps its data and how it listens.
 *
 * @param dbUrl JDBC URL overriding the embedded H2 database, or null
 */
public record EngineConfig(Path dataDir, String bind, int port, String dbUrl, Path tlsKeystore,
                           char[] tlsPassword, int maxBodyBytes) {

    public String jdbcUrl() {
        return dbUrl != null ? dbUrl : io.leadwire.store.Database.embeddedUrl(dataDir);
    }
}
