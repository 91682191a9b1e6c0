package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadwire.store.Database;
import io.leadwire.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Engines sharing one PostgreSQL database must share {@code secrets.key}: the database keeps a
 * check sealed with the first engine's key, and an engine with another key refuses to start
 * (naming the file to copy, never the key) instead of sealing secrets the others cannot read.
 */
class SecretsKeySharingTest {
    @TempDir
    Path tmp;

    private static EngineConfig on(Path dataDir, String url) {
        return new EngineConfig(dataDir, "127.0.0.1", 0, url, null, null, 65536)
                .withDbLogin(PostgresServer.USER, PostgresServer.PASSWORD.toCharArray());
    }

    private static Engine start(Path dataDir, String url) throws IOException {
        return Engine.start(on(dataDir, url), "test", Clock.systemUTC());
    }

    private static int checkRows(String url) throws Exception {
        try (Database db = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 1);
             Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM secrets_key_check")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void shouldRefuseASecondEngineWithAnotherKeyAndStartOneWithTheCopiedKey() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        Path a = tmp.resolve("node-a");
        Path b = tmp.resolve("node-b");
        Path c = tmp.resolve("node-c");
        try (Engine first = start(a, url)) {
            // Node B was not given node A's key: it makes its own, and must not start with it.
            assertThatThrownBy(() -> start(b, url).close())
                    .isInstanceOf(SecretsKey.MismatchException.class)
                    .hasMessageContaining("secrets key in " + b.resolve("secrets.key"))
                    .hasMessageContaining("Copy secrets.key from the data dir of an engine that runs on this database")
                    .hasMessageContaining("$LEADWIRE_SECRETS_KEY")
                    .satisfies(e -> assertThat(e.getMessage())
                            .doesNotContain(Files.readString(a.resolve("secrets.key")).strip())
                            .doesNotContain(Files.readString(b.resolve("secrets.key")).strip()));

            // With node A's key copied over, both run on the database.
            Files.createDirectories(c);
            Files.copy(a.resolve("secrets.key"), c.resolve("secrets.key"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (Engine third = start(c, url)) {
                assertThat(third.buyerDirectory()).isNotNull();
            }
            Files.copy(a.resolve("secrets.key"), b.resolve("secrets.key"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            start(b, url).close();
        }
        assertThat(checkRows(url)).isEqualTo(1);
    }

    @Test
    void shouldTakeTheKeyFromTheEnvironmentOverTheFile() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        Path a = tmp.resolve("node-a");
        start(a, url).close();
        String key = Files.readString(a.resolve("secrets.key")).strip();
        Path d = tmp.resolve("node-d");
        Files.createDirectories(d);
        Files.writeString(d.resolve("secrets.key"), java.util.Base64.getEncoder().encodeToString(new byte[32]));

        try (Database db = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 1)) {
            // The file holds another key, but the environment's wins.
            assertThat(SecretsKey.checked(on(d, url), db, "test", Map.of(SecretsKey.ENV, key)::get,
                    Clock.systemUTC())).isNotNull();
            assertThatThrownBy(() -> SecretsKey.checked(on(d, url), db, "test", Map.<String, String>of()::get,
                    Clock.systemUTC())).isInstanceOf(SecretsKey.MismatchException.class);
            assertThatThrownBy(() -> SecretsKey.checked(on(d, url), db, "test",
                    Map.of(SecretsKey.ENV, "not-a-key")::get, Clock.systemUTC()))
                    .isInstanceOf(IOException.class).hasMessageContaining("$LEADWIRE_SECRETS_KEY must hold")
                    .hasMessageNotContaining("not-a-key");
        }
        // No file is made when the key comes from the environment.
        Path e = tmp.resolve("node-e");
        try (Database db = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 1)) {
            SecretsKey.checked(on(e, url), db, "test", Map.of(SecretsKey.ENV, key)::get, Clock.systemUTC());
        }
        assertThat(e.resolve("secrets.key")).doesNotExist();
    }

    @Test
    void shouldStoreACheckOnTheFirstStartOnADatabaseFromBeforeTheCheck() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        // Migrated, buyers and all, but never started by an engine that stores the check.
        try (Database db = Database.open(url, PostgresServer.USER, PostgresServer.PASSWORD, 1)) {
            assertThat(db.isHealthy()).isTrue();
        }
        assertThat(checkRows(url)).isZero();
        Path a = tmp.resolve("node-a");
        start(a, url).close();
        assertThat(checkRows(url)).isEqualTo(1);
        start(a, url).close(); // and the same node starts again
    }

