package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadwire settings ... retention} and {@code leadwire archive [--now]}. */
class ArchiveCliTest {
    @TempDir
    Path dataDir;

    @Test
    void shouldShowTheRetentionDefaultsAndRefuseABadDocumentNamingEachField() throws Exception {
        CliTest.Run show = leadwire("settings", "show", "retention", "--data-dir", dataDir.toString());
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("\"raw_payload_days\" : 730", "\"transaction_log_days\" : 1825");

        Path bad = dataDir.resolve("retention.json");
        Files.writeString(bad, "{\"raw_payload_days\": 0, \"transaction_log_days\": 1e9}", StandardCharsets.UTF_8);
        CliTest.Run set = leadwire("settings", "set", "retention", bad.toString(), "--data-dir", dataDir.toString());

        assertThat(set.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(set.err()).contains("is not valid retention settings; nothing was saved",
                "raw_payload_days: a whole number of days from 30 to 36500, not 0",
                "transaction_log_days: a whole number of days from 30 to 36500, not 1.0E9");
    }

    @Test
    void shouldCountExpiredDataThenArchiveItWhenAskedToDoItNow() throws Exception {
        try (Database db = new EngineConfig(dataDir, null, 0, null, null, null, 0).openDatabase(2);
             Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO vendor (id, name, created_at) VALUES ('v1', 'Acme', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                    + "fields_json) VALUES ('l1', 'v1', 'A-1', TIMESTAMP WITH TIME ZONE '2020-03-01 12:00:00Z', "
                    + "'SOLD', 'application/json', '{}', '{}')");
        }

        CliTest.Run preview = leadwire("archive", "--data-dir", dataDir.toString());

        assertThat(preview.code()).as(preview.err()).isZero();
        assertThat(preview.out()).contains("Retention: raw payloads 730 days, transaction log 1825 days.",
                "Expired and not archived yet: 1 lead payloads, 0 delivery attempts' bodies, 0 lead timeline events.");
        assertThat(dataDir.resolve("archive")).doesNotExist();

        CliTest.Run now = leadwire("archive", "--now", "--data-dir", dataDir.toString());

        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.out()).containsPattern("lead: 1 rows older than \\S+ archived to "
                + "lead-20200301T120000Z-20200301T120000Z-s\\d+\\.jsonl\\.gz");
        try (Stream<Path> files = Files.list(dataDir.resolve("archive"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".manifest.json"));
        }
        assertThat(leadwire("archive", "--data-dir", dataDir.toString()).out()).contains("0 lead payloads");
    }
}
