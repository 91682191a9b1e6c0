package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Every Flyway migration runs on a real PostgreSQL server. */
class PostgresMigrationTest {
    @Test
    void shouldMigrateAnEmptyPostgresDatabaseToTheLatestSchema() throws Exception {
        PostgresServer pg = PostgresServer.shared();
        String url = pg.createDatabase();
        try (Database db = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 2);
             Connection c = db.connection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(10);
            }
            try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = 'public' ORDER BY table_name")) {
                java.util.List<String> tables = new java.util.ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
                assertThat(tables).contains("lead", "lead_event", "delivery", "delivery_attempt", "figure",
                        "lead_outcome", "callback_event", "tail_cursor");
            }
        }
        // Sequences hand out numbers in arrival order across sessions (no per-session cache).
        try (Database db = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 2);
             Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sequencename, cache_size FROM pg_sequences")) {
            int sequences = 0;
            while (rs.next()) {
                sequences++;
                assertThat(rs.getLong(2)).as(rs.getString(1)).isEqualTo(1);
            }
            assertThat(sequences).isGreaterThan(5);
        }
        // Opening again finds nothing to do.
        try (Database again = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 2)) {
            assertThat(again.isHealthy()).isTrue();
        }
    }
}
