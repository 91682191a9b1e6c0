package io.leadwire.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.h2.mvstore.MVStore;
import org.h2.tools.ChangeFileEncryption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code leadwire store ...}: things done to the embedded store file itself. */
@Command(name = "store", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Manage the embedded store file of a data dir.",
        subcommands = {StoreAdminCommand.Encrypt.class})
final class StoreAdminCommand extends CommandGroup {

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = {"Encrypt the data dir's embedded store at rest (H2 CIPHER=AES), or, for a data dir "
                    + "without a store yet, have it created encrypted on first start.",
                    "The key is $" + StoreEncryption.KEY_ENV + " when set, else a new random key in the OS user's "
                    + "keystore (--keystore). No engine may run on the data dir meanwhile."})
    static final class Encrypt implements Callable<Integer> {
        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--keystore", paramLabel = "FILE",
                description = "The OS user's keystore for the key (default: ~/.leadwire-keystore.p12); "
                        + "unused when $" + StoreEncryption.KEY_ENV + " is set.")
        Path keystore;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (data.dbUrl != null) {
                return fail("encryption at rest is for the embedded store; an external database (--db) "
                        + "encrypts with its own means");
            }
            Path dataDir = data.dataDirOrDefault();
            try (DataDirLock lock = DataDirLock.acquire(dataDir, "store encrypt")) {
                StoreEncryption existing = StoreEncryption.of(dataDir);
                if (existing != null) {
                    return fail("the store in " + dataDir + " is encrypted already");
                }
                boolean fromEnv = System.getenv(StoreEncryption.KEY_ENV) != null;
                StoreEncryption encryption = fromEnv ? StoreEncryption.fromEnvironment()
                        : StoreEncryption.inKeystore(keystore != null ? keystore : StoreEncryption.defaultKeystore());
                String key = encryption.key(System::getenv, true);
                Path dbDir = dataDir.resolve("db");
                boolean exists = Files.exists(dbDir.resolve("leadwire.mv.db"));
                if (exists && !opensWith(dbDir.resolve("leadwire.mv.db"), key)) {
                    // Copies the file page by page into an encrypted one and swaps it in: the
                    // store is either all plain or all encrypted, never half.
                    ChangeFileEncryption.execute(dbDir.toString(), "leadwire", "AES", null, key.toCharArray(), true);
                }
                // The marker last: until it exists, engines open the store as before.
                encryption.save(dataDir);
                out((exists ? "Encrypted the store in " : "The store in ") + dataDir
                        + (exists ? " (AES)." : " will be created encrypted (AES) on first start."));
                out(fromEnv ? "Its key is $" + StoreEncryption.KEY_ENV + ": every engine and admin command on this "
                        + "data dir needs it set."
                        : "Its key is in the keystore " + encryption.keystore() + " (entry "
                        + encryption.keystoreAlias() + "), readable only by you.");
                out("Without the key the store cannot be opened: keep a copy of it apart from the data and its "
                        + "backups.");
                if (exists) {
                    out("Backups made before now are not encrypted; the old file's disk blocks are freed, not "
                            + "wiped.");
                }
                return ExitCodes.OK;
            } catch (DataDirLock.DataDirBusyException e) {
                err("leadwire: cannot encrypt the store while an engine runs: " + e.getMessage());
                return ExitCodes.BUSY;
            } catch (IOException | java.sql.SQLException | RuntimeException e) {
                return fail(e.getMessage());
            }
        }

        /** Whether the file is encrypted with {@code key} already (an earlier run stopped before its marker). */
        private static boolean opensWith(Path file, String key) {
            try {
                new MVStore.Builder().fileName(file.toString()).readOnly().encryptionKey(key.toCharArray()).open()
                        .close();
                return true;
            } catch (RuntimeException e) {
                return false;
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
}
