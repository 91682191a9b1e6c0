package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written by the previous release (schema V8, see {@link PreviousReleaseFixture}) opened
 * by this one: every migration since runs forward, the old rows survive, the new tables work.
 */
class UpgradeFromPreviousReleaseTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryRowAndUseTheNewTablesWhenAPreviousReleaseStoreIsOpened() throws Exception {
        PreviousReleaseFixture.build(dataDir);
        List<String> leadsBefore;
        try (Connection c = java.sql.DriverManager.getConnection(Database.embeddedUrl(dataDir), "sa", "")) {
            leadsBefore = rows(c, "SELECT id, vendor_lead_id, status, email, score, tier, raw_payload FROM lead "
                    + "ORDER BY seq");
            assertThat(rows(c, "SELECT MAX(\"installed_rank\") FROM \"flyway_schema_history\"")).containsExactly("8");
        }

        try (Database db = Database.open(Database.embeddedUrl(dataDir), "sa", "", 2);
             Connection c = db.connection()) {
            // Every later migration ran, in order and successfully (9, 10, ... whatever the newest is).
            List<String> applied = rows(c, "SELECT \"version\" FROM \"flyway_schema_history\" "
                    + "WHERE \"success\" AND \"version\" IS NOT NULL ORDER BY \"installed_rank\"");
            assertThat(applied.size()).isGreaterThanOrEqualTo(14);
            assertThat(applied).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, applied.size())
                    .mapToObj(String::valueOf).toList());
            assertThat(rows(c, "SELECT id, vendor_lead_id, status, email, score, tier, raw_payload FROM lead "
                    + "ORDER BY seq")).isEqualTo(leadsBefore).hasSize(3);
            assertThat(rows(c, "SELECT name, allowed_cidrs FROM vendor")).containsExactly("Acme Leads 203.0.113.0/24");
            assertThat(rows(c, "SELECT key_prefix FROM vendor_api_key")).containsExactly("lw_AbC");
            assertThat(rows(c, "SELECT lead_id, code FROM lead_reason")).containsExactly("l-quar email.disposable");
            assertThat(rows(c, "SELECT id, status, price, buyer_lead_id, returned_at FROM delivery"))
                    .containsExactly("d-1 SOLD 12.5000 BR-99 null");
            assertThat(rows(c, "SELECT response_body, bodies_archived_at FROM delivery_attempt"))
                    .containsExactly("{\"result\":\"accepted\",\"id\":\"BR-99\"} null");
            assertThat(rows(c, "SELECT lead_id, reason, resolved_at FROM dead_letter"))
                    .containsExactly("l-dead no_eligible_buyer null");
            assertThat(rows(c, "SELECT sealed FROM buyer_secret")).containsExactly("v1:c2VhbGVk");
            assertThat(rows(c, "SELECT name, amount FROM store_gauge ORDER BY name"))
                    .as("the gauges start from what the old store holds").containsExactly("dead_letter.open 1",
                            "lead.quarantined 1");
            assertThat(rows(c, "SELECT grain, bucket_start, metric, amount FROM figure WHERE subject_id = 'v-acme' "
                    + "AND metric IN ('q.decided', 'q.duplicates', 'q.invalid_email') ORDER BY grain, bucket_start, "
                    + "metric")).as("the old hourly quality counts, in the buckets the dashboards read").containsExactly(
                    "d 2026-01-12T00:00Z q.decided 7.0000", "d 2026-01-12T00:00Z q.duplicates 1.0000",
                    "d 2026-01-12T00:00Z q.invalid_email 1.0000",
                    "h 2026-01-12T09:00Z q.decided 4.0000", "h 2026-01-12T09:00Z q.duplicates 1.0000",
                    "h 2026-01-12T10:00Z q.decided 3.0000", "h 2026-01-12T10:00Z q.invalid_email 1.0000");

            // The new tables and columns work on the old data.
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO callback_event (id, buyer_id, event_id, received_at, type, body, state, lead_id) "
                        + "VALUES ('cb-1', 'b-1', 'evt-1', CURRENT_TIMESTAMP, 'lead.returned', '{}', 'pending', 'l-sold')");
                s.execute("INSERT INTO lead_outcome (at, lead_id, vendor_id, buyer_id, kind, label) VALUES "
                        + "(CURRENT_TIMESTAMP, 'l-sold', 'v-acme', 'b-1', 'return', 'bad_phone')");
            }
            assertThat(rows(c, "SELECT state FROM callback_event")).containsExactly("pending");
        }

        try (Database db = Database.open(Database.embeddedUrl(dataDir), "sa", "", 2)) {
            assertThat(new SettingsRepository(db.dataSource()).find("routing").orElseThrow().json())
                    .contains("\"max_shared_buyers\":2");
            RetentionJob job = new RetentionJob(db.dataSource(), dataDir.resolve("archive"),
                    RetentionSettings::defaults, new MutableClock(Instant.parse("2028-06-01T00:00:00Z")),
                    new ObjectMapper());
            assertThat(job.run().tables().get(0).rows()).as("old payloads archive on an upgraded store").isEqualTo(3);
            try (Connection c = db.connection()) {
                assertThat(rows(c, "SELECT COUNT(*) FROM lead WHERE raw_payload = '' AND email IS NOT NULL"))
                        .containsExactly("3");
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join(" ", cols));
            }
        }
        return out;
    }
}
