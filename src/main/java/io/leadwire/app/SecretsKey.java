package io.leadwire.app;

import io.leadwire.store.Database;
import io.leadwire.store.SecretBox;
import io.leadwire.store.SecretKeyCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * Where an engine or admin command gets the key for the secrets it must read back (buyer and
 * webhook secrets, vendor poll credentials): {@code $LEADWIRE_SECRETS_KEY} (Base64, the content
 * of a {@code secrets.key}) when set, else the data dir's {@code secrets.key}, made on first use.
 *
 * <p>On a database given with {@code --db} (which several engines may share) the key is also
 * checked against the database, so a node that was not given the others' key refuses to start
 * rather than failing to open buyer secrets later and sealing new ones the others cannot read.
 */
final class SecretsKey {
    static final String ENV = "LEADWIRE_SECRETS_KEY";

    private SecretsKey() {
    }

    /** The key is not the one the database's other engines use; the message says what to copy. */
    static final class MismatchException extends IOException {
        private static final long serialVersionUID = 1L;

        MismatchException(String message) {
            super(message);
        }
    }

    /** The box for this data dir's key, from the environment or the key file. */
    static SecretBox box(Path dataDir, Function<String, String> env) throws IOException {
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return SecretBox.ofBase64Key(fromEnv);
            } catch (IllegalArgumentException e) {
                throw new IOException("$" + ENV + " must hold the content of a secrets.key file (a Base64 256-bit "
                        + "key): it is " + e.getMessage());
            }
        }
        return SecretBox.forKeyFile(keyFile(dataDir));
    }

    /**
     * {@link #box} checked against {@code db} when it is a database given with {@code --db}: the
     * first engine there stores a check sealed with its key; later ones must be able to open it.
     * The embedded store lives in the data dir with its key, so it is not checked.
     *
     * @throws MismatchException when the key cannot open the database's check
     */
    static SecretBox checked(EngineConfig config, Database db, String role, Function<String, String> env,
                             Clock clock) throws IOException {
        SecretBox box = box(config.dataDir(), env);
        if (config.dbUrl() == null) {
            return box;
        }
        SecretKeyCheck.Result r = new SecretKeyCheck(db.dataSource()).verify(box, role, clock.instant());
        if (r == SecretKeyCheck.Result.OTHER_KEY) {
            String source = env.apply(ENV) != null && !env.apply(ENV).isBlank() ? "$" + ENV
                    : keyFile(config.dataDir()).toString();
            throw new MismatchException("the secrets key in " + source + " is not the one the engines on this "
                    + "database use, so the buyer and webhook secrets stored there cannot be opened here. Copy "
                    + Engine.SECRETS_KEY_FILE + " from the data dir of an engine that runs on this database to "
                    + keyFile(config.dataDir()) + " (or put its content in $" + ENV + ") and start again; "
                    + "nothing was changed");
        }
        return box;
    }

    static Path keyFile(Path dataDir) {
        return dataDir.resolve(Engine.SECRETS_KEY_FILE);
    }
}
