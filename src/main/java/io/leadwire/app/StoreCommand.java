package io.leadwire.app;

import io.leadwire.store.Database;
import io.leadwire.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * An admin command that works on the data dir's database: it opens a small pool, does its work
 * and closes it. These commands do not take the engine lock: with the embedded database they
 * reach a running engine's database through H2's automatic mixed mode, so they work whether or
 * not an engine runs.
 *
 * <p>A refusal (a wrong argument, a store that cannot do it, a file that cannot be read) is one
 * line on stderr and exit code 1, never a stack trace.
 */
abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        Integer early = check();
        if (early != null) {
            return early;
        }
        try (Database db = config().openDatabase(2)) {
            return work(db);
        } catch (IllegalArgumentException | StoreException e) {
            return refused(e);
        } catch (IOException e) {
            err("leadwire: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** The data dir and database this command works on. */
    EngineConfig config() {
        return data.withLogin(new EngineConfig(data.dataDirOrDefault(), null, 0, data.dbUrl, null, null, 0));
    }

    /** Checks the arguments before the database is opened; an exit code stops the command there. */
    Integer check() {
        return null;
    }

    /** The command's work on the open database. */
    abstract int work(Database db) throws IOException;

    /** Says why the work was refused; subclasses name the problems of their own refusals. */
    int refused(RuntimeException e) {
        err("leadwire: " + e.getMessage());
        return ExitCodes.FAILURE;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void print(String line) {
        out().println(line);
        out().flush();
    }

    void err(String line) {
        err().println(line);
        err().flush();
    }

    /** Who did it, for the records: the OS user name. */
    static String operator() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown" : user;
    }
}
