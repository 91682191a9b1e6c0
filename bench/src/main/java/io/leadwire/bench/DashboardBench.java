package io.leadwire.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.app.Engine;
import io.leadwire.app.EngineConfig;
import io.leadwire.delivery.DeadLetterDesk;
import io.leadwire.quality.QuarantineDesk;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.Database;
import io.leadwire.metrics.FiguresStage;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.QuarantineRepository;
import io.leadwire.ui.ConsoleServices;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.dashboards.DashboardsViewModel;
import io.leadwire.ui.dashboards.DashboardsViewModel.Dashboard;
import io.leadwire.ui.dashboards.RangeChoice;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Dashboards on a big store: generates {@code --leads} leads (default 1,000,000) over
 * {@code --days} days (30) from {@code --vendors} vendors (20) to {@code --buyers} buyers (10) with
 * their deliveries, attempts and outcomes (batch SQL into an H2 file database), times the figures
 * catch-up over all of it, then times the Dashboards ViewModel reading each dashboard for the last
 * 24 hours, 7 days and 30 days: the same {@code DashboardsViewModel.refresh()} the screen runs,
 * here on the calling thread ({@link CurrentThreadUiExecutor}).
 */
final class DashboardBench {
    private static final String[] STATUSES = {"DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED",
        "DELIVERED", "DELIVERED", "QUARANTINED", "REJECTED", "UNSOLD"};
    private static final int BATCH = 5_000;
    private static final int RUNS = 5;

    private final int leads;
    private final int vendors;
    private final int buyers;
    private final int days;
    private final Path work;
    private final String reuse;
    private final boolean keep;

    DashboardBench(Map<String, List<String>> opts) {
        this.leads = Integer.parseInt(one(opts, "leads", "1000000"));
        this.vendors = Integer.parseInt(one(opts, "vendors", "20"));
        this.buyers = Integer.parseInt(one(opts, "buyers", "10"));
        this.days = Integer.parseInt(one(opts, "days", "30"));
        this.work = Path.of(one(opts, "work", "bench/target/runs")).toAbsolutePath();
        this.reuse = one(opts, "data-dir", null);
        this.keep = Boolean.parseBoolean(one(opts, "keep", "false")) || reuse != null;
    }

