package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** V7 on a database that already holds judged leads: their reason codes are indexed from the stored verdicts. */
class ReasonIndexMigrationTest {
    @Test
    void shouldIndexWarningAndErrorCodesOfExistingVerdictsWhenMigratingToV7() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:v7-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("2").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO vendor (id, name, created_at) VALUES ('v1', 'Acme', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                    + "fields_json, verdict_json) VALUES ('l1', 'v1', 'A-1', CURRENT_TIMESTAMP, 'QUARANTINED', "
                    + "'application/json', '{}', '{}', '{\"reasons\":[{\"code\":\"email.no_mx\",\"severity\":\"error\"},"
                    + "{\"code\":\"phone.country_mismatch\",\"severity\":\"warning\"},"
                    + "{\"code\":\"geo.unchecked\",\"severity\":\"info\"}]}')");
            s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                    + "fields_json) VALUES ('l2', 'v1', 'A-2', CURRENT_TIMESTAMP, 'RECEIVED', 'application/json', "
                    + "'{}', '{}')");
        }

        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT lead_id, code FROM lead_reason ORDER BY lead_id, code")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        assertThat(rows).containsExactly("l1 email.no_mx", "l1 phone.country_mismatch");
    }
}
