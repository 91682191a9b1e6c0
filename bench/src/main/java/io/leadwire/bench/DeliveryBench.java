package io.leadwire.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.Database;
import io.leadwire.store.LeadRepository;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The delivery benchmarks. Each starts its own {@code leadwire serve} child on 127.0.0.1 (fresh
 * data dir) and a buyer endpoint ({@link BuyerServer}) in this JVM on 127.0.0.1, talks only to
 * them, and stops by itself.
 *
 * <pre>
 * delivery-throughput [--leads 20000] [--buyer-ms 50] [--concurrency 256] [--buyer-threads 600]
 *        [--warm-seconds 60]
 *        a backlog of ACCEPTED leads stored before the engine starts, delivered to one buyer that
 *        answers after 50 ms; deliveries recorded ACCEPTED per second over the steady part, and
 *        over the steady part after the warm-up
 * nodes --db-url URL [--db-user leadwire] [--nodes 1] [--leads 20000] ...
 *        delivery-throughput on PostgreSQL with several serve processes sharing the database
 * delivery-latency [--rate 200] [--seconds 60] [--warmup 10]
 *        the whole pipeline (intake → quality → routing → delivery) at a fixed open-loop rate to a
 *        buyer that answers at once; buyer receipt − intake acknowledgement per lead
 * </pre>
 */
