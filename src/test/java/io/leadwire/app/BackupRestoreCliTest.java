package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.store.Database;
import io.leadwire.testing.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code leadwire backup} while an engine takes leads, and {@code leadwire restore} into another data dir. */
class BackupRestoreCliTest {
    /** Columns of a lead that never change after intake, so a snapshot can be compared with the end state. */
    private static final String LEAD_FACTS = "SELECT id, vendor_id, vendor_lead_id, received_at, raw_payload, "
            + "fields_json FROM lead ORDER BY seq";

    @TempDir
    Path tmp;

    private Engine start(Path dataDir) throws IOException {
        return Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC());
    }

    @Test
    void shouldBackUpAConsistentCopyWhileLeadsArriveAndRestoreItIntoAnotherDataDir() throws Exception {
        Path live = tmp.resolve("live");
        Path backup = tmp.resolve("backups").resolve("live.zip");
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        CliTest.Run run;
        try (Engine engine = start(live)) {
            String key = engine.vendors().add("Acme", List.of()).apiKey();
            Http http = new Http();
            http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"BEFORE\",\"email\":\"before@example.com\"}");
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                while (sending.get()) {
                    int n = sent.incrementAndGet();
                    http.postJson(engine.intakeUrl(), key, "{\"lead_id\":\"L-" + n + "\",\"email\":\"l" + n
                            + "@example.com\"}");
                }
            });
            org.awaitility.Awaitility.await().until(() -> sent.get() > 20);

            run = leadwire("backup", backup.toString(), "--data-dir", live.toString());

            int atBackup = sent.get();
            org.awaitility.Awaitility.await().until(() -> sent.get() > atBackup + 20);
            sending.set(false);
            sender.get();
        }

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("schema version 1\\d").contains("Backed up the store of " + live,
                "It includes the data dir's secrets.key: without that key the buyer and vendor secrets");
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Stream<Path> left = Files.list(backup.getParent())) {
            assertThat(left).containsExactly(backup);
        }

        Path restored = tmp.resolve("restored");
        CliTest.Run r = leadwire("restore", backup.toString(), "--data-dir", restored.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Restored " + backup).containsPattern("schema version 1\\d");
        List<String> original = rows(live, LEAD_FACTS);
        List<String> copy = rows(restored, LEAD_FACTS);
        assertThat(copy).as("leads in the backup").hasSizeGreaterThan(20).hasSizeLessThan(original.size());
        assertThat(original).as("the backup is the live data as it was at one moment").startsWith(
                copy.toArray(String[]::new));
        assertThat(copy.get(0)).contains("BEFORE");
        assertThat(rows(restored, "SELECT id, name FROM vendor")).isEqualTo(rows(live, "SELECT id, name FROM vendor"));
        assertThat(Files.readString(restored.resolve("secrets.key"))).isEqualTo(Files.readString(
                live.resolve("secrets.key")));
        try (Engine again = start(restored)) {
            assertThat(again.vendors().find("Acme")).isPresent();
        }
    }

    @Test
    void shouldRestoreEqualDataAndKeepTheReplacedStoreAsideWhenRestoringOverAnExistingDataDir() throws Exception {
        Path first = tmp.resolve("first");
        try (Engine engine = start(first)) {
            String key = engine.vendors().add("Acme", List.of()).apiKey();
            for (int i = 0; i < 5; i++) {
                new Http().postJson(engine.intakeUrl(), key, "{\"lead_id\":\"K-" + i + "\"}");
            }
        }
        Path backup = tmp.resolve("first.zip");
        assertThat(leadwire("backup", backup.toString(), "--data-dir", first.toString()).code()).isZero();
        Path other = tmp.resolve("other");
        assertThat(leadwire("vendor", "add", "Other", "--data-dir", other.toString()).code()).isZero();

        CliTest.Run r = leadwire("restore", backup.toString(), "--data-dir", other.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(rows(other, "SELECT * FROM lead ORDER BY seq")).isEqualTo(rows(first, "SELECT * FROM lead ORDER BY seq"))
                .hasSize(5);
        assertThat(rows(other, "SELECT name FROM vendor")).containsExactly("Acme");
        Path kept;
        try (Stream<Path> s = Files.list(other)) {
            kept = s.filter(p -> p.getFileName().toString().startsWith("db.replaced-")).findFirst().orElseThrow();
        }
        assertThat(r.out()).contains("The store it replaced is kept in " + kept);
        assertThat(kept.resolve("leadwire.mv.db")).exists();
    }

    @Test
    void shouldRefuseToRestoreAndChangeNothingWhileAnEngineRuns() throws Exception {
        Path live = tmp.resolve("live");
        Path backup = tmp.resolve("b.zip");
        try (Engine engine = start(live)) {
            engine.vendors().add("Acme", List.of());
            assertThat(leadwire("backup", backup.toString(), "--data-dir", live.toString()).code()).isZero();

            CliTest.Run r = leadwire("restore", backup.toString(), "--data-dir", live.toString());

            assertThat(r.code()).isEqualTo(ExitCodes.BUSY);
            assertThat(r.err()).startsWith("leadwire: cannot restore while an engine runs: data dir " + live
                    + " is in use by pid").doesNotContain("Exception");
            try (Stream<Path> s = Files.list(live)) {
                assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("replaced")
                        || n.startsWith("restore-"));
            }
            assertThat(engine.vendors().find("Acme")).isPresent();
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotALeadwireBackup() throws Exception {
        Path notZip = tmp.resolve("notes.zip");
        Files.writeString(notZip, "hello");
        Path otherZip = tmp.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            z.putNextEntry(new ZipEntry("leadwire.mv.db"));
            z.write(new byte[] {1, 2, 3});
        }
        Path data = tmp.resolve("data");

        CliTest.Run a = leadwire("restore", notZip.toString(), "--data-dir", data.toString());
        CliTest.Run b = leadwire("restore", otherZip.toString(), "--data-dir", data.toString());
        CliTest.Run c = leadwire("restore", tmp.resolve("missing.zip").toString(), "--data-dir", data.toString());

        assertThat(a.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(a.err()).contains("is not a Leadwire backup (not a zip file); nothing was changed");
        assertThat(b.err()).contains("is not a Leadwire backup (it has no leadwire-backup.properties); nothing was "
                + "changed");
        assertThat(c.err()).contains("no such file");
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldRefuseToOverwriteAnExistingFileWhenBackingUp() throws Exception {
        Path data = tmp.resolve("data");
        Path existing = tmp.resolve("exists.zip");
        Files.writeString(existing, "keep me");

        CliTest.Run r = leadwire("backup", existing.toString(), "--data-dir", data.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("exists already");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    static List<String> rows(Path dataDir, String sql) throws IOException, SQLException {
        List<String> out = new ArrayList<>();
        try (Database db = new EngineConfig(dataDir, null, 0, null, null, null, 0).openDatabase(2);
             Connection c = db.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }
}
