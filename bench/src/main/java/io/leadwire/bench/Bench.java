package io.leadwire.bench;

import io.leadwire.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The intake benchmark. Every mode starts its own {@code leadwire serve} child on 127.0.0.1 with
 * a fresh data dir, talks only to it, and stops by itself.
 *
 * <pre>
 * sweep  --config NAME [--server-flag F]... [--rates 500,1000,...] [--seconds 10]
 *        open-loop fixed-rate steps; one table row per step
 * closed [--connections 64] [--seconds 10]       max throughput, back-to-back requests
 * kill9  [--kills 3] [--rate 2000]               kill -9 mid-load, restart, count lost acks
 * decided [--rate 1000] [--seconds 10]          received → decided latency of the quality stage,
 *        read from the timeline (lead_event) in H2 after SIGTERM
 * delivery-throughput, delivery-latency          the delivery benchmarks ({@link DeliveryBench})
 * callback-latency                               buyer callback ack latency ({@link CallbackBench})
 * </pre>
 */
public final class Bench {
    /** Other processes' CPU (% of one core) above which a step waits before it starts. */
    private static final double QUIET_PERCENT = 25;
    private final Map<String, List<String>> opts;
    private final Path jar;
    private final Path work;
    private final int connections;
    private final int badPercent;
    private final List<String> serverFlags;

