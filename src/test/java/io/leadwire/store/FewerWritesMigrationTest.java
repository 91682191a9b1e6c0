package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** V15 on the embedded store: larger sequence caches, and one index per lead or delivery reference. */
class FewerWritesMigrationTest {
    @TempDir
    Path dir;

    private static List<String> indexes(Connection c, String table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT INDEX_NAME || '(' || LISTAGG(COLUMN_NAME, ',') "
                + "WITHIN GROUP (ORDER BY ORDINAL_POSITION) || ')' FROM INFORMATION_SCHEMA.INDEX_COLUMNS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? GROUP BY INDEX_NAME ORDER BY 1")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** A number one query gives for a table. */
    private static long number(Connection c, String sql, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long cache(Connection c, String table) throws SQLException {
        return number(c, "SELECT IDENTITY_CACHE FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? AND COLUMN_NAME = 'SEQ'", table);
    }

    private static long foreignKeys(Connection c, String table) throws SQLException {
        return number(c, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? AND CONSTRAINT_TYPE = 'FOREIGN KEY'", table);
    }

    @Test
    void shouldKeepOneIndexPerReferenceAndCacheTheHotSequences() throws Exception {
        try (Database db = Database.open(Database.embeddedUrl(dir), null, null, 2); Connection c = db.connection()) {
            // One index per reference: the foreign key's own, not also a (reference, seq) copy.
            assertThat(indexes(c, "LEAD_EVENT")).containsExactlyInAnyOrder("CONSTRAINT_8F_INDEX_7(LEAD_ID)",
                    "PRIMARY_KEY_7C(SEQ)");
            assertThat(indexes(c, "DELIVERY_ATTEMPT")).filteredOn(i -> i.contains("(DELIVERY_ID")).hasSize(1);
            assertThat(indexes(c, "ROUTING_DECISION")).filteredOn(i -> i.contains("(LEAD_ID")).hasSize(1);
            assertThat(indexes(c, "LEAD_OUTCOME")).filteredOn(i -> i.contains("(LEAD_ID")).hasSize(1);
            // The foreign keys themselves are all still there.
            assertThat(foreignKeys(c, "LEAD_EVENT")).isEqualTo(1);
            assertThat(foreignKeys(c, "DELIVERY")).isEqualTo(2);
            assertThat(foreignKeys(c, "DELIVERY_ATTEMPT")).isEqualTo(1);
            for (String table : List.of("LEAD", "DELIVERY", "ROUTING_DECISION", "DELIVERY_ATTEMPT", "LEAD_OUTCOME",
                    "LEAD_EVENT")) {
                assertThat(cache(c, table)).as(table).isEqualTo(1000);
            }
            // ... and still refuse a row that points nowhere.
            try (Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.executeUpdate("INSERT INTO lead_event (lead_id, at, type, detail) "
                        + "VALUES ('no-such-lead', CURRENT_TIMESTAMP, 'received', '')"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Referential integrity");
            }
        }
    }
}
