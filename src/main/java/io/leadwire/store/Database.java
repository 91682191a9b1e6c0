package io.leadwire.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The one connection pool of an engine process, migrated by Flyway on open.
 *
 * <p>The embedded default is an H2 file database opened with:
 * <ul>
 *   <li>{@code WRITE_DELAY=0}: every commit is written to the operating system before the call
 *       returns, so an acknowledged lead survives {@code kill -9} of the process. H2 does not
 *       fsync; a power loss can lose the last commits the OS had not flushed (see README).</li>
 *   <li>{@code AUTO_SERVER=TRUE}: the first process to open the file serves it over loopback TCP,
 *       so admin commands ({@code leadwire vendor ...}) work while an engine runs.</li>
 * </ul>
 * The cost of a commit is paid once per batch by the intake's group commit, not per lead.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final String url;

    private Database(HikariDataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    /** The JDBC URL of the embedded H2 database in {@code dataDir}. */
    public static String embeddedUrl(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("db").resolve("leadwire");
        return "jdbc:h2:file:" + file + ";AUTO_SERVER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    /**
     * Opens a pool on {@code jdbcUrl} and brings the schema up to date.
     *
     * @param poolSize maximum connections (an admin command needs 1 or 2)
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        // H2's default user; a database server's login may also come in its URL (user=...).
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
        if (user != null || h2) {
            config.setUsername(user == null ? "sa" : user);
        }
        if (password != null || h2) {
            config.setPassword(password == null ? "" : password);
        }
        // Flyway holds two connections while it migrates (schema history lock + migration):
        // a pool of one would wait for itself until the connection timeout.
        config.setMaximumPoolSize(Math.max(2, poolSize));
        config.setMinimumIdle(1);
        config.setPoolName("leadwire");
        config.setAutoCommit(true);
        config.setConnectionTimeout(15_000);
        config.setInitializationFailTimeout(15_000);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            // Forward-only: migrations only ever add to the schema; there are no undo scripts, and
            // clean (drop everything) stays disabled so no tool call can empty a live store.
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    // The few changes plain SQL cannot make the same on H2 and PostgreSQL.
                    .javaMigrations(new io.leadwire.store.migration.V14__Sequences_in_arrival_order(),
                            new io.leadwire.store.migration.V15__Fewer_writes_per_delivery(),
                            new io.leadwire.store.migration.V18__Quality_counts_into_figure_buckets())
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw new StoreException("could not migrate the database at " + redactUrl(jdbcUrl) + ": "
                    + e.getMessage(), e);
        }
        return new Database(ds, jdbcUrl);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** The JDBC URL without credentials, safe to show and log. */
    public String displayUrl() {
        return redactUrl(url);
    }

    /** True when the database answers a trivial query within a second. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(1);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