    private Bench(Map<String, List<String>> opts) {
        this.opts = opts;
        this.jar = Path.of(one("jar", "target/leadwire.jar")).toAbsolutePath();
        this.work = Path.of(one("work", "bench/target/runs")).toAbsolutePath();
        this.connections = Integer.parseInt(one("connections", "64"));
        this.badPercent = Integer.parseInt(one("bad-percent", "0"));
        this.serverFlags = opts.getOrDefault("server-flag", List.of("-Dsun.net.httpserver.nodelay=true"));
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Bench sweep|closed|kill9|decided|delivery-throughput|delivery-latency|nodes|callback-latency|dashboards [--option value]...  (see bench/README.md)");
            System.exit(2);
        }
        Map<String, List<String>> opts = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value at " + args[i]);
            }
            opts.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        Bench b = new Bench(opts);
        int code = switch (args[0]) {
            case "sweep" -> b.sweep();
            case "closed" -> b.closed();
            case "kill9" -> b.kill9();
            case "decided" -> b.decided();
            case "delivery-throughput" -> new DeliveryBench(opts).throughput();
            case "delivery-latency" -> new DeliveryBench(opts).latency();
            case "nodes" -> new DeliveryBench(opts).nodes();
            case "callback-latency" -> new CallbackBench(opts).latency();
            case "dashboards" -> new DashboardBench(opts).run();
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        System.exit(code);
    }

    private String one(String name, String dflt) {
        List<String> v = opts.get(name);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    private String runId() {
        return "b" + Long.toString(System.currentTimeMillis(), 36);
    }

    private Path freshDataDir(String name) throws IOException {
        Files.createDirectories(work);
        return Files.createTempDirectory(work, name + "-");
    }

    private void banner(String what) {
        System.out.printf(Locale.ROOT, "%n## %s%n%n", what);
        System.out.printf(Locale.ROOT, "server JVM flags: %s; bench connections: %d; bad leads: %d%%; cores: %d; "
                        + "java %s%n%n", String.join(" ", serverFlags), connections, badPercent,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    private int sweep() throws Exception {
        String config = one("config", "default");
        int seconds = Integer.parseInt(one("seconds", "10"));
        int warmup = Integer.parseInt(one("warmup", "8"));
        int drain = Integer.parseInt(one("drain", "10"));
        int pause = Integer.parseInt(one("pause", "2"));
        int quietWait = Integer.parseInt(one("quiet-wait", "60"));
        List<Integer> rates = Stream.of(one("rates", "500,1000,2000,3000,4000,5000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        banner("sweep: " + config);
        Path dir = freshDataDir(config);
        String key = ServerProcess.addVendor(jar, dir, "bench-vendor");
        ServerProcess server = ServerProcess.start(jar, dir, serverFlags, dir.resolve("serve.log"));
        String run = runId();
        List<StepStats> steps = new ArrayList<>();
        try {
            LeadRequests requests = new LeadRequests(server.port(), key, 7, 2000, badPercent);
            try (LoadGenerator gen = new LoadGenerator(server.port(), server.pid(), requests, connections, 10_000,
                    null)) {
                if (warmup > 0) {
                    StepStats w = gen.openLoop("warm-up", run + "-w-", 2000, warmup, drain);
                    System.out.println("warm-up (not reported): " + w.acked.sum() + " acked, errors " + w.errorSummary());
                }
                System.out.println(StepStats.header());
                for (int rate : rates) {
                    Thread.sleep(pause * 1000L);
                    double other = gen.waitForQuiet(QUIET_PERCENT, quietWait);
                    String label = rate + "/s" + (other > QUIET_PERCENT ? String.format(Locale.ROOT,
                            " (busy: others %.0f%% before)", other) : "");
                    StepStats s = gen.openLoop(label, run + "-s" + steps.size() + "-", rate, seconds, drain);
                    steps.add(s);
                    System.out.println(s.row());
                }
            }
        } finally {
            int exit = server.stop();
            System.out.println();
            System.out.println("serve exit code after SIGTERM: " + exit);
            cleanUp(dir);
        }
        return 0;
    }

    private int closed() throws Exception {
        int seconds = Integer.parseInt(one("seconds", "10"));
        String config = one("config", "closed");
        banner("closed loop (max throughput), " + connections + " connections: " + config);
        Path dir = freshDataDir(config);
        String key = ServerProcess.addVendor(jar, dir, "bench-vendor");
        ServerProcess server = ServerProcess.start(jar, dir, serverFlags, dir.resolve("serve.log"));
        String run = runId();
        try {
            LeadRequests requests = new LeadRequests(server.port(), key, 11, 2000, badPercent);
            try (LoadGenerator gen = new LoadGenerator(server.port(), server.pid(), requests, connections, 10_000,
                    null)) {
                gen.openLoop("warm-up", run + "-w-", 1000, 5, 10);
                Thread.sleep(2000);
                double other = gen.waitForQuiet(QUIET_PERCENT, Integer.parseInt(one("quiet-wait", "60")));
                StepStats s = gen.closedLoop(other > QUIET_PERCENT ? config + " (busy)" : config, run + "-c-",
                        seconds, 10);
                System.out.println(StepStats.header());
                System.out.println(s.row());
                System.out.println("(closed loop: latency is service time per request, not an open-loop ack latency)");
            }
        } finally {
            System.out.println("serve exit code after SIGTERM: " + server.stop());
            cleanUp(dir);
        }
        return 0;
    }

    private int kill9() throws Exception {
        int kills = Integer.parseInt(one("kills", "3"));
        int rate = Integer.parseInt(one("rate", "2000"));
        banner("kill -9: " + kills + " kills at " + rate + " leads/s offered");
        Path dir = freshDataDir("kill9");
        String key = ServerProcess.addVendor(jar, dir, "bench-vendor");
        Path log = dir.resolve("serve.log");
        ServerProcess server = ServerProcess.start(jar, dir, serverFlags, log);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Random random = new Random(99);
        String run = runId();
        long totalMissing = 0;
        System.out.println("| kill | acked before kill | acked total | stored after restart | acked but missing "
                + "| stored, not acked | errors around kill | restart s |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---|---:|");
        try {
            for (int k = 1; k <= kills; k++) {
                int before = acked.size();
                LeadRequests requests = new LeadRequests(server.port(), key, 100 + k, 2000, 0);
                LoadGenerator gen = new LoadGenerator(server.port(), server.pid(), requests, connections, 5_000,
                        acked::add);
                StepStats[] result = new StepStats[1];
                String prefix = run + "-k" + k + "-";
                String label = "kill" + k;
                Thread load = new Thread(() -> result[0] = gen.openLoop(label, prefix, rate, 30, 5), "load");
                load.start();
                Thread.sleep(2000 + random.nextInt(2000));
                server.kill9();
                gen.abort();
                load.join();
                gen.close();
                long t = System.nanoTime();
                server = ServerProcess.start(jar, dir, serverFlags, log);
                double restart = (System.nanoTime() - t) / 1e9;
                Set<String> stored = storedLeadIds(dir, run);
                long missing = acked.stream().filter(id -> !stored.contains(id)).count();
                long unacked = stored.stream().filter(id -> !acked.contains(id)).count();
                totalMissing += missing;
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %s | %.1f |%n", k, acked.size() - before,
                        acked.size(), stored.size(), missing, unacked, result[0].errorSummary(), restart);
            }
        } finally {
            System.out.println();
            System.out.println("serve exit code after SIGTERM: " + server.stop());
        }
        System.out.println("acknowledged leads: " + acked.size() + ", missing after restart: " + totalMissing
                + (totalMissing == 0 ? " (PASS)" : " (FAIL)"));
        if (totalMissing == 0) {
            cleanUp(dir);
        } else {
            System.out.println("data dir kept for inspection: " + shown(dir));
        }
        return totalMissing == 0 ? 0 : 1;
    }

    /**
     * Received → decided latency at a fixed open-loop rate. The server runs with its quality stage
     * as shipped; after the step (and a settle pause for the stage to catch up) it gets SIGTERM, and
     * the bench reads each lead's timeline from the stopped engine's H2 file: the "received" event
     * and the first event after it (the decision: accepted / quarantined / rejected).
     */
    private int decided() throws Exception {
        int rate = Integer.parseInt(one("rate", "1000"));
        int seconds = Integer.parseInt(one("seconds", "10"));
        int warmup = Integer.parseInt(one("warmup", "6"));
        int settle = Integer.parseInt(one("settle", "3"));
        String config = one("config", "decided");
        banner("received → decided: " + config + ", " + rate + " leads/s for " + seconds + " s");
        Path dir = freshDataDir("decided");
        String key = ServerProcess.addVendor(jar, dir, "bench-vendor");
        ServerProcess server = ServerProcess.start(jar, dir, serverFlags, dir.resolve("serve.log"));
        String run = runId();
        String prefix = run + "-d-";
        StepStats s;
        DecisionProbe probe = null;
        Thread probeThread = null;
        boolean stopped = false;
        int exit;
        try {
            LeadRequests requests = new LeadRequests(server.port(), key, 13, 2000, badPercent);
            try (LoadGenerator gen = new LoadGenerator(server.port(), server.pid(), requests, connections, 10_000,
                    null)) {
                if (warmup > 0) {
                    StepStats w = gen.openLoop("warm-up", run + "-w-", rate, warmup, 10);
                    System.out.println("warm-up (not reported): " + w.acked.sum() + " acked at " + rate
                            + "/s, errors " + w.errorSummary());
                }
                Thread.sleep(2000);
                double other = gen.waitForQuiet(QUIET_PERCENT, Integer.parseInt(one("quiet-wait", "60")));
                String label = rate + "/s" + (other > QUIET_PERCENT ? String.format(Locale.ROOT,
                        " (busy: others %.0f%% before)", other) : "");
                int probeMs = Integer.parseInt(one("probe-ms", "50"));
                if (probeMs > 0) {
                    probe = new DecisionProbe(server.port(), key, run + "-p-", probeMs, seconds);
                    probeThread = new Thread(probe, "decision-probe");
                    probeThread.setDaemon(true);
                    probeThread.start();
                }
                s = gen.openLoop(label, prefix, rate, seconds, 10);
                if (probeThread != null) {
                    probeThread.join(10_000);
                    probeThread.interrupt();
                }
                System.out.println("intake acknowledgements of the measured step (for reference):");
                System.out.println(StepStats.header());
                System.out.println(s.row());
            }
            Thread.sleep(settle * 1000L);
        } finally {
            exit = server.stop();
            stopped = true;
            System.out.println();
            System.out.println("serve exit code after SIGTERM: " + exit);
        }
        int code = stopped ? reportDecided(dir, prefix, rate, seconds, s.acked.sum()) : 1;
        if (probe != null) {
            org.HdrHistogram.Histogram o = probe.observedMicros;
            System.out.println();
            System.out.printf(Locale.ROOT, "cross-check from outside (DecisionProbe: 1 extra lead every %s ms on its own "
                    + "connection, GET /api/v1/leads/{id} every 2 ms until decided; failures %d):%n",
                    one("probe-ms", "50"), probe.failures);
            System.out.println();
            System.out.println("| probe leads | measured | p50 ms | p90 ms | p99 ms | max ms |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            System.out.printf(Locale.ROOT, "| client: POST sent → first GET showing a decision (upper bound) | %d | %.2f "
                    + "| %.2f | %.2f | %.2f |%n", o.getTotalCount(), o.getValueAtPercentile(50) / 1e3,
                    o.getValueAtPercentile(90) / 1e3, o.getValueAtPercentile(99) / 1e3, o.getMaxValue() / 1e3);
            org.HdrHistogram.Histogram t = timelineMicros(dir, run + "-p-");
            System.out.printf(Locale.ROOT, "| same leads, timeline stamps (decision at − received at) | %d | %.2f "
                    + "| %.2f | %.2f | %.2f |%n", t.getTotalCount(), t.getValueAtPercentile(50) / 1e3,
                    t.getValueAtPercentile(90) / 1e3, t.getValueAtPercentile(99) / 1e3, t.getMaxValue() / 1e3);
        }
        cleanUp(dir);
        return code;
    }

    private static int reportDecided(Path dir, String prefix, int rate, int seconds, long acked)
            throws SQLException, IOException {
        String password = Files.readString(dir.resolve("db").resolve("credentials")).strip();
        org.HdrHistogram.Histogram micros = new org.HdrHistogram.Histogram(600_000_000L, 3);
        Map<String, Long> statuses = new java.util.TreeMap<>();
        long leads = 0;
        long undecided = 0;
        long negative = 0;
        long minMicros = Long.MAX_VALUE;
        Map<java.time.OffsetDateTime, Long> batches = new HashMap<>();
        try (Connection c = DriverManager.getConnection(Database.embeddedUrl(dir), "leadwire", password);
             PreparedStatement ps = c.prepareStatement("SELECT l.id, l.status, e.type, e.at FROM lead l "
                     + "JOIN lead_event e ON e.lead_id = l.id WHERE l.vendor_lead_id LIKE ? ORDER BY l.id, e.seq")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                String current = null;
                java.time.OffsetDateTime received = null;
                boolean done = false;
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (!id.equals(current)) {
                        if (current != null && !done) {
                            undecided++;
                        }
                        current = id;
                        received = null;
                        done = false;
                        leads++;
                        statuses.merge(rs.getString(2), 1L, Long::sum);
                    }
                    String type = rs.getString(3);
                    java.time.OffsetDateTime at = rs.getObject(4, java.time.OffsetDateTime.class);
                    if ("received".equals(type)) {
                        received = at;
                    } else if (received != null && !done) {
                        long us = java.time.Duration.between(received, at).toNanos() / 1_000;
                        minMicros = Math.min(minMicros, us);
                        if (us < 0) {
                            negative++;
                        }
                        micros.recordValue(Math.max(0, us));
                        batches.merge(at, 1L, Long::sum); // one decideAll transaction stamps all its leads with one 'now'
                        done = true;
                    }
                }
                if (current != null && !done) {
                    undecided++;
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "leads of the measured step in the store: %d (acknowledged: %d); status: %s%n",
                leads, acked, statuses);
        System.out.println();
        System.out.println("| offered/s | seconds | decided | undecided | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
                + "| min ms | decided before received |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d |%n",
                rate, seconds, micros.getTotalCount(), undecided, micros.getValueAtPercentile(50) / 1e3,
                micros.getValueAtPercentile(90) / 1e3, micros.getValueAtPercentile(99) / 1e3,
                micros.getValueAtPercentile(99.9) / 1e3, micros.getMaxValue() / 1e3,
                minMicros == Long.MAX_VALUE ? Double.NaN : minMicros / 1e3, negative);
        System.out.println();
        long maxBatch = batches.values().stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf(Locale.ROOT, "decision timestamps: %d distinct (≈ quality-stage transactions), "
                + "%.1f leads per transaction on average, at most %d%n", batches.size(),
                batches.isEmpty() ? 0.0 : (double) micros.getTotalCount() / batches.size(), maxBatch);
        System.out.println("(latency = 'at' of the decision event − 'at' of the received event, per lead, from "
                + "lead_event; negative differences are counted in the last column and recorded as 0)");
        return undecided == 0 && leads == acked ? 0 : 1;
    }

    /** Decision at − received at (µs, negatives as 0) for the leads whose vendor lead id starts with prefix. */
    private static org.HdrHistogram.Histogram timelineMicros(Path dir, String prefix) throws SQLException, IOException {
        String password = Files.readString(dir.resolve("db").resolve("credentials")).strip();
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(600_000_000L, 3);
        try (Connection c = DriverManager.getConnection(Database.embeddedUrl(dir), "leadwire", password);
             PreparedStatement ps = c.prepareStatement("SELECT r.at, (SELECT MIN(d.at) FROM lead_event d "
                     + "WHERE d.lead_id = l.id AND d.seq > r.seq) FROM lead l JOIN lead_event r ON r.lead_id = l.id "
                     + "AND r.type = 'received' WHERE l.vendor_lead_id LIKE ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.time.OffsetDateTime r = rs.getObject(1, java.time.OffsetDateTime.class);
                    java.time.OffsetDateTime d = rs.getObject(2, java.time.OffsetDateTime.class);
                    if (d != null) {
                        h.recordValue(Math.max(0, java.time.Duration.between(r, d).toNanos() / 1_000));
                    }
                }
            }
        }
        return h;
    }

    /** Vendor lead ids of this run, read through H2's auto-server from the running engine's database. */
    private static Set<String> storedLeadIds(Path dataDir, String run) throws SQLException, IOException {
        Set<String> ids = new HashSet<>();
        // The embedded database has its own user and a random password in an owner-only file.
        String password = java.nio.file.Files.readString(dataDir.resolve("db").resolve("credentials")).strip();
        try (Connection c = DriverManager.getConnection(Database.embeddedUrl(dataDir), "leadwire", password);
             PreparedStatement ps = c.prepareStatement("SELECT vendor_lead_id FROM lead WHERE vendor_lead_id LIKE ?")) {
            ps.setString(1, run + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private void cleanUp(Path dir) throws IOException {
        if (opts.containsKey("keep")) {
            System.out.println("data dir kept: " + shown(dir));
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A path as the results print it: relative to where the bench runs, so results name no machine's folders. */
    static String shown(java.nio.file.Path p) {
        java.nio.file.Path here = java.nio.file.Path.of("").toAbsolutePath();
        java.nio.file.Path abs = p.toAbsolutePath();
        return abs.startsWith(here) ? here.relativize(abs).toString() : abs.toString();
    }
}
