package io.leadwire.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code leadwire restore FILE}: puts a {@code leadwire backup} back as the data dir's store.
 *
 * <p>It takes the data dir's engine lock for the whole time, so it refuses while the console or
 * {@code serve} runs and no engine can start halfway through. Nothing is deleted: the store it
 * replaces (and the secrets key) are renamed {@code *.replaced-<time>} next to it, and the backup
 * is unpacked into a side folder first, so a bad file changes nothing.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Replace the data dir's store (and secrets key) with a backup made by 'leadwire backup'.",
                "No engine may run on the data dir; the replaced store is kept aside, not deleted."})
final class RestoreCommand implements Callable<Integer> {
    /** Every entry a backup may have, and where it goes in the data dir. */
    private static final Map<String, String> ENTRIES = Map.of(
            BackupCommand.STORE_ENTRY, "db/leadwire.mv.db",
            "db/credentials", "db/credentials",
            "db/" + StoreEncryption.MARKER, "db/" + StoreEncryption.MARKER,
            Engine.SECRETS_KEY_FILE, Engine.SECRETS_KEY_FILE);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Mixin
    DataOptions data = new DataOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (data.dbUrl != null) {
            return fail("restore puts back the embedded store; restore an external database (--db) with its own "
                    + "tools");
        }
        Path dataDir = data.dataDirOrDefault();
        Properties manifest;
        try {
            manifest = check(file);
        } catch (NoSuchFileException e) {
            return fail("no such file: " + file);
        } catch (IOException e) {
            return fail(e.getMessage() + "; nothing was changed");
        }
        try (DataDirLock lock = DataDirLock.acquire(dataDir, "restore")) {
            String stamp = STAMP.format(Instant.now());
            Path staging = dataDir.resolve("restore-" + stamp);
            try {
                unpack(file, staging);
            } catch (IOException e) {
                deleteTree(staging);
                throw e;
            }
            Path db = dataDir.resolve("db");
            Path secrets = dataDir.resolve(Engine.SECRETS_KEY_FILE);
            Path keptDb = null;
            Path keptSecrets = null;
            if (Files.exists(db)) {
                keptDb = dataDir.resolve("db.replaced-" + stamp);
                Files.move(db, keptDb, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging.resolve("db"), db, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // Put the old store back rather than leave the data dir without one.
                if (keptDb != null) {
                    Files.move(keptDb, db, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            if (Files.exists(staging.resolve(Engine.SECRETS_KEY_FILE))) {
                if (Files.exists(secrets)) {
                    keptSecrets = dataDir.resolve(Engine.SECRETS_KEY_FILE + ".replaced-" + stamp);
                    Files.move(secrets, keptSecrets, StandardCopyOption.ATOMIC_MOVE);
                }
                Files.move(staging.resolve(Engine.SECRETS_KEY_FILE), secrets, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.delete(staging);
            out("Restored " + file + " (made " + manifest.getProperty("created_at") + ", schema version "
                    + manifest.getProperty("schema_version") + ") into " + dataDir + ".");
            if (keptDb != null) {
                out("The store it replaced is kept in " + keptDb
                        + (keptSecrets != null ? " and its secrets key in " + keptSecrets : "")
                        + "; delete them once the restored data looks right.");
            }
            if (!"true".equals(manifest.getProperty("secrets_key"))) {
                out("The backup has no " + Engine.SECRETS_KEY_FILE + " (none existed when it was made).");
            }
            if ("true".equals(manifest.getProperty("encrypted"))) {
                out("The restored store is encrypted: it opens only with its key ($" + StoreEncryption.KEY_ENV
                        + " or the keystore named in db/" + StoreEncryption.MARKER + ").");
            }
            out("An older backup is brought up to this version's schema when an engine next opens it.");
            return ExitCodes.OK;
        } catch (DataDirLock.DataDirBusyException e) {
            err("leadwire: cannot restore while an engine runs: " + e.getMessage());
            return ExitCodes.BUSY;
        } catch (IOException e) {
            return fail("restore failed: " + e.getMessage());
        }
    }

    /** Reads the backup's manifest and checks it has what a restore needs. */
    static Properties check(Path backup) throws IOException {
        if (!Files.exists(backup)) {
            throw new NoSuchFileException(backup.toString());
        }
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            ZipEntry m = zip.getEntry(BackupCommand.MANIFEST);
            if (m == null) {
                throw new IOException(backup + " is not a Leadwire backup (it has no " + BackupCommand.MANIFEST + ")");
            }
            Properties p = new Properties();
            try (Reader r = new InputStreamReader(zip.getInputStream(m), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            if (!BackupCommand.FORMAT.equals(p.getProperty("format"))) {
                throw new IOException(backup + " is a backup format this version does not know ("
                        + p.getProperty("format") + ")");
            }
            for (String needed : new String[] {BackupCommand.STORE_ENTRY, "db/credentials"}) {
                if (zip.getEntry(needed) == null) {
                    throw new IOException(backup + " is incomplete: it has no " + needed);
                }
            }
            return p;
        } catch (ZipException e) {
            throw new IOException(backup + " is not a Leadwire backup (not a zip file)", e);
        }
    }

    /** Unpacks the known entries (nothing else: no path in the zip decides where a file goes). */
    private static void unpack(Path backup, Path staging) throws IOException {
        Files.createDirectories(staging.resolve("db"));
        try (ZipFile zip = new ZipFile(backup.toFile())) {
            for (Map.Entry<String, String> e : ENTRIES.entrySet()) {
                ZipEntry entry = zip.getEntry(e.getKey());
                if (entry == null) {
                    continue;
                }
                Path to = staging.resolve(e.getValue());
                try {
                    Files.createFile(to, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            "rw-------")));
                } catch (UnsupportedOperationException ex) {
                    Files.createFile(to);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private int fail(String message) {
        err("leadwire: " + message);
        return ExitCodes.FAILURE;
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }

    private void err(String line) {
        spec.commandLine().getErr().println(line);
        spec.commandLine().getErr().flush();
    }
}
