package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.testing.MutableClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retention job on a fixed data set and a fake clock: what expired goes to the archive and
 * out of the database, nothing else moves, and an interrupted run is finished, not repeated.
 */
class RetentionJobTest extends StoreTestBase {
    /** "Now" for every test: the defaults expire payloads before 2029-01-01 and logs before 2026-01-02. */
    static final Instant NOW = Instant.parse("2031-01-01T00:00:00Z");

    @TempDir
    Path archive;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(NOW);
    private StoreFixture store;

    @BeforeEach
    void fixedDataSet() throws SQLException {
        store = fixture();
        try (Connection c = store.db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO vendor (id, name, created_at) VALUES ('v1', 'Acme', TIMESTAMP WITH TIME ZONE "
                    + "'2025-01-01 00:00:00Z')");
            s.execute("INSERT INTO buyer (id, name, config_json, created_at, updated_at) VALUES ('b1', 'Bob', '{}', "
                    + "TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00Z', TIMESTAMP WITH TIME ZONE '2025-01-01 00:00:00Z')");
            // old5: older than both limits; old2: only its payload expired; fresh: nothing expired.
            lead(s, "old5", "2025-06-01 10:00:00Z");
            lead(s, "old2", "2027-06-01 10:00:00Z");
            lead(s, "fresh", "2030-12-01 10:00:00Z");
            attempt(s, "old5", "2025-06-01 10:00:05Z");
            attempt(s, "old2", "2027-06-01 10:00:05Z");
            attempt(s, "fresh", "2030-12-01 10:00:05Z");
        }
    }