    private static String one(Map<String, List<String>> opts, String name, String dflt) {
        List<String> v = opts.get(name);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    int run() throws Exception {
        System.out.printf(Locale.ROOT, "%n## Dashboards on a big store%n%n");
        System.out.printf(Locale.ROOT, "cores: %d; java %s; max heap %,d MB%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        Path dataDir;
        if (reuse != null) {
            dataDir = Path.of(reuse).toAbsolutePath();
            System.out.println("reusing the store in " + Bench.shown(dataDir) + " (no generation, no catch-up)");
            try (Database db = Database.open(Database.embeddedUrl(dataDir), null, null, 2)) {
                Instant now = Instant.now();
                long t = System.nanoTime();
                int pruned = new FiguresRepository(db.dataSource(), Clock.systemUTC()).prune(
                        now.minus(FiguresStage.MINUTES_KEPT), now.minus(FiguresStage.HOURS_KEPT));
                System.out.printf(Locale.ROOT, "pruned %,d old minute buckets in %.1f s%n", pruned, seconds(t));
            }
        } else {
            Files.createDirectories(work);
            dataDir = Files.createTempDirectory(work, "dashboards-");
            generate(dataDir);
        }
        try {
            time(dataDir);
        } finally {
            if (!keep) {
                delete(dataDir);
            } else {
                System.out.println("\nstore kept in " + Bench.shown(dataDir) + " (rerun with --data-dir " + Bench.shown(dataDir) + ")");
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------ generation

    private void generate(Path dataDir) throws Exception {
        Clock clock = Clock.systemUTC();
        List<String> vendorIds = new ArrayList<>();
        List<String> buyerIds = new ArrayList<>();
        long t0 = System.nanoTime();
        try (Engine engine = Engine.start(config(dataDir), "bench dashboards (setup)", clock)) {
            for (int v = 0; v < vendors; v++) {
                vendorIds.add(engine.vendors().add(String.format(Locale.ROOT, "Vendor %02d", v + 1), List.of())
                        .vendor().id());
            }
            for (int b = 0; b < buyers; b++) {
                String name = String.format(Locale.ROOT, "Buyer %02d", b + 1);
                engine.buyers().importFile(buyerFile(name), null, "bench");
            }
            engine.buyers().list().stream().sorted(Comparator.comparing(r -> r.name()))
                    .forEach(r -> buyerIds.add(r.id()));
        }
        System.out.printf(Locale.ROOT, "engine set up (%d vendors, %d buyers) in %.1f s%n", vendors, buyers,
                seconds(t0));

        Instant end = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(days));
        long span = Duration.between(start, end).getSeconds();
        Random random = new Random(7);
        Counts counts = new Counts();
        long t1 = System.nanoTime();
        try (Database db = Database.open(Database.embeddedUrl(dataDir), null, null, 2);
             Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lead = c.prepareStatement("INSERT INTO lead (id, vendor_id, vendor_lead_id, "
                    + "received_at, status, content_type, raw_payload, fields_json, first_name, last_name, email, "
                    + "phone, country, remote_ip) VALUES (?, ?, ?, ?, ?, 'application/json', ?, ?, ?, ?, ?, ?, 'US', "
                    + "'127.0.0.1')");
                 PreparedStatement delivery = c.prepareStatement("INSERT INTO delivery (id, lead_id, buyer_id, round, "
                         + "status, attempts, idempotency_key, price, error_class, created_at, updated_at, finished_at) "
                         + "VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement attempt = c.prepareStatement("INSERT INTO delivery_attempt (delivery_id, attempt, "
                         + "started_at, latency_ms, request_method, request_url, request_headers, request_body, "
                         + "response_status, outcome, error_class) VALUES (?, ?, ?, ?, 'POST', "
                         + "'https://buyer.example/leads', '', '{}', ?, ?, ?)");
                 PreparedStatement outcome = c.prepareStatement("INSERT INTO lead_outcome (at, lead_id, vendor_id, "
                         + "buyer_id, kind, label, amount) VALUES (?, ?, ?, ?, ?, NULL, ?)");
                 PreparedStatement deadLetter = c.prepareStatement("INSERT INTO dead_letter (lead_id, at, reason) "
                         + "VALUES (?, ?, 'waterfall_exhausted')")) {
                // Leads in time order, as an intake would store them: seq follows received_at.
                long[] offsets = new long[leads];
                for (int i = 0; i < leads; i++) {
                    offsets[i] = (long) (random.nextDouble() * span);
                }
                Arrays.sort(offsets);
                Map<String, long[]> quality = new HashMap<>();
                for (int i = 0; i < leads; i++) {
                    Instant at = start.plusSeconds(offsets[i]);
                    int v = (int) Math.min(vendors - 1, Math.abs(random.nextGaussian()) * vendors / 2.5);
                    String vendorId = vendorIds.get(v);
                    String status = STATUSES[random.nextInt(STATUSES.length)];
                    String id = seqId(1, i);
                    String vendorLeadId = "L" + i;
                    String email = "lead" + i + "@example.com";
                    lead.setString(1, id);
                    lead.setString(2, vendorId);
                    lead.setString(3, vendorLeadId);
                    lead.setObject(4, ts(at));
                    lead.setString(5, status);
                    lead.setString(6, "{\"lead_id\":\"" + vendorLeadId + "\",\"email\":\"" + email + "\"}");
                    lead.setString(7, "{\"lead_id\":\"" + vendorLeadId + "\",\"first_name\":\"Lee\",\"email\":\""
                            + email + "\"}");
                    lead.setString(8, "Lee");
                    lead.setString(9, "Bench");
                    lead.setString(10, email);
                    lead.setString(11, "+1555" + (1000000 + i % 9000000));
                    lead.addBatch();
                    counts.leads++;
                    long[] q = quality.computeIfAbsent(vendorId + "|" + at.truncatedTo(ChronoUnit.HOURS),
                            k -> new long[8]);
                    q[0]++;
                    q[1] += status.equals("QUARANTINED") || status.equals("REJECTED") ? 0 : 1;
                    q[2] += status.equals("QUARANTINED") ? 1 : 0;
                    q[3] += status.equals("REJECTED") ? 1 : 0;
                    q[4] += random.nextInt(25) == 0 ? 1 : 0;
                    q[5] += random.nextInt(30) == 0 ? 1 : 0;
                    q[6] += random.nextInt(40) == 0 ? 1 : 0;
                    q[7] += random.nextInt(60) == 0 ? 1 : 0;
                    if (status.equals("DELIVERED") || status.equals("UNSOLD")) {
                        int b = random.nextInt(buyers);
                        String buyerId = buyerIds.get(b);
                        boolean sold = status.equals("DELIVERED");
                        boolean retried = random.nextInt(10) == 0;
                        String deliveryId = seqId(2, i);
                        Instant created = at.plusMillis(200);
                        delivery.setString(1, deliveryId);
                        delivery.setString(2, id);
                        delivery.setString(3, buyerId);
                        delivery.setString(4, sold ? "ACCEPTED" : "FAILED");
                        delivery.setInt(5, retried ? 2 : 1);
                        delivery.setString(6, deliveryId);
                        delivery.setBigDecimal(7, sold ? BigDecimal.valueOf(15 + b) : null);
                        delivery.setString(8, sold ? null : "unavailable");
                        delivery.setObject(9, ts(created));
                        delivery.setObject(10, ts(created));
                        delivery.setObject(11, ts(created.plusSeconds(retried ? 31 : 1)));
                        delivery.addBatch();
                        counts.deliveries++;
                        long latency = (long) (40 + 30 * b + Math.abs(random.nextGaussian()) * 120 * (1 + b % 3));
                        if (retried) {
                            addAttempt(attempt, deliveryId, 1, created, latency * 4, 503, "error", "unavailable");
                            counts.attempts++;
                        }
                        addAttempt(attempt, deliveryId, retried ? 2 : 1, created.plusSeconds(retried ? 30 : 0),
                                latency, sold ? 200 : 503, sold ? "accepted" : "error", sold ? null : "unavailable");
                        counts.attempts++;
                        Instant decidedAt = created.plusSeconds(retried ? 31 : 1);
                        addOutcome(outcome, decidedAt, id, vendorId, buyerId, sold ? "accepted" : "failed",
                                sold ? BigDecimal.valueOf(15 + b) : null);
                        counts.outcomes++;
                        if (sold && random.nextInt(40) == 0) {
                            addOutcome(outcome, decidedAt.plus(Duration.ofHours(6)), id, vendorId, buyerId, "return",
                                    BigDecimal.valueOf(15 + b));
                            counts.outcomes++;
                        } else if (sold && random.nextInt(12) == 0) {
                            addOutcome(outcome, decidedAt.plus(Duration.ofHours(30)), id, vendorId, buyerId,
                                    "conversion", BigDecimal.valueOf(400));
                            counts.outcomes++;
                        }
                        if (!sold) {
                            deadLetter.setString(1, id);
                            deadLetter.setObject(2, ts(decidedAt));
                            deadLetter.addBatch();
                        }
                    }
                    if ((i + 1) % BATCH == 0 || i == leads - 1) {
                        lead.executeBatch();
                        delivery.executeBatch();
                        attempt.executeBatch();
                        outcome.executeBatch();
                        deadLetter.executeBatch();
                        if ((i + 1) % (10 * BATCH) == 0 || i == leads - 1) {
                            c.commit();
                        }
                    }
                    if ((i + 1) % 200_000 == 0) {
                        System.out.printf(Locale.ROOT, "  %,d leads stored (%.0f s)%n", i + 1, seconds(t1));
                    }
                }
                try (PreparedStatement q = c.prepareStatement("INSERT INTO quality_figures (vendor_id, bucket_start, "
                        + "decided, accepted, quarantined, rejected, duplicates, invalid_email, invalid_phone, "
                        + "geo_mismatch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (Map.Entry<String, long[]> e : quality.entrySet()) {
                        String[] key = e.getKey().split("\\|");
                        q.setString(1, key[0]);
                        q.setObject(2, ts(Instant.parse(key[1])));
                        for (int k = 0; k < 8; k++) {
                            q.setLong(3 + k, e.getValue()[k]);
                        }
                        q.addBatch();
                    }
                    q.executeBatch();
                    c.commit();
                }
                storeQualityFigures(c, quality, clock.instant());
                // The gauges the executive dashboard reads, as the writers would have kept them.
                try (Statement g = c.createStatement()) {
                    g.executeUpdate("UPDATE store_gauge SET amount = (SELECT COUNT(*) FROM lead "
                            + "WHERE status = 'QUARANTINED') WHERE name = 'lead.quarantined'");
                    g.executeUpdate("UPDATE store_gauge SET amount = (SELECT COUNT(*) FROM dead_letter "
                            + "WHERE resolved_at IS NULL) WHERE name = 'dead_letter.open'");
                }
                c.commit();
            }
            System.out.printf(Locale.ROOT, "stored %,d leads, %,d deliveries, %,d attempts, %,d outcomes in %.1f s%n",
                    counts.leads, counts.deliveries, counts.attempts, counts.outcomes, seconds(t1));

            FiguresRepository figures = new FiguresRepository(db.dataSource(), clock, Duration.ofSeconds(5));
            long t2 = System.nanoTime();
            long rows = 0;
            long nextReport = 500_000;
            for (int n; (n = figures.catchUp(5000)) > 0; ) {
                rows += n;
                if (rows >= nextReport) {
                    System.out.printf(Locale.ROOT, "  catch-up: %,d rows (%.0f s)%n", rows, seconds(t2));
                    nextReport += 500_000;
                }
            }
            System.out.printf(Locale.ROOT, "figures catch-up: %,d source rows into buckets in %.1f s (%,.0f rows/s), "
                    + "batches of 5,000 per source%n", rows, seconds(t2), rows / seconds(t2));
            // The figures stage keeps minute buckets 3 days and hour buckets 120 days, pruning once an
            // hour; a store filled in one go has 30 days of minute buckets, which the engine's first
            // prune would delete while the dashboards are being timed (holding the figure table).
            long t3 = System.nanoTime();
            Instant now = clock.instant();
            int pruned = figures.prune(now.minus(FiguresStage.MINUTES_KEPT), now.minus(FiguresStage.HOURS_KEPT));
            System.out.printf(Locale.ROOT, "pruned %,d minute buckets older than %d days, as the figures stage does, "
                    + "in %.1f s%n", pruned, FiguresStage.MINUTES_KEPT.toDays(), seconds(t3));
            try (PreparedStatement count = c.prepareStatement("SELECT grain, COUNT(*) FROM figure GROUP BY grain");
                 var rs = count.executeQuery()) {
                StringBuilder line = new StringBuilder("figure rows by grain:");
                while (rs.next()) {
                    line.append(' ').append(rs.getString(1)).append('=').append(String.format(Locale.ROOT, "%,d",
                            rs.getLong(2)));
                }
                System.out.println(line);
            }
            c.commit();
        }
        System.out.printf(Locale.ROOT, "store size on disk: %,d MB%n%n", size(dataDir) >> 20);
    }

    private static void addAttempt(PreparedStatement ps, String deliveryId, int n, Instant at, long latency,
                                   int status, String outcome, String error) throws SQLException {
        ps.setString(1, deliveryId);
        ps.setInt(2, n);
        ps.setObject(3, ts(at));
        ps.setLong(4, latency);
        ps.setInt(5, status);
        ps.setString(6, outcome);
        ps.setString(7, error);
        ps.addBatch();
    }

    private static void addOutcome(PreparedStatement ps, Instant at, String leadId, String vendorId, String buyerId,
                                   String kind, BigDecimal amount) throws SQLException {
        ps.setObject(1, ts(at));
        ps.setString(2, leadId);
        ps.setString(3, vendorId);
        ps.setString(4, buyerId);
        ps.setString(5, kind);
        ps.setBigDecimal(6, amount);
        ps.addBatch();
    }

    private static final class Counts {
        long leads;
        long deliveries;
        long attempts;
        long outcomes;
    }

    // ------------------------------------------------------------------ timing

    private void time(Path dataDir) throws Exception {
        try (Engine engine = Engine.start(config(dataDir), "bench dashboards", Clock.systemUTC())) {
            engine.buyerDirectory().refreshNow();
            ConsoleServices services = services(engine, dataDir);
            System.out.println("Dashboards ViewModel refresh (DashboardsViewModel.refresh() on the calling thread; "
                    + "the dashboard's whole read: figures, quality, health counts, buyer state). "
                    + "first = the first read of that dashboard and range after the engine started; then the median "
                    + "and max of " + RUNS + " more.");
            System.out.println();
            System.out.println("| dashboard | range | grain | first ms | median ms | max ms |");
            System.out.println("|---|---|---|---:|---:|---:|");
            DashboardsViewModel vm = new DashboardsViewModel(services, new CurrentThreadUiExecutor());
            for (RangeChoice range : List.of(RangeChoice.LAST_DAY, RangeChoice.LAST_WEEK, RangeChoice.LAST_MONTH)) {
                vm.rangeProperty().set(range);
                for (Dashboard d : Dashboard.values()) {
                    vm.dashboardProperty().set(d);
                    double first = refresh(vm);
                    double[] ms = new double[RUNS];
                    for (int i = 0; i < RUNS; i++) {
                        ms[i] = refresh(vm);
                    }
                    Arrays.sort(ms);
                    System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.0f |%n", d.title(), range.label(),
                            io.leadwire.store.FiguresRepository.Grain.forRange(range.length()).name().toLowerCase(
                                    Locale.ROOT), first, ms[RUNS / 2], ms[RUNS - 1]);
                }
            }
            // The vendor dashboard comparing three vendors, and a drill-down page, for the record.
            vm.rangeProperty().set(RangeChoice.LAST_MONTH);
            vm.dashboardProperty().set(Dashboard.VENDORS);
            List<String> three = vm.vendorOptions().stream().limit(3).map(o -> o.id()).toList();
            vm.selectedVendorIds().setAll(three);
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                ms[i] = refresh(vm);
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "| Vendors, 3 chosen | 30 days | day | – | %.0f | %.0f |%n", ms[RUNS / 2],
                    ms[RUNS - 1]);
            var volume = vm.getVendors().volume();
            var series = volume.series().get(0);
            var busiest = series.points().stream().max(Comparator.comparingDouble(p -> p.value())).orElseThrow();
            long t = System.nanoTime();
            vm.drillDown(volume, series, busiest);
            System.out.printf(Locale.ROOT, "%ndrill-down: first page (%d of %,.0f leads of %s on %s) in %.0f ms%n",
                    vm.drillRows().size(), busiest.value(), series.name(), busiest.label(),
                    (System.nanoTime() - t) / 1e6);
        }
    }

    private static double refresh(DashboardsViewModel vm) {
        long t = System.nanoTime();
        vm.refresh();
        double ms = (System.nanoTime() - t) / 1e6;
        if (!vm.getErrorMessage().isEmpty()) {
            throw new IllegalStateException(vm.getErrorMessage());
        }
        return ms;
    }

    /** The services the console gets from {@code ConsoleMode}. */
    private static ConsoleServices services(Engine engine, Path dataDir) {
        ObjectMapper json = new ObjectMapper();
        QuarantineDesk quarantine = new QuarantineDesk(new QuarantineRepository(engine.database().dataSource(), json,
                engine.clock()), engine.leads(), engine.judge(), engine.qualitySettings(), json, engine.events(),
                engine.clock(), "bench");
        DeadLetterDesk deadLetters = new DeadLetterDesk(new DeadLetterRepository(engine.database().dataSource(), json,
                engine.clock(), engine.deliveries()), engine.buyerDirectory(), engine.delivery(), engine.judge(),
                engine.qualitySettings(), engine.events(), "bench");
        return new ConsoleServices(engine.events(), engine.clock(), engine.leads(), engine.refusals(),
                engine.vendors(), engine::intakeUrl, engine::state, dataDir.resolve("console.properties"),
                Optional.empty(), new MappingRepository(engine.database().dataSource()), engine.qualitySettings(),
                quarantine, engine.buyers(), engine.buyerDirectory(), engine.deliveries(), engine.delivery(),
                deadLetters, engine.alerts(), engine.figures(), engine.gauges(), engine.qualityFigures());
    }

    /** The embedded H2 file, named by URL so the bench can open it with plain JDBC between the two engine runs. */
    private static EngineConfig config(Path dataDir) {
        return new EngineConfig(dataDir, "127.0.0.1", 0, Database.embeddedUrl(dataDir), null, null, 65536);
    }

    private static String buyerFile(String name) {
        return "{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first_name\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"http://127.0.0.1:9/" + name.replace(' ', '-')
                + "\"}, \"price\": \"20.00\", \"caps\": {\"day\": 5000}}}";
    }

    /**
     * Ids in insertion order, shaped like the engine's UUIDs: random UUIDs would make H2 rewrite
     * pages all over each index on every commit, and generating the store would take most of an
     * hour on this machine (the store, not its generation, is what is measured).
     */
    private static String seqId(int kind, long n) {
        return String.format(Locale.ROOT, "%08d-0000-4000-8000-%012d", kind, n);
    }

    private static OffsetDateTime ts(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static final String[] QUALITY_METRICS = {"q.decided", "q.accepted", "q.quarantined", "q.rejected",
        "q.duplicates", "q.invalid_email", "q.invalid_phone", "q.geo_mismatch"};

    /**
     * The quality stage's counts as the vendors dashboard reads them: vendor metrics {@code q.*} in
     * hour and day buckets, and (for the last 3 days, which the figures stage keeps in minutes) in
     * the hour's first minute bucket. The stage adds them per minute as it decides; the generator
     * knows only each lead's hour, which is what the timed ranges (24 h and 7 d by hour, 30 d by
     * day) read anyway.
     */
    private static void storeQualityFigures(Connection c, Map<String, long[]> hourly, Instant now)
            throws SQLException {
        Map<String, long[]> rows = new HashMap<>();
        Instant minutesFrom = now.minus(FiguresStage.MINUTES_KEPT);
        for (Map.Entry<String, long[]> e : hourly.entrySet()) {
            String[] key = e.getKey().split("\\|");
            Instant hour = Instant.parse(key[1]);
            List<String> buckets = new ArrayList<>(List.of("h|" + hour, "d|" + hour.truncatedTo(ChronoUnit.DAYS)));
            if (!hour.isBefore(minutesFrom)) {
                buckets.add("m|" + hour);
            }
            for (String b : buckets) {
                long[] sum = rows.computeIfAbsent(key[0] + "|" + b, k -> new long[QUALITY_METRICS.length]);
                for (int k = 0; k < QUALITY_METRICS.length; k++) {
                    sum[k] += e.getValue()[k];
                }
            }
        }
        try (PreparedStatement in = c.prepareStatement("INSERT INTO figure (subject, subject_id, grain, bucket_start, "
                + "metric, amount) VALUES ('V', ?, ?, ?, ?, ?)")) {
            int n = 0;
            for (Map.Entry<String, long[]> e : rows.entrySet()) {
                String[] key = e.getKey().split("\\|");
                for (int k = 0; k < QUALITY_METRICS.length; k++) {
                    if (e.getValue()[k] == 0) {
                        continue;
                    }
                    in.setString(1, key[0]);
                    in.setString(2, key[1]);
                    in.setObject(3, ts(Instant.parse(key[2])));
                    in.setString(4, QUALITY_METRICS[k]);
                    in.setBigDecimal(5, java.math.BigDecimal.valueOf(e.getValue()[k]));
                    in.addBatch();
                    if (++n % BATCH == 0) {
                        in.executeBatch();
                    }
                }
            }
            in.executeBatch();
        }
        c.commit();
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static long size(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