    @Test
    void shouldLeaveTheEmbeddedStoreUncheckedSoASingleNodeStartsAsBefore() throws Exception {
        Path h2 = tmp.resolve("single");
        try (Engine engine = Engine.start(new EngineConfig(h2, "127.0.0.1", 0, null, null, null, 65536), "test",
                Clock.systemUTC())) {
            assertThat(engine.buyerDirectory()).isNotNull();
        }
        // A lost key file on a single node is the old story (secrets must be set again), not a refusal.
        Files.delete(h2.resolve("secrets.key"));
        Engine.start(new EngineConfig(h2, "127.0.0.1", 0, null, null, null, 65536), "test", Clock.systemUTC())
                .close();
    }

    @Test
    void shouldRefuseToServeWithExitCode1AndOneLineWhenTheKeyIsNotTheDatabasesAndServeWithItFromTheEnvironment()
            throws Exception {
        String url = PostgresServer.shared().createDatabase();
        Path a = tmp.resolve("node-a");
        start(a, url).close();
        Path b = tmp.resolve("node-b");

        Process refused = serve(b, url, null, "refused");
        try {
            assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            refused.destroyForcibly();
        }
        String err = Files.readString(tmp.resolve("refused.err"), StandardCharsets.UTF_8);
        String out = Files.readString(tmp.resolve("refused.out"), StandardCharsets.UTF_8);
        assertThat(refused.exitValue()).as(err + out).isEqualTo(ExitCodes.FAILURE);
        assertThat(err).contains("leadwire: the secrets key in " + b.resolve("secrets.key"), "Copy secrets.key");
        assertThat(err + out).doesNotContain("Exception", "\tat ");

        // The same node with node A's key in the environment (its own file is ignored) starts and stops cleanly.
        Process served = serve(b, url, Files.readString(a.resolve("secrets.key")).strip(), "served");
        try {
            await().atMost(Duration.ofSeconds(60)).failFast("serve exited", () -> !served.isAlive())
                    .until(() -> Files.readString(tmp.resolve("served.out")).contains("leadwire serving at"));
            served.toHandle().destroy();
            assertThat(served.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(served.exitValue()).isZero();
        } finally {
            served.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseToSealAVendorPollSecretWithAKeyTheEnginesCannotOpen() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        Path a = tmp.resolve("node-a");
        try (Engine first = start(a, url)) {
            first.vendors().add("Bolt Media", List.of());
        }
        Path b = tmp.resolve("node-b");
        String[] poll = {"vendor", "poll", "Bolt Media", "--url", "http://127.0.0.1:9/api/leads", "--interval", "30s",
            "--auth", "bearer", "--secret-env", "BOLT_TOKEN"};

        Process refused = leadwire(b, url, null, "poll-refused", poll);
        assertThat(refused.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(tmp.resolve("poll-refused.err"), StandardCharsets.UTF_8);
        assertThat(refused.exitValue()).as(err).isEqualTo(ExitCodes.FAILURE);
        assertThat(err).contains("secrets key in " + b.resolve("secrets.key"), "Copy secrets.key")
                .doesNotContain("Exception", "\tat ", "bolt-token-value");

        Process stored = leadwire(b, url, Files.readString(a.resolve("secrets.key")).strip(), "poll-stored", poll);
        assertThat(stored.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(stored.exitValue()).as(Files.readString(tmp.resolve("poll-stored.err"))).isZero();
        assertThat(Files.readString(tmp.resolve("poll-stored.out"))).contains("Polling 'Bolt Media'",
                "secret stored encrypted");
    }

    /** Runs a leadwire command in its own JVM on the PostgreSQL database, with the poll token in its environment. */
    private Process leadwire(Path dataDir, String url, String secretsKey, String name, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.leadwire.app.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data-dir", dataDir.toString(), "--db", url, "--db-user", PostgresServer.USER));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve(name + ".err").toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile());
        pb.environment().put(DataOptions.DB_PASSWORD_ENV, PostgresServer.PASSWORD);
        pb.environment().put("BOLT_TOKEN", "bolt-token-value");
        pb.environment().remove(SecretsKey.ENV);
        if (secretsKey != null) {
            pb.environment().put(SecretsKey.ENV, secretsKey);
        }
        return pb.start();
    }

    private Process serve(Path dataDir, String url, String secretsKey, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "io.leadwire.app.Main", "serve", "--data-dir", dataDir.toString(), "--port", "0", "--db", url,
                "--db-user", PostgresServer.USER));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve(name + ".err").toFile())
                .redirectOutput(tmp.resolve(name + ".out").toFile());
        pb.environment().put(DataOptions.DB_PASSWORD_ENV, PostgresServer.PASSWORD);
        pb.environment().remove(SecretsKey.ENV);
        if (secretsKey != null) {
            pb.environment().put(SecretsKey.ENV, secretsKey);
        }
        return pb.start();
    }
}
