package io.leadwire.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, private PostgreSQL server for the tests: a fresh cluster in a temporary folder on a
 * free loopback port, started once per test JVM from the Debian package's binaries (installed by
 * src/test/scripts/ensure-postgres.sh during the build) and stopped when the JVM exits. Each
 * caller gets its own database. When the server cannot start, {@link #shared()} throws with the
 * reason: PostgreSQL tests fail, they are never skipped.
 */
public final class PostgresServer {
    public static final String USER = "leadwire";
    public static final String PASSWORD = "pg-test-" + UUID.randomUUID();
    private static PostgresServer shared;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("PostgreSQL could not start for the tests: " + e.getMessage(), e);
            }
            PostgresServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "postgres-stop"));
        }
        return shared;
    }

    private static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("leadwire-pg-");
        Path data = dir.resolve("data");
        Path pwfile = dir.resolve("pw");
        Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            // PostgreSQL refuses to run as root: the cluster belongs to the package's postgres user.
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir, 30);
        }
        int port = freePort();
        PostgresServer server = new PostgresServer(bin, dir, port, root);
        server.pg(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--pwfile=" + pwfile, "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8",
                "--locale=C"), 120);
        server.pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -h 127.0.0.1 -k " + dir + " -c max_connections=200 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off", "start"), 90);
        return server;
    }

    private static Path findBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path best = versions.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                        .max(Comparator.comparingInt(p -> parseVersion(p.getFileName().toString())))
                        .orElse(null);
                if (best != null) {
                    return best.resolve("bin");
                }
            }
        }
        throw new IOException("no PostgreSQL server under /usr/lib/postgresql/*/bin (the build installs the "
                + "Debian package postgresql with src/test/scripts/ensure-postgres.sh; run that as root)");
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void pg(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asPostgresUser) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        run(cmd, dir, timeoutSeconds);
    }

    private static void run(List<String> cmd, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("leadwire-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): "
                        + Files.readString(log).strip());
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A new empty database; returns its JDBC URL (user {@link #USER}, password {@link #PASSWORD}). */
    public String createDatabase() {
        String name = "lw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create a test database: " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private void stop() {
        try {
            pg(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"), 30);
        } catch (IOException | InterruptedException e) {
            System.err.println("PostgreSQL test server did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
