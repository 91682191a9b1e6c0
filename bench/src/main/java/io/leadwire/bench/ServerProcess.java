package io.leadwire.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code leadwire serve} child process on 127.0.0.1 with an ephemeral port. */
final class ServerProcess {
    private static final Pattern SERVING = Pattern.compile("leadwire serving at http://127\\.0\\.0\\.1:(\\d+)/");

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code leadwire vendor add} on the data dir and returns the API key (the last stdout line). */
    static String addVendor(Path jar, Path dataDir, String name) throws IOException, InterruptedException {
        return addVendor(jar, dataDir, name, List.of(), java.util.Map.of());
    }

    /** {@link #addVendor(Path, Path, String)} with extra flags (e.g. {@code --db}) and environment. */
    static String addVendor(Path jar, Path dataDir, String name, List<String> flags, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString(), "vendor", "add", name,
                "--data-dir", dataDir.toString()));
        cmd.addAll(flags);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                if (!l.isBlank()) {
                    lines.add(l.strip());
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || lines.isEmpty()) {
            throw new IOException("vendor add failed: " + lines);
        }
        return lines.get(lines.size() - 1);
    }

    /** Starts serve and waits (at most 60 s) until it prints its intake URL. Output goes to {@code log}. */
    static ServerProcess start(Path jar, Path dataDir, List<String> jvmFlags, Path log) throws IOException {
        return start(jar, dataDir, jvmFlags, List.of(), java.util.Map.of(), log);
    }

    /** {@link #start(Path, Path, List, Path)} with extra serve flags (e.g. {@code --db}) and environment. */
    static ServerProcess start(Path jar, Path dataDir, List<String> jvmFlags, List<String> serveFlags,
                               java.util.Map<String, String> env, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmFlags);
        if ("jetty".equals(System.getProperty("bench.server"))) {
            // Bench-only Jetty 12 front end on the same IntakeService (see JettyIntake).
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JettyIntake.class.getName(),
                    dataDir.toString()));
        } else {
            cmd.addAll(List.of("-jar", jar.toString(), "serve", "--data-dir", dataDir.toString(), "--bind",
                    "127.0.0.1", "--port", "0"));
            cmd.addAll(serveFlags);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
                String l;
                while ((l = r.readLine()) != null) {
                    w.println(l);
                    Matcher m = SERVING.matcher(l);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException("serve exited before it served; see " + log));
        }, "serve-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new ServerProcess(p, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("serve did not start: " + e.getMessage() + " (log: " + log + ")", e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM: the server drains and should exit 0. Returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            return -1;
        }
        return process.exitValue();
    }

    /** SIGKILL (what {@code kill -9} sends): no shutdown hook, no drain, no flush. */
    void kill9() throws InterruptedException, IOException {
        Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            process.destroyForcibly(); // also SIGKILL on Linux
        }
        process.waitFor();
    }
}
