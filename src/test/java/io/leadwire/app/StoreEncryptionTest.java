package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.store.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store encrypted at rest: opens with its key, refuses clearly without it, hides its data. */
class StoreEncryptionTest {
    private static final String EMAIL = "jane.secretsson@example.com";

    @TempDir
    Path tmp;

    private Path dataDir() {
        return tmp.resolve("data");
    }

    private Path keystore() {
        return tmp.resolve("home").resolve(".leadwire-keystore.p12");
    }

    private EngineConfig config() {
        return new EngineConfig(dataDir(), null, 0, null, null, null, 0);
    }

    private void insertLead(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO vendor (id, name, created_at) VALUES ('v1', 'Acme', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                    + "fields_json, email) VALUES ('l1', 'v1', 'A-1', CURRENT_TIMESTAMP, 'RECEIVED', 'application/json', "
                    + "'{\"email\":\"" + EMAIL + "\"}', '{}', '" + EMAIL + "')");
        }
    }

    private static String email(Database db) throws SQLException {
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email FROM lead WHERE id = 'l1'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private boolean storeFileContains(String text) throws IOException {
        byte[] file = Files.readAllBytes(dataDir().resolve("db").resolve("leadwire.mv.db"));
        return new String(file, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void shouldEncryptAnExistingStoreSoItOpensWithTheKeystoreKeyAndHidesTheLeads() throws Exception {
        try (Database db = config().openDatabase(2)) {
            insertLead(db);
        }
        assertThat(storeFileContains(EMAIL)).as("the plain store shows the email (the check below means something)")
                .isTrue();

        CliTest.Run r = leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                keystore().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Encrypted the store in " + dataDir() + " (AES).",
                "Its key is in the keystore " + keystore(), "Without the key the store cannot be opened");
        assertThat(storeFileContains(EMAIL)).isFalse();
        assertThat(storeFileContains("Acme")).isFalse();
        assertThat(Files.getPosixFilePermissions(keystore())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (Database db = config().openDatabase(2)) {
            assertThat(email(db)).isEqualTo(EMAIL);
        }
        CliTest.Run list = leadwire("vendor", "list", "--data-dir", dataDir().toString());
        assertThat(list.out()).contains("Acme");
        try (Engine engine = Engine.start(new EngineConfig(dataDir(), "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            assertThat(engine.vendors().find("Acme")).isPresent();
        }
    }

    @Test
    void shouldKeepABackupOfAnEncryptedStoreEncryptedAndRestoreItWithTheSameKey() throws Exception {
        try (Database db = config().openDatabase(2)) {
            insertLead(db);
        }
        assertThat(leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                keystore().toString()).code()).isZero();
        Path backup = tmp.resolve("enc.zip");

        CliTest.Run b = leadwire("backup", backup.toString(), "--data-dir", dataDir().toString());

        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("The store in it stays encrypted; its key is NOT in the backup");
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(backup.toFile())) {
            byte[] store = zip.getInputStream(zip.getEntry(BackupCommand.STORE_ENTRY)).readAllBytes();
            assertThat(new String(store, StandardCharsets.ISO_8859_1)).doesNotContain(EMAIL);
        }
        Path restored = tmp.resolve("restored");
        CliTest.Run r = leadwire("restore", backup.toString(), "--data-dir", restored.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("The restored store is encrypted");
        try (Database db = new EngineConfig(restored, null, 0, null, null, null, 0).openDatabase(2)) {
            assertThat(email(db)).isEqualTo(EMAIL);
        }
    }

    @Test
    void shouldRefuseWithAClearMessageWhenTheKeystoreIsMissing() throws Exception {
        try (Database db = config().openDatabase(2)) {
            insertLead(db);
        }
        assertThat(leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                keystore().toString()).code()).isZero();
        Files.move(keystore(), tmp.resolve("elsewhere.p12"));

        CliTest.Run r = leadwire("vendor", "list", "--data-dir", dataDir().toString());

        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).isEqualTo("leadwire: the store is encrypted with a key from the keystore " + keystore()
                + ", which does not exist for this user; restore that file or set $LEADWIRE_STORE_KEY"
                + System.lineSeparator());
    }

    @Test
    void shouldOpenWithTheKeyFromTheEnvironmentAndRefuseAWrongOrMissingOne() throws Exception {
        StoreEncryption.fromEnvironment().save(dataDir());
        String key = "correct-horse-battery-staple-42";
        try (Database db = config().openDatabase(2, Map.of(StoreEncryption.KEY_ENV, key)::get)) {
            insertLead(db);
        }
        assertThat(storeFileContains(EMAIL)).isFalse();

        try (Database db = config().openDatabase(2, Map.of(StoreEncryption.KEY_ENV, key)::get)) {
            assertThat(email(db)).isEqualTo(EMAIL);
        }
        assertThatThrownBy(() -> config().openDatabase(2, Map.of(StoreEncryption.KEY_ENV,
                "wrong-horse-battery-staple-42")::get))
                .isInstanceOf(StoreEncryption.KeyException.class)
                .hasMessage("the encrypted store in " + dataDir() + " does not open with the key from "
                        + "$LEADWIRE_STORE_KEY: it is the wrong key");
        assertThatThrownBy(() -> config().openDatabase(2, Map.<String, String>of()::get))
                .isInstanceOf(StoreEncryption.KeyException.class)
                .hasMessage("the store is encrypted with a key from $LEADWIRE_STORE_KEY, which is not set; set it to "
                        + "the key the store was encrypted with");
        assertThatThrownBy(() -> config().openDatabase(2, Map.of(StoreEncryption.KEY_ENV, "short key")::get))
                .isInstanceOf(StoreEncryption.KeyException.class)
                .hasMessage("$LEADWIRE_STORE_KEY must be at least 16 characters without spaces");
    }

    @Test
    void shouldCreateTheStoreEncryptedWhenEncryptingADataDirBeforeItsFirstStart() throws Exception {
        CliTest.Run r = leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                keystore().toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("will be created encrypted (AES) on first start");
        assertThat(leadwire("vendor", "add", "Zeta Unusual Leads", "--data-dir", dataDir().toString()).code())
                .isZero();
        assertThat(leadwire("vendor", "list", "--data-dir", dataDir().toString()).out())
                .contains("Zeta Unusual Leads");
        assertThat(storeFileContains("Zeta Unusual Leads")).isFalse();
    }

    @Test
    void shouldRefuseToEncryptWhileAnEngineRunsOrTwice() throws Exception {
        try (Engine engine = Engine.start(new EngineConfig(dataDir(), "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            engine.vendors().add("Acme", List.of());
            CliTest.Run busy = leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                    keystore().toString());
            assertThat(busy.code()).isEqualTo(ExitCodes.BUSY);
            assertThat(busy.err()).startsWith("leadwire: cannot encrypt the store while an engine runs: data dir");
        }
        assertThat(leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                keystore().toString()).code()).isZero();
        CliTest.Run twice = leadwire("store", "encrypt", "--data-dir", dataDir().toString(), "--keystore",
                keystore().toString());
        assertThat(twice.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(twice.err()).contains("is encrypted already");
    }
}