final class DeliveryBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<String>> opts;
    private final Path jar;
    private final Path work;
    private final List<String> serverFlags;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DeliveryBench(Map<String, List<String>> opts) {
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

    /** A good lead (Tier-1 country, known experience and capital: the quality stage accepts it) that is its own person. */
    static String body(String leadId, long n) {
        return String.format(Locale.ROOT, "{\"lead_id\":\"%s\",\"first_name\":\"Lukas\",\"last_name\":\"Müller\","
                + "\"email\":\"lukas.mueller.%d@example.com\",\"phone\":\"+49151%08d\",\"country\":\"Germany\","
                + "\"ip_address\":\"89.160.20.112\",\"source\":\"delivery_bench\",\"trading_experience\":\"advanced\","
                + "\"capital_available\":\"10000-50000\"}", leadId, n, n % 100_000_000L);
    }

    /** The bench buyer: lead_ref carries the vendor's lead id so the buyer can tell leads apart. */
    static String buyerFile(String url, int concurrency) {
        return "{\"name\": \"Bench Buyer\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"lead_ref\", \"source\": \"lead_id\", \"required\": true},"
                + "{\"target\": \"first_name\", \"source\": \"first_name\"},"
                + "{\"target\": \"last_name\", \"source\": \"last_name\"},"
                + "{\"target\": \"email\", \"source\": \"email\"},"
                + "{\"target\": \"phone\", \"source\": \"phone\"},"
                + "{\"target\": \"country\", \"source\": \"country\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, \"price\": \"20.00\","
                + "\"concurrency\": " + concurrency + ","
                + "\"timeouts\": {\"connect\": \"2s\", \"read\": \"5s\", \"call\": \"5s\"}}}";
    }

    private void banner(String what) {
        System.out.printf(Locale.ROOT, "%n## %s%n%n", what);
        System.out.printf(Locale.ROOT, "server JVM flags: %s; cores: %d (shared with other users); load average %.2f; "
                        + "java %s%n%n", String.join(" ", serverFlags), Runtime.getRuntime().availableProcessors(),
                CpuMeter.loadAverage(), System.getProperty("java.version"));
    }

    private Path freshDataDir(String name) throws IOException {
        Files.createDirectories(work);
        return Files.createTempDirectory(work, name + "-");
    }

    private void importBuyer(Path dir, String url, int concurrency) throws IOException, InterruptedException {
        importBuyer(dir, url, concurrency, List.of(), Map.of());
    }

    private void importBuyer(Path dir, String url, int concurrency, List<String> flags, Map<String, String> env)
            throws IOException, InterruptedException {
        Path file = dir.resolve("bench.buyer.json");
        Files.writeString(file, buyerFile(url, concurrency));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "buyer", "import", file.toString(), "--data-dir", dir.toString()));
        cmd.addAll(flags);
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
            throw new IOException("buyer import failed: " + lines);
        }
    }

    private static Connection connect(Path dir) throws IOException, SQLException {
        String password = Files.readString(dir.resolve("db").resolve("credentials")).strip();
        return java.sql.DriverManager.getConnection(Database.embeddedUrl(dir), "leadwire", password);
    }

    /** The engine's health details (queue depths), or null if it did not answer. */
    private JsonNode health(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).path("details") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    // ------------------------------------------------------------------ throughput

    int throughput() throws Exception {
        int leads = number("leads", 20_000);
        int buyerMs = number("buyer-ms", 50);
        int concurrency = number("concurrency", 256);
        int buyerThreads = number("buyer-threads", 600);
        int maxSeconds = number("max-seconds", 180);
        banner("delivery throughput: " + leads + " stored ACCEPTED leads to one buyer answering in " + buyerMs
                + " ms, buyer concurrency " + concurrency);
        Path dir = freshDataDir("delivery-throughput");
        ServerProcess.addVendor(jar, dir, "bench-vendor");
        int code;
        try (BuyerServer buyer = new BuyerServer(buyerMs, buyerThreads)) {
            importBuyer(dir, buyer.url(), concurrency);
            long t = System.nanoTime();
            storeAcceptedLeads(dir, leads);
            System.out.printf(Locale.ROOT, "stored %d ACCEPTED leads in %.1f s (engine not running)%n%n", leads,
                    (System.nanoTime() - t) / 1e9);
            ServerProcess server = ServerProcess.start(jar, dir, serverFlags, dir.resolve("serve.log"));
            CpuMeter serverCpu = new CpuMeter(server.pid());
            CpuMeter benchCpu = new CpuMeter(ProcessHandle.current().pid());
            serverCpu.start();
            benchCpu.start();
            long machine0 = CpuMeter.machineBusyTicks() + CpuMeter.machineSoftirqTicks();
            long started = System.nanoTime();
            System.out.println("| s since serve printed its URL | buyer requests | in the last second | deliveries "
                    + "accepted (health, every 10 s) | open deliveries | leads accepted, waiting for routing |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            long last = 0;
            long accepted = 0;
            try {
                for (int s = 1; s <= maxSeconds && accepted < leads; s++) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, started + s * 1_000_000_000L - System.nanoTime()));
                    long now = buyer.requests.sum();
                    // The health endpoint counts every lead and delivery by status: asked each second
                    // it costs the engine a noticeable share of its CPU, so only every 10 s and at the end.
                    JsonNode h = s % 10 == 0 || now >= leads ? health(server.port()) : null;
                    long open = -1;
                    long waiting = -1;
                    if (h != null) {
                        JsonNode d = h.path("deliveries_by_status");
                        accepted = d.path("accepted").asLong();
                        open = d.path("pending").asLong() + d.path("sending").asLong() + d.path("retry").asLong();
                        waiting = h.path("leads_by_status").path("accepted").asLong();
                    }
                    System.out.printf(Locale.ROOT, "| %d | %d | %d | %s | %s | %s |%n", s, now, now - last,
                            h == null ? "" : accepted, h == null ? "" : open, h == null ? "" : waiting);
                    last = now;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double machine = (CpuMeter.machineBusyTicks() + CpuMeter.machineSoftirqTicks() - machine0) / seconds;
                double serveCpu = serverCpu.percentSinceStart();
                System.out.printf(Locale.ROOT, "%nserve CPU per delivery, whole run including JIT warm-up: %.2f ms "
                        + "(%.0f%% of one core for %.1f s, %d buyer requests)%n", serveCpu / 100 * seconds * 1000
                        / Math.max(1, buyer.requests.sum()), serveCpu, seconds, buyer.requests.sum());
                System.out.printf(Locale.ROOT, "%nCPU over the run (%% of one core): serve %.0f%%, bench (buyer) "
                        + "%.0f%%, whole machine %.0f%% of 200%%; buyer held at most %d requests at once; "
                        + "buyer requests %d, repeated leads %d%n", serverCpu.percentSinceStart(),
                        benchCpu.percentSinceStart(), machine, buyer.maxConcurrent(), buyer.requests.sum(),
                        buyer.repeats.sum());
            } finally {
                System.out.println("serve exit code after SIGTERM: " + server.stop());
            }
            code = reportThroughput(dir, leads, number("warm-seconds", 60));
        }
        cleanUp(dir);
        return code;
    }

    // ------------------------------------------------------------------ nodes (PostgreSQL)

    /**
     * The throughput benchmark on PostgreSQL with {@code --nodes} serve processes sharing the
     * database (each its own data dir): the same backlog of ACCEPTED leads, the same 50 ms buyer.
     * The password comes from {@code LEADWIRE_DB_PASSWORD}, as the engines take it.
     */
    int nodes() throws Exception {
        String url = one("db-url", null);
        if (url == null) {
            throw new IllegalArgumentException("nodes needs --db-url jdbc:postgresql://...");
        }
        String user = one("db-user", "leadwire");
        String password = System.getenv("LEADWIRE_DB_PASSWORD");
        int nodes = number("nodes", 1);
        int leads = number("leads", 20_000);
        int buyerMs = number("buyer-ms", 50);
        int concurrency = number("concurrency", 256);
        int buyerThreads = number("buyer-threads", 600);
        int maxSeconds = number("max-seconds", 240);
        banner("delivery throughput on PostgreSQL with " + nodes + " serve process(es): " + leads
                + " stored ACCEPTED leads to one buyer answering in " + buyerMs + " ms, buyer concurrency "
                + concurrency + " per node");
        Path base = freshDataDir("nodes-" + nodes);
        List<String> db = List.of("--db", url, "--db-user", user);
        Map<String, String> env = Map.of("LEADWIRE_DB_PASSWORD", password == null ? "" : password);
        ServerProcess.addVendor(jar, base.resolve("admin"), "bench-vendor", db, env);
        int code;
        try (BuyerServer buyer = new BuyerServer(buyerMs, buyerThreads)) {
            importBuyer(base, buyer.url(), concurrency, db, env);
            long t = System.nanoTime();
            try (Database store = Database.open(url, user, password, 2)) {
                storeAcceptedLeads(store, leads);
            }
            System.out.printf(Locale.ROOT, "stored %d ACCEPTED leads in %.1f s (engines not running)%n%n", leads,
                    (System.nanoTime() - t) / 1e9);
            List<ServerProcess> servers = new ArrayList<>();
            List<CpuMeter> cpu = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                Path dir = base.resolve("node-" + n);
                Files.createDirectories(dir);
                // Engines on one database share the secrets key the buyer import made, or refuse to start.
                Files.copy(base.resolve("secrets.key"), dir.resolve("secrets.key"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                ServerProcess server = ServerProcess.start(jar, dir, serverFlags, db, env, dir.resolve("serve.log"));
                servers.add(server);
                CpuMeter m = new CpuMeter(server.pid());
                m.start();
                cpu.add(m);
            }
            long machine0 = CpuMeter.machineBusyTicks() + CpuMeter.machineSoftirqTicks();
            long started = System.nanoTime();
            try {
                for (int s = 1; s <= maxSeconds && buyer.requests.sum() < leads; s++) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, started + s * 1_000_000_000L - System.nanoTime()));
                    if (s % 10 == 0) {
                        System.out.printf(Locale.ROOT, "%d s: buyer requests %d%n", s, buyer.requests.sum());
                    }
                }
                // The last answers are recorded a moment after the buyer saw them.
                TimeUnit.SECONDS.sleep(3);
                double seconds = (System.nanoTime() - started) / 1e9;
                double machine = (CpuMeter.machineBusyTicks() + CpuMeter.machineSoftirqTicks() - machine0) / seconds;
                StringBuilder perNode = new StringBuilder();
                for (int n = 0; n < nodes; n++) {
                    perNode.append(n == 0 ? "" : ", ").append(String.format(Locale.ROOT, "node %d %.0f%%", n,
                            cpu.get(n).percentSinceStart()));
                }
                System.out.printf(Locale.ROOT, "%nCPU over the run (%% of one core): %s; whole machine %.0f%% of "
                        + "%d00%% (PostgreSQL and the bench's buyer included); buyer requests %d, repeated leads %d%n",
                        perNode, machine, Runtime.getRuntime().availableProcessors(), buyer.requests.sum(),
                        buyer.repeats.sum());
            } finally {
                for (ServerProcess server : servers) {
                    System.out.println("serve exit code after SIGTERM: " + server.stop());
                }
            }
            try (Connection c = java.sql.DriverManager.getConnection(url, user, password)) {
                code = reportThroughput(c, leads, number("warm-seconds", 60));
            }
        }
        cleanUp(base);
        return code;
    }

    /** Leads as the quality stage leaves them (ACCEPTED), stored directly with the engine stopped. */
    private static void storeAcceptedLeads(Path dir, int n) throws Exception {
        String password = Files.readString(dir.resolve("db").resolve("credentials")).strip();
        try (Database db = Database.open(Database.embeddedUrl(dir), "leadwire", password, 2)) {
            storeAcceptedLeads(db, n);
        }
    }

    private static void storeAcceptedLeads(Database db, int n) throws Exception {
        String vendorId;
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM vendor WHERE name = 'bench-vendor'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            vendorId = rs.getString(1);
        }
        LeadRepository repo = new LeadRepository(db.dataSource(), JSON);
        Instant now = Instant.now();
        List<Lead> batch = new ArrayList<>(1000);
        for (int i = 0; i < n; i++) {
            String id = "t-" + i;
            String raw = body(id, i);
            Map<String, String> fields = new LinkedHashMap<>();
            JSON.readTree(raw).fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
            // Time-ordered ids as the intake makes them (LeadIds), one millisecond apart so the
            // ids sort in arrival order.
            batch.add(new Lead(0, io.leadwire.lead.LeadIds.at(now.toEpochMilli() + i), vendorId, id, now, LeadStatus.ACCEPTED,
                    "application/json", raw, fields, "127.0.0.1"));
            if (batch.size() == 1000) {
                repo.insertAll(batch);
                batch.clear();
            }
        }
        repo.insertAll(batch);
    }

    private static int reportThroughput(Path dir, int leads, int warmSeconds) throws IOException, SQLException {
        try (Connection c = connect(dir)) {
            return reportThroughput(c, leads, warmSeconds);
        }
    }

    /**
     * Prints the rates from every ACCEPTED delivery's finished_at: the whole run, the steady part
     * (10th → 90th percentile), and the steady part after a warm-up (deliveries finished from
     * {@code warmSeconds} after the first one up to the 90th percentile: the JIT compiles H2, OkHttp
     * and the engine for the first minute or so on this machine, and a server runs for days).
     */
    private static int reportThroughput(Connection c, int leads, int warmSeconds) throws SQLException {
        List<Instant> finished = new ArrayList<>(leads);
        Map<String, Long> statuses = new TreeMap<>();
        Histogram latency = new Histogram(600_000L, 3);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT finished_at FROM delivery WHERE status = 'ACCEPTED' ORDER BY finished_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                finished.add(rs.getObject(1, OffsetDateTime.class).toInstant());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM lead GROUP BY status");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                statuses.put(rs.getString(1), rs.getLong(2));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT latency_ms FROM delivery_attempt");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                latency.recordValue(Math.max(0, rs.getLong(1)));
            }
        }
        System.out.println();
        System.out.println("leads by status after the run: " + statuses);
        System.out.printf(Locale.ROOT, "attempt latency as the engine logged it: p50 %d ms, p99 %d ms, max %d ms "
                + "(%d attempts)%n", latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getMaxValue(), latency.getTotalCount());
        if (finished.size() < 10) {
            System.out.println("too few accepted deliveries to report a rate: " + finished.size());
            return 1;
        }
        Instant first = finished.get(0);
        Instant lastOne = finished.get(finished.size() - 1);
        int lo = finished.size() / 10;
        int hi = finished.size() * 9 / 10;
        double steadySeconds = Duration.between(finished.get(lo), finished.get(hi)).toNanos() / 1e9;
        double steady = (hi - lo) / steadySeconds;
        double whole = finished.size() / Math.max(1e-3, Duration.between(first, lastOne).toNanos() / 1e9);
        Map<Long, Long> perSecond = new TreeMap<>();
        for (Instant i : finished) {
            perSecond.merge(i.getEpochSecond(), 1L, Long::sum);
        }
        long best = perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Instant warmFrom = first.plusSeconds(warmSeconds);
        int w = 0;
        while (w < finished.size() && finished.get(w).isBefore(warmFrom)) {
            w++;
        }
        double warmWindow = w < hi ? Duration.between(finished.get(w), finished.get(hi)).toNanos() / 1e9 : 0;
        String warm = warmWindow >= 10 ? String.format(Locale.ROOT, "**%.0f** (%d in %.1f s)", (hi - w) / warmWindow,
                hi - w, warmWindow) : "run too short";
        System.out.println();
        System.out.println("| deliveries ACCEPTED | of leads | first → last s | whole-run /s | steady /s (10th→90th "
                + "percentile of finished_at) | after " + warmSeconds + " s warm-up /s (→ 90th percentile) "
                + "| best calendar second |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.0f | %.0f | %s | %d |%n", finished.size(), leads,
                Duration.between(first, lastOne).toNanos() / 1e9, whole, steady, warm, best);
        System.out.println();
        System.out.println("(finished_at is the recorder's commit time of each delivery, read from the store after "
                + "SIGTERM)");
        return finished.size() == leads ? 0 : 1;
    }

    // ------------------------------------------------------------------ latency

    int latency() throws Exception {
        int rate = number("rate", 200);
        int seconds = number("seconds", 60);
        int warmup = number("warmup", 10);
        int connections = number("connections", 16);
        banner("delivery latency: intake ack → buyer receipt at " + rate + " leads/s for " + seconds
                + " s, whole pipeline, buyer answers at once");
        Path dir = freshDataDir("delivery-latency");
        String key = ServerProcess.addVendor(jar, dir, "bench-vendor");
        String run = "b" + Long.toString(System.currentTimeMillis(), 36);
        Map<String, Long> acked = new ConcurrentHashMap<>();
        AtomicLong person = new AtomicLong();
        int code;
        try (BuyerServer buyer = new BuyerServer(0, 64)) {
            importBuyer(dir, buyer.url(), 32);
            ServerProcess server = ServerProcess.start(jar, dir, serverFlags, dir.resolve("serve.log"));
            StepStats s;
            String prefix = run + "-m-";
            try {
                LeadRequests requests = LeadRequests.perLead(server.port(), key,
                        id -> body(id, person.incrementAndGet()));
                try (LoadGenerator gen = new LoadGenerator(server.port(), server.pid(), requests, connections, 10_000,
                        id -> acked.put(id, System.nanoTime()))) {
                    if (warmup > 0) {
                        StepStats w = gen.openLoop("warm-up", run + "-w-", rate, warmup, 10);
                        System.out.println("warm-up (not reported): " + w.acked.sum() + " acked at " + rate
                                + "/s, errors " + w.errorSummary());
                    }
                    Thread.sleep(2000);
                    double other = gen.waitForQuiet(25, number("quiet-wait", 60));
                    String label = rate + "/s" + (other > 25 ? String.format(Locale.ROOT,
                            " (busy: others %.0f%% before)", other) : "");
                    s = gen.openLoop(label, prefix, rate, seconds, 10);
                    System.out.println("intake acknowledgements of the measured step:");
                    System.out.println(StepStats.header());
                    System.out.println(s.row());
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (System.nanoTime() < deadline && arrived(acked, buyer, prefix) < measured(acked, prefix)) {
                    Thread.sleep(50);
                }
            } finally {
                System.out.println();
                System.out.println("serve exit code after SIGTERM: " + server.stop());
            }
            code = reportLatency(acked, buyer, prefix, rate, seconds);
        }
        cleanUp(dir);
        return code;
    }

    private static long measured(Map<String, Long> acked, String prefix) {
        return acked.keySet().stream().filter(id -> id.startsWith(prefix)).count();
    }

    private static long arrived(Map<String, Long> acked, BuyerServer buyer, String prefix) {
        return acked.keySet().stream().filter(id -> id.startsWith(prefix) && buyer.firstArrival.containsKey(id))
                .count();
    }

    private static int reportLatency(Map<String, Long> acked, BuyerServer buyer, String prefix, int rate,
                                     int seconds) {
        Histogram micros = new Histogram(600_000_000L, 3);
        long missing = 0;
        long before = 0;
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            Long at = buyer.firstArrival.get(e.getKey());
            if (at == null) {
                missing++;
                continue;
            }
            long us = (at - e.getValue()) / 1_000;
            if (us < 0) {
                before++;
            }
            micros.recordValue(Math.max(0, us));
        }
        System.out.println();
        System.out.println("| offered/s | seconds | acked | at the buyer | not at the buyer | p50 ms | p90 ms | **p95 ms** "
                + "| p99 ms | p99.9 ms | max ms | buyer got it before the ack |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.2f | %d |%n",
                rate, seconds, micros.getTotalCount() + missing, micros.getTotalCount(), missing,
                micros.getValueAtPercentile(50) / 1e3, micros.getValueAtPercentile(90) / 1e3,
                micros.getValueAtPercentile(95) / 1e3, micros.getValueAtPercentile(99) / 1e3,
                micros.getValueAtPercentile(99.9) / 1e3, micros.getMaxValue() / 1e3, before);
        System.out.println();
        System.out.println("(latency = buyer's first arrival of the lead − the moment the bench read the lead's 202, "
                + "both System.nanoTime() in this JVM; buyer requests " + buyer.requests.sum() + ", repeated leads "
                + buyer.repeats.sum() + ")");
        return missing == 0 ? 0 : 1;
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