    private static void lead(Statement s, String id, String at) throws SQLException {
        s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                + "fields_json, email) VALUES ('" + id + "', 'v1', 'V-" + id + "', TIMESTAMP WITH TIME ZONE '" + at
                + "', 'SOLD', 'application/json', '{\"lead_id\":\"V-" + id + "\",\"email\":\"" + id
                + "@example.com\"}', '{}', '" + id + "@example.com')");
        s.execute("INSERT INTO lead_event (lead_id, at, type, detail) VALUES ('" + id + "', TIMESTAMP WITH TIME ZONE '"
                + at + "', 'received', 'from Acme')");
        s.execute("INSERT INTO lead_event (lead_id, at, type, detail) VALUES ('" + id + "', TIMESTAMP WITH TIME ZONE '"
                + at + "' + INTERVAL '1' SECOND, 'accepted', 'score 80')");
    }

    private static void attempt(Statement s, String lead, String at) throws SQLException {
        s.execute("INSERT INTO delivery (id, lead_id, buyer_id, round, status, idempotency_key, created_at, updated_at) "
                + "VALUES ('d-" + lead + "', '" + lead + "', 'b1', 1, 'SOLD', 'k-" + lead + "', TIMESTAMP WITH TIME ZONE '"
                + at + "', TIMESTAMP WITH TIME ZONE '" + at + "')");
        s.execute("INSERT INTO delivery_attempt (delivery_id, attempt, started_at, request_method, request_url, "
                + "request_headers, request_body, response_status, response_body, outcome) VALUES ('d-" + lead
                + "', 1, TIMESTAMP WITH TIME ZONE '" + at + "', 'POST', 'https://buyer.example/leads', '{}', "
                + "'{\"email\":\"" + lead + "@example.com\"}', 200, '{\"status\":\"accepted\"}', 'sold')");
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RetentionJob job(DataSource ds) {
        return new RetentionJob(ds, archive, RetentionSettings::defaults, clock, json);
    }

    @Test
    void shouldArchiveExactlyTheExpiredRowsAndRemoveThemFromTheDatabaseWhenRun() throws Exception {
        RetentionJob.Report report = job(store.db.dataSource()).run();

        assertThat(report.recovered()).isEmpty();
        assertThat(report.tables()).extracting(RetentionJob.TableReport::table, RetentionJob.TableReport::rows)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lead", 2L),
                        org.assertj.core.groups.Tuple.tuple("delivery_attempt", 1L),
                        org.assertj.core.groups.Tuple.tuple("lead_event", 2L));

        List<JsonNode> leads = rows("lead");
        assertThat(leads).extracting(n -> n.get("id").asText()).containsExactly("old5", "old2");
        assertThat(leads.get(0).get("raw_payload").asText()).isEqualTo("{\"lead_id\":\"V-old5\",\"email\":"
                + "\"old5@example.com\"}");
        assertThat(leads.get(0).get("received_at").asText()).isEqualTo("2025-06-01T10:00:00Z");
        List<JsonNode> attempts = rows("delivery_attempt");
        assertThat(attempts).extracting(n -> n.get("delivery_id").asText()).containsExactly("d-old5");
        assertThat(attempts.get(0).get("request_body").asText()).contains("old5@example.com");
        assertThat(attempts.get(0).get("response_body").asText()).isEqualTo("{\"status\":\"accepted\"}");
        assertThat(rows("lead_event")).extracting(n -> n.get("lead_id").asText() + " " + n.get("type").asText())
                .containsExactly("old5 received", "old5 accepted");

        assertThat(query("SELECT id, raw_payload = '', payload_archived_at IS NOT NULL FROM lead ORDER BY seq"))
                .containsExactly("old5 true true", "old2 true true", "fresh false false");
        assertThat(query("SELECT id, email FROM lead ORDER BY seq"))
                .as("the lead rows themselves stay").containsExactly("old5 old5@example.com", "old2 old2@example.com",
                        "fresh fresh@example.com");
        assertThat(query("SELECT delivery_id, request_body, response_body, response_status, "
                + "bodies_archived_at IS NOT NULL FROM delivery_attempt ORDER BY seq")).containsExactly(
                "d-old5  null 200 true",
                "d-old2 {\"email\":\"old2@example.com\"} {\"status\":\"accepted\"} 200 false",
                "d-fresh {\"email\":\"fresh@example.com\"} {\"status\":\"accepted\"} 200 false");
        assertThat(query("SELECT lead_id, type FROM lead_event ORDER BY seq"))
                .containsExactly("old2 received", "old2 accepted", "fresh received", "fresh accepted");

        JsonNode manifest = json.readTree(manifest("lead").toFile());
        assertThat(manifest.get("format").asText()).isEqualTo("leadwire-archive 1");
        assertThat(manifest.get("rows").asInt()).isEqualTo(2);
        assertThat(manifest.get("cutoff").asText()).isEqualTo("2029-01-01T00:00:00Z");
        assertThat(manifest.get("purged_at").asText()).isEqualTo(NOW.toString());
        assertThat(files("lead").get(0).getFileName().toString())
                .matches("lead-20250601T100000Z-20270601T100000Z-s\\d+\\.jsonl\\.gz");
    }

    @Test
    void shouldArchiveNothingNewWhenRunAgainBeforeMoreRowsExpire() throws Exception {
        job(store.db.dataSource()).run();

        RetentionJob.Report again = job(store.db.dataSource()).run();

        assertThat(again.rows()).isZero();
        assertThat(files("lead")).hasSize(1);
        assertThat(files("lead_event")).hasSize(1);
    }

    @Test
    void shouldArchiveRowsAsTheyExpireWhenTheClockMovesOn() throws Exception {
        job(store.db.dataSource()).run();
        clock.set(Instant.parse("2032-06-02T00:00:00Z"));

        RetentionJob.Report later = job(store.db.dataSource()).run();

        assertThat(later.tables()).extracting(RetentionJob.TableReport::rows).containsExactly(0L, 1L, 2L);
        assertThat(query("SELECT lead_id FROM lead_event ORDER BY seq")).containsExactly("fresh", "fresh");
        assertThat(files("lead_event")).hasSize(2);
    }

    @Test
    void shouldWriteBoundedFilesAndCommitsWhenThereAreManyRows() throws Exception {
        RetentionJob small = new RetentionJob(store.db.dataSource(), archive, RetentionSettings::defaults, clock,
                json, 1, 1);

        RetentionJob.Report report = small.run();

        assertThat(report.tables().get(0).files()).hasSize(2);
        assertThat(files("lead")).hasSize(2);
        assertThat(rows("lead")).extracting(n -> n.get("id").asText()).containsExactly("old5", "old2");
        assertThat(query("SELECT COUNT(*) FROM lead WHERE raw_payload = ''")).containsExactly("2");
    }

    @Test
    void shouldKeepTheRowsAndFinishTheSameArchiveNextRunWhenThePurgeFails() throws Exception {
        DataSource failing = failingOn(store.db.dataSource(), "UPDATE lead SET raw_payload");

        assertThatThrownBy(() -> job(failing).run()).isInstanceOf(StoreException.class)
                .hasMessageContaining("remove archived rows of lead");

        assertThat(query("SELECT COUNT(*) FROM lead WHERE raw_payload <> ''")).as("nothing purged").containsExactly("3");
        assertThat(files("lead")).hasSize(1);
        assertThat(json.readTree(manifest("lead").toFile()).get("purged_at").isNull()).isTrue();

        clock.set(NOW.plusSeconds(3600));
        RetentionJob.Report next = job(store.db.dataSource()).run();

        assertThat(next.recovered()).containsExactly(files("lead").get(0));
        assertThat(next.tables().get(0).rows()).as("not archived a second time").isZero();
        assertThat(files("lead")).hasSize(1);
        assertThat(rows("lead")).extracting(n -> n.get("id").asText()).containsExactly("old5", "old2");
        assertThat(query("SELECT id FROM lead WHERE raw_payload = '' ORDER BY seq")).containsExactly("old5", "old2");
        assertThat(json.readTree(manifest("lead").toFile()).get("purged_at").asText())
                .isEqualTo(NOW.plusSeconds(3600).toString());
        assertThat(query("SELECT COUNT(*) FROM lead_event")).containsExactly("4");
    }

    @Test
    void shouldSetADamagedArchiveAsideAndArchiveItsRowsAgainWhenItFailsItsCheck() throws Exception {
        DataSource failing = failingOn(store.db.dataSource(), "UPDATE lead SET raw_payload");
        assertThatThrownBy(() -> job(failing).run()).isInstanceOf(StoreException.class);
        Path damaged = files("lead").get(0);
        Files.write(damaged, new byte[] {1, 2, 3});

        RetentionJob.Report next = job(store.db.dataSource()).run();

        assertThat(next.recovered()).isEmpty();
        assertThat(next.tables().get(0).rows()).isEqualTo(2);
        assertThat(Files.exists(damaged.resolveSibling(damaged.getFileName() + ".corrupt"))).isTrue();
        assertThat(rows("lead")).extracting(n -> n.get("id").asText()).containsExactly("old5", "old2");
    }

    @Test
    void shouldRefuseToRunWhileAnotherRunHoldsTheLeaseAndTakeOverWhenItLapses() throws Exception {
        try (Connection c = store.db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO retention_run (name, holder, lease_until) VALUES ('retention', 'pid 99 run ab', "
                    + "TIMESTAMP WITH TIME ZONE '2031-01-01 00:05:00Z')");
        }

        assertThatThrownBy(() -> job(store.db.dataSource()).run())
                .isInstanceOf(RetentionJob.RetentionBusyException.class)
                .hasMessageContaining("an archive run is already in progress (pid 99 run ab")
                .hasMessageContaining("until 2031-01-01T00:05:00Z");
        assertThat(query("SELECT COUNT(*) FROM lead WHERE raw_payload = ''")).containsExactly("0");

        clock.set(Instant.parse("2031-01-01T00:05:00Z"));
        assertThat(job(store.db.dataSource()).run().rows()).isEqualTo(5);
        assertThat(job(store.db.dataSource()).run().rows()).as("a finished run frees the lease").isZero();
    }

    @Test
    void shouldCountWhatIsExpiredWithoutTouchingItWhenAskedForAPreview() throws Exception {
        assertThat(job(store.db.dataSource()).expired())
                .containsEntry("lead", 2L).containsEntry("delivery_attempt", 1L).containsEntry("lead_event", 2L);
        assertThat(Files.list(archive)).isEmpty();
    }

    private List<Path> files(String table) throws IOException {
        try (Stream<Path> s = Files.list(archive)) {
            return s.filter(p -> p.getFileName().toString().startsWith(table + "-2")
                    && p.getFileName().toString().endsWith(".jsonl.gz")).sorted().toList();
        }
    }

    private Path manifest(String table) throws IOException {
        Path f = files(table).get(0);
        return f.resolveSibling(f.getFileName().toString().replace(".jsonl.gz", RetentionJob.MANIFEST_SUFFIX));
    }

    /** Every row of every archive of {@code table}, read back from the files in name order. */
    private List<JsonNode> rows(String table) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files(table)) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    Files.newInputStream(f)), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.add(json.readTree(line));
                }
            }
        }
        return out;
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = store.db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
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

    /** A data source whose statements starting with {@code prefix} fail, as a crash mid-purge would. */
    static DataSource failingOn(DataSource real, String prefix) {
        return (DataSource) Proxy.newProxyInstance(RetentionJobTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (p, m, args) -> {
                    Object result = invoke(real, m, args);
                    if (!m.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection c = (Connection) result;
                    return Proxy.newProxyInstance(RetentionJobTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p2, m2, args2) -> {
                                if (m2.getName().equals("prepareStatement") && ((String) args2[0]).startsWith(prefix)) {
                                    throw new SQLException("simulated crash before: " + prefix);
                                }
                                return invoke(c, m2, args2);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
