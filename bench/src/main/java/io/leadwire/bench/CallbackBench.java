package io.leadwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.callback.StandardWebhooks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Buyer callback acknowledgement latency: Standard-Webhooks-signed events posted to
 * {@code POST /api/v1/callbacks/{buyer}} of a {@code leadwire serve} child on 127.0.0.1 at a
 * fixed open-loop rate; latency = the 202 fully read − the event's intended send time (so
 * queueing behind a slow server counts). Each event is verified, committed and answered; the
 * callback worker applies it in the background meanwhile (the events name leads the engine never
 * saw, so it flags them: the same claim, read and write per event as an applied status change,
 * minus the timeline and outcome rows).
 *
 * <pre>
 * callback-latency [--rate 300] [--seconds 30] [--warmup 10] [--connections 16]
 * </pre>
 */
final class CallbackBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(
            "bench-callback-secret-0123456789".getBytes(StandardCharsets.UTF_8));
    private final Map<String, List<String>> opts;
    private final Path jar;
    private final Path work;
    private final List<String> serverFlags;

    CallbackBench(Map<String, List<String>> opts) {
        this.opts = opts;
        this.jar = Path.of(one("jar", "target/leadwire.jar")).toAbsolutePath();
        this.work = Path.of(one("work", "bench/target/runs")).toAbsolutePath();
        this.serverFlags = opts.getOrDefault("server-flag", List.of("-Dsun.net.httpserver.nodelay=true", "-Xmx1g"));
    }

    private String one(String name, String dflt) {
        List<String> v = opts.get(name);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    private int number(String name, int dflt) {
        return Integer.parseInt(one(name, Integer.toString(dflt)));
    }

    private static final String BUYER_FILE = "{\"name\": \"Bench Buyer\", \"format\": \"json\", \"fields\": ["
            + "{\"target\": \"first_name\", \"source\": \"first_name\"}],"
            + "\"buyer\": {\"endpoints\": {\"production\": \"http://127.0.0.1:9/never\"}, \"enabled\": false,"
            + "\"callbacks\": {\"signature\": {\"scheme\": \"standard_webhooks\", \"secrets\": [\"${secret:BENCH_CB}\"]},"
            + "\"allow_ips\": [\"127.0.0.1\"], \"return_window\": \"P7D\"}}}";

    int latency() throws Exception {
        int rate = number("rate", 300);
        int seconds = number("seconds", 30);
        int warmup = number("warmup", 10);
        int connections = number("connections", 16);
        System.out.printf(Locale.ROOT, "%n## callback ack latency: signed events at %d/s for %d s after a %d s "
                        + "warm-up, %d sender threads%n%n", rate, seconds, warmup, connections);
        System.out.printf(Locale.ROOT, "server JVM flags: %s; cores: %d (shared with other users); load average %.2f; "
                        + "java %s%n%n", String.join(" ", serverFlags), Runtime.getRuntime().availableProcessors(),
                CpuMeter.loadAverage(), System.getProperty("java.version"));
        Files.createDirectories(work);
        Path dir = Files.createTempDirectory(work, "callback-latency-");
        Path file = dir.resolve("bench.buyer.json");
        Files.writeString(file, BUYER_FILE);
        cli(dir, Map.of(), "buyer", "import", file.toString());
        cli(dir, Map.of("LEADWIRE_BUYER_SECRET", SECRET), "buyer", "secret", "Bench Buyer", "BENCH_CB");
        ServerProcess server = ServerProcess.start(jar, dir, serverFlags, dir.resolve("serve.log"));
        int code;
        try {
            String url = "http://127.0.0.1:" + server.port() + "/api/v1/callbacks/Bench%20Buyer";
            StandardWebhooks signer = StandardWebhooks.of(SECRET);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(2)).build();
            String run = Long.toString(System.currentTimeMillis(), 36);
            if (warmup > 0) {
                Step w = step(http, url, signer, run + "-w", rate, warmup, connections);
                System.out.println("warm-up (not reported): " + w.histogram.getTotalCount() + " acked, answers "
                        + w.statuses);
            }
            Thread.sleep(2000);
            CpuMeter cpu = new CpuMeter(server.pid());
            CpuMeter self = new CpuMeter(ProcessHandle.current().pid());
            cpu.start();
            self.start();
            Step s = step(http, url, signer, run + "-m", rate, seconds, connections);
            double serverCpu = cpu.percentSinceStart();
            double benchCpu = self.percentSinceStart();
            Histogram h = s.histogram;
            System.out.println();
            System.out.println("| offered/s | seconds | 202 | other answers | p50 ms | p90 ms | p95 ms | **p99 ms** "
                    + "| p99.9 ms | max ms | server CPU | bench CPU |");
            System.out.println("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            Map<String, Long> other = new TreeMap<>(s.statuses);
            long ok = other.getOrDefault("202", 0L);
            other.remove("202");
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %s | %.2f | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.0f%% "
                            + "| %.0f%% |%n", rate, seconds, ok, other.isEmpty() ? "none" : other.toString(),
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3,
                    h.getValueAtPercentile(95) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, serverCpu, benchCpu);
            System.out.println();
            System.out.println("target: p99 ≤ 50 ms → " + (h.getValueAtPercentile(99) <= 50_000 ? "met" : "MISSED"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long pending = -1;
            while (System.nanoTime() < deadline && (pending = pending(server.port())) > 0) {
                Thread.sleep(200);
            }
            System.out.println("callback events still pending for the worker after the step (up to 30 s wait): "
                    + pending);
            code = other.isEmpty() ? 0 : 1;
        } finally {
            System.out.println("serve exit code after SIGTERM: " + server.stop());
        }
        cleanUp(dir);
        return code;
    }

    private record Step(Histogram histogram, Map<String, Long> statuses) {
    }

    /** Open loop: event i is due at t0 + i/rate whatever the server does; senders take them in order. */
    private static Step step(HttpClient http, String url, StandardWebhooks signer, String prefix, int rate,
                             int seconds, int connections) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        Map<String, Long> statuses = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        long total = (long) rate * seconds;
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        AtomicLong n = new AtomicLong();
        for (long i = 0; i < total; i++) {
            long due = t0 + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            senders.execute(() -> {
                long k = n.incrementAndGet();
                String id = "evt_" + prefix + "-" + k;
                byte[] body = ("{\"type\":\"status\",\"lead_id\":\"bench-" + prefix + "-" + k
                        + "\",\"status\":\"contacted\"}").getBytes(StandardCharsets.UTF_8);
                long ts = System.currentTimeMillis() / 1000;
                String outcome;
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .header(StandardWebhooks.ID_HEADER, id)
                            .header(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(ts))
                            .header(StandardWebhooks.SIGNATURE_HEADER, signer.sign(id, ts, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    outcome = Integer.toString(r.statusCode());
                    if (r.statusCode() == 202) {
                        recorder.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
                    }
                } catch (IOException e) {
                    outcome = "io";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome = "interrupted";
                }
                statuses.merge(outcome, 1L, Long::sum);
            });
        }
        senders.shutdown();
        senders.awaitTermination(60, TimeUnit.SECONDS);
        return new Step(recorder.getIntervalHistogram(), statuses);
    }

    private static long pending(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/api/v1/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode n = JSON.readTree(r.body()).at("/details/callbacks_pending");
            return n.isMissingNode() ? -1 : n.asLong();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void cli(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data-dir", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", args) + " failed: " + lines);
        }
    }

    private void cleanUp(Path dir) throws IOException {
        if (opts.containsKey("keep")) {
            System.out.println("data dir kept: " + Bench.shown(dir));
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
