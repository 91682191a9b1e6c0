package io.leadwire.app;

import io.leadwire.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code leadwire backup FILE}: an online, consistent copy of the embedded store, safe while the
 * console or {@code serve} runs. H2's {@code BACKUP TO} copies the store inside a transaction
 * snapshot of the running database (reached over AUTO_SERVER like every admin command), so
 * leads being written meanwhile are either wholly in the copy or not at all.
 *
 * <p>The file is a zip: {@code leadwire-backup.properties} (what it is, when, which schema
 * version), the store under {@code db/} with its credentials (and encryption marker), and the
 * data dir's {@code secrets.key}, without which the sealed buyer and vendor secrets in the store
 * cannot be read. It is written owner-only, then fsynced and renamed into place, so a backup file
 * that exists is complete.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Copy the embedded store and the data dir's secrets key into FILE (a zip), "
                + "safe while an engine runs.", "Restore it with 'leadwire restore FILE'."})
final class BackupCommand extends StoreCommand {
    static final String MANIFEST = "leadwire-backup.properties";
    static final String FORMAT = "leadwire-backup 1";
    static final String STORE_ENTRY = "db/leadwire.mv.db";

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write (must not exist yet).")
    Path file;

    @Override
    Integer check() {
        if (data.dbUrl != null) {
            err("leadwire: backup copies the embedded store; back up an external database (--db) with its own "
                    + "tools, and the data dir's " + Engine.SECRETS_KEY_FILE + " with it");
            return ExitCodes.FAILURE;
        }
        if (Files.exists(file)) {
            err("leadwire: " + file + " exists already; choose a new file name (nothing was written)");
            return ExitCodes.FAILURE;
        }
        return null;
    }

    @Override
    int work(Database db) throws IOException {
        Path dataDir = data.dataDirOrDefault();
        Path target = file.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path h2Zip = target.resolveSibling(target.getFileName() + ".h2.tmp");
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(h2Zip);
        Files.deleteIfExists(part);
        String schema;
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            schema = schemaVersion(s);
            // Written by the process that serves the database (a running engine, or this one).
            s.execute("BACKUP TO '" + h2Zip.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            Files.deleteIfExists(h2Zip);
            err("leadwire: the store could not be backed up: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        StoreEncryption encryption = StoreEncryption.of(dataDir);
        Path secrets = dataDir.resolve(Engine.SECRETS_KEY_FILE);
        try {
            createOwnerOnly(part);
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.TRUNCATE_EXISTING);
                 ZipOutputStream zip = new ZipOutputStream(out)) {
                Properties p = new Properties();
                p.setProperty("format", FORMAT);
                p.setProperty("created_at", Instant.now().toString());
                p.setProperty("schema_version", schema);
                p.setProperty("encrypted", String.valueOf(encryption != null));
                p.setProperty("secrets_key", String.valueOf(Files.exists(secrets)));
                StringWriter text = new StringWriter();
                p.store(text, "Leadwire backup: restore with 'leadwire restore FILE'");
                zip.putNextEntry(new ZipEntry(MANIFEST));
                zip.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
                copyStore(h2Zip, zip);
                copyFile(dataDir.resolve("db").resolve("credentials"), "db/credentials", zip);
                if (encryption != null) {
                    copyFile(StoreEncryption.markerFile(dataDir), "db/" + StoreEncryption.MARKER, zip);
                }
                if (Files.exists(secrets)) {
                    copyFile(secrets, Engine.SECRETS_KEY_FILE, zip);
                }
            }
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(h2Zip);
            Files.deleteIfExists(part);
        }
        print("Backed up the store of " + dataDir + " (schema version " + schema + ", "
                + (Files.size(target) + 1023) / 1024 + " KiB) to " + target + ".");
        if (Files.exists(secrets)) {
            print("It includes the data dir's " + Engine.SECRETS_KEY_FILE + ": without that key the buyer and "
                    + "vendor secrets in the store cannot be read. Keep the backup as private as the data dir.");
        } else {
            print("The data dir has no " + Engine.SECRETS_KEY_FILE + " yet (no secrets were stored).");
        }
        if (encryption != null) {
            print("The store in it stays encrypted; its key is NOT in the backup: restoring needs "
                    + (StoreEncryption.SOURCE_ENV.equals(encryption.keySource()) ? "$" + StoreEncryption.KEY_ENV
                    : "the keystore " + encryption.keystore() + " or $" + StoreEncryption.KEY_ENV) + ".");
        }
        return ExitCodes.OK;
    }

    private static String schemaVersion(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" "
                + "AND \"version\" IS NOT NULL ORDER BY \"installed_rank\" DESC FETCH FIRST 1 ROWS ONLY")) {
            return rs.next() ? rs.getString(1) : "unknown";
        }
    }

    /** The store file of H2's backup zip, under {@code db/}; H2 names entries after the database files. */
    private static void copyStore(Path h2Zip, ZipOutputStream zip) throws IOException {
        boolean found = false;
        try (ZipFile in = new ZipFile(h2Zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().endsWith(".mv.db")) {
                    continue;
                }
                found = true;
                zip.putNextEntry(new ZipEntry(STORE_ENTRY));
                try (InputStream s = in.getInputStream(e)) {
                    s.transferTo(zip);
                }
                zip.closeEntry();
            }
        }
        if (!found) {
            throw new IOException("H2's backup holds no store file");
        }
    }

    private static void copyFile(Path from, String name, ZipOutputStream zip) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        Files.copy(from, zip);
        zip.closeEntry();
    }

    /** The backup holds secrets: only its owner may read it, from the moment it exists. */
    private static void createOwnerOnly(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while the backup was made", e);
        }
    }
}
