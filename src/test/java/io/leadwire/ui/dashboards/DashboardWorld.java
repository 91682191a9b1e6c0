package io.leadwire.ui.dashboards;

import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.ui.InMemoryConsole;
import io.leadwire.ui.RunningEngine;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Stores the source rows the figures stage counts (leads, deliveries, attempts, outcomes), the
 * quality stage's hourly counts, breaker changes and dead letters, as SQL rows on a fixed clock,
 * then runs the figures catch-up: the dashboards then read exactly these.
 */
final class DashboardWorld {
    /** The fixed "now" of every dashboard test: Saturday 5 December 2026, 14:30 UTC. */
    static final Instant NOW = Instant.parse("2026-12-05T14:30:00Z");
    static final Instant H10 = Instant.parse("2026-12-05T10:00:00Z");
    static final Instant H12 = Instant.parse("2026-12-05T12:00:00Z");
    static final Instant H13 = Instant.parse("2026-12-05T13:00:00Z");

    private final InMemoryConsole console;
    private final DataSource db;
    final Map<String, String> vendors = new LinkedHashMap<>();
    final Map<String, String> buyers = new LinkedHashMap<>();
    /** Deliveries of {@link #seedWeek()} waiting to be stored once their leads are. */
    private final List<Object[]> deliveries = new ArrayList<>();

    DashboardWorld(InMemoryConsole console) {
        this.console = console;
        this.db = console.database.dataSource();
    }

    String vendor(String name) {
        String id = console.vendors.add(name, List.of()).vendor().id();
        vendors.put(name, id);
        return id;
    }

    String buyer(String name, String extra) {
        console.buyers.importFile(buyerFile(name, extra), null, RunningEngine.OPERATOR);
        String id = console.buyers.list().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow().id();
        buyers.put(name, id);
        return id;
    }

    static String buyerFile(String name, String extra) {
        return "{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first_name\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"https://" + name.toLowerCase().replace(' ', '-')
                + ".example/leads\"}, \"price\": \"20.00\"" + (extra == null ? "" : ", " + extra) + "}}";
    }

    Lead lead(String vendorId, String vendorLeadId, Instant at, LeadStatus status, String first, String email) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("lead_id", vendorLeadId);
        fields.put("first_name", first);
        fields.put("last_name", "Lee");
        fields.put("email", email);
        Lead lead = new Lead(0, UUID.randomUUID().toString(), vendorId, vendorLeadId, at, status, "application/json",
                "{}", fields, "127.0.0.1");
        console.leads.insertAll(List.of(lead));
        return lead;
    }

    String delivery(Lead lead, String buyerId, String status, Instant created, int attempts) {
        String id = UUID.randomUUID().toString();
        exec("INSERT INTO delivery (id, lead_id, buyer_id, round, status, attempts, idempotency_key, created_at, "
                + "updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)", id, lead.id(), buyerId, status, attempts, id,
                ts(created), ts(created));
        return id;
    }

    void attempt(String delivery, int n, Instant at, long latency, String outcome, String errorClass) {
        exec("INSERT INTO delivery_attempt (delivery_id, attempt, started_at, latency_ms, request_method, "
                + "request_url, request_headers, request_body, outcome, error_class) "
                + "VALUES (?, ?, ?, ?, 'POST', 'https://buyer.example/', '', '{}', ?, ?)",
                delivery, n, ts(at), latency, outcome, errorClass);
    }

    void outcome(Lead lead, String buyerId, Instant at, String kind, String amount) {
        report(lead, buyerId, at, kind, null, amount);
    }

    /** An outcome with its label: a callback's status or feedback word ({@code kind} status / feedback). */
    void report(Lead lead, String buyerId, Instant at, String kind, String label, String amount) {
        exec("INSERT INTO lead_outcome (at, lead_id, vendor_id, buyer_id, kind, label, amount) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", ts(at), lead.id(), lead.vendorId(), buyerId, kind, label,
                amount == null ? null : new BigDecimal(amount));
    }

    private static final String[] QUALITY_METRICS = {"q.decided", "q.accepted", "q.quarantined", "q.rejected",
        "q.duplicates", "q.invalid_email", "q.invalid_phone", "q.geo_mismatch"};

    /**
     * The quality stage's decision counts for the vendor's leads received in {@code hour}: decided,
     * accepted, quarantined, rejected, duplicates, invalid email, invalid phone, geo mismatch. Added
     * to the figures' minute (the hour's first), hour and day buckets as the stage's {@code q.*}
     * vendor metrics, which the vendors dashboard reads.
     */
    void quality(String vendorId, Instant hour, long... counts) {
        String[][] grains = {{"m", hour.toString()}, {"h", hour.toString()},
            {"d", hour.truncatedTo(java.time.temporal.ChronoUnit.DAYS).toString()}};
        for (String[] g : grains) {
            Instant bucket = Instant.parse(g[1]);
            for (int i = 0; i < QUALITY_METRICS.length; i++) {
                if (counts[i] == 0) {
                    continue;
                }
                BigDecimal n = BigDecimal.valueOf(counts[i]);
                if (exec("UPDATE figure SET amount = amount + ? WHERE subject = 'V' AND grain = ? AND bucket_start = ? "
                        + "AND subject_id = ? AND metric = ?", n, g[0], ts(bucket), vendorId, QUALITY_METRICS[i]) == 0) {
                    exec("INSERT INTO figure (subject, grain, bucket_start, subject_id, metric, amount) "
                            + "VALUES ('V', ?, ?, ?, ?, ?)", g[0], ts(bucket), vendorId, QUALITY_METRICS[i], n);
                }
            }
        }
    }

    /**
     * The quality stage's score histogram (ten counts: 0-9, 10-19, ..., 90-100) for the vendor's
     * leads received in {@code hour}, in its hourly row of {@code quality_figures}.
     */
    void scores(String vendorId, Instant hour, long... histogram) {
        StringBuilder set = new StringBuilder("scored = ?");
        for (int i = 0; i < 10; i++) {
            set.append(", score_").append(i).append(" = ?");
        }
        Object[] args = new Object[13];
        args[0] = java.util.Arrays.stream(histogram).sum();
        for (int i = 0; i < 10; i++) {
            args[1 + i] = histogram[i];
        }
        args[11] = vendorId;
        args[12] = ts(hour);
        if (exec("UPDATE quality_figures SET " + set + " WHERE vendor_id = ? AND bucket_start = ?", args) == 0) {
            Object[] in = new Object[13];
            in[0] = vendorId;
            in[1] = ts(hour);
            System.arraycopy(args, 0, in, 2, 11);
            exec("INSERT INTO quality_figures (vendor_id, bucket_start, scored, score_0, score_1, score_2, score_3, "
                    + "score_4, score_5, score_6, score_7, score_8, score_9) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    in);
        }
    }

    void breaker(String buyerId, Instant at, String from, String to, String reason) {
        exec("INSERT INTO breaker_event (at, buyer_id, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?)",
                ts(at), buyerId, from, to, reason);
    }

    void deadLetter(Lead lead, Instant at, boolean resolved) {
        exec("INSERT INTO dead_letter (lead_id, at, reason, resolved_at) VALUES (?, ?, 'waterfall_exhausted', ?)",
                lead.id(), ts(at), resolved ? ts(at.plusSeconds(60)) : null);
        if (!resolved) { // as the routing stage counts the dead letters it opens
            exec("UPDATE store_gauge SET amount = amount + 1 WHERE name = 'dead_letter.open'");
        }
    }

    /** Adds every stored row to the figures, as the figures stage would. */
    void catchUp() {
        while (console.figureBuckets.catchUp(5000) > 0) {
            // until up to date
        }
    }

    /**
     * The small fixed data set the ViewModel tests check exact figures on (see the test class for
     * what it adds up to).
     */
    void seedFixed() {
        String acme = vendor("Acme Leads");
        String beta = vendor("Beta Media");
        String atlas = buyer("Atlas Insurance", null);
        String birch = buyer("Birch Loans", "\"caps\": {\"hour\": 10}");
        Lead a1 = lead(acme, "A-1", H10.plusSeconds(5 * 60), LeadStatus.DELIVERED, "Ann", "ann@example.com");
        Lead a2 = lead(acme, "A-2", H10.plusSeconds(10 * 60), LeadStatus.UNSOLD, "Bob", "bob@example.com");
        Lead a3 = lead(acme, "A-3", H10.plusSeconds(15 * 60), LeadStatus.DELIVERED, "Cy", "cy@example.com");
        lead(acme, "A-4", H10.plusSeconds(20 * 60), LeadStatus.REJECTED, "Di", "");
        lead(acme, "A-OLD", NOW.minus(Duration.ofDays(2)), LeadStatus.DELIVERED, "Ed", "ed@example.com");
        Lead b1 = lead(beta, "B-1", H12.plusSeconds(5 * 60), LeadStatus.UNSOLD, "Flo", "flo@example.com");
        lead(beta, "B-2", H12.plusSeconds(10 * 60), LeadStatus.QUARANTINED, "Gus", "gus@example");

        String d1 = delivery(a1, atlas, "ACCEPTED", H10.plusSeconds(6 * 60), 2);
        String d2 = delivery(a2, atlas, "REJECTED", H10.plusSeconds(11 * 60), 1);
        String d3 = delivery(a3, birch, "ACCEPTED", H10.plusSeconds(16 * 60), 1);
        String d4 = delivery(b1, atlas, "FAILED", H12.plusSeconds(6 * 60), 1);
        attempt(d1, 1, H10.plusSeconds(6 * 60), 40, "error", "timeout");
        attempt(d1, 2, H10.plusSeconds(7 * 60), 8, "accepted", null);
        attempt(d2, 1, H10.plusSeconds(11 * 60), 260, "rejected", null);
        attempt(d3, 1, H10.plusSeconds(16 * 60), 120, "accepted", null);
        attempt(d4, 1, H12.plusSeconds(6 * 60), 900, "error", "server_error");
        outcome(a1, atlas, H10.plusSeconds(7 * 60), "accepted", "20.00");
        outcome(a2, atlas, H10.plusSeconds(11 * 60), "rejected", null);
        outcome(a3, birch, H10.plusSeconds(16 * 60), "accepted", "30.00");
        outcome(b1, atlas, H12.plusSeconds(30 * 60), "failed", null);
        outcome(a1, atlas, H13, "return", "20.00");
        outcome(a3, birch, H13.plusSeconds(10 * 60), "conversion", "300");
        report(a1, atlas, H10.plusSeconds(30 * 60), "status", "contacted", null);
        report(a3, birch, H10.plusSeconds(40 * 60), "status", "contacted", null);
        report(a3, birch, H10.plusSeconds(41 * 60), "feedback", "answered", null);

        quality(acme, H10, 4, 3, 0, 1, 1, 1, 0, 0);
        quality(beta, H12, 2, 1, 1, 0, 0, 0, 1, 1);
        scores(acme, H10, 0, 0, 1, 0, 0, 0, 0, 2, 1, 0); // 20s, 70s, 70s, 80s
        scores(beta, H12, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0); // 30s, 50s
        breaker(atlas, H12.plusSeconds(7 * 60), "CLOSED", "OPEN", "5 failures in 10 calls");
        breaker(atlas, H12.plusSeconds(37 * 60), "OPEN", "HALF_OPEN", "cool-down over");
        deadLetter(b1, H12.plusSeconds(31 * 60), false);
        deadLetter(a2, H10.plusSeconds(12 * 60), true);
        catchUp();
    }

    /**
     * A livelier week for the rendering tests and the screenshots: four vendors with daily rhythm,
     * three buyers with their own latency and error habits, returns, conversions and a breaker that
     * opened and closed. Seeded, so every run draws the same pictures.
     */
    void seedWeek() {
        Random random = new Random(42);
        String[] vendorNames = {"Acme Leads", "Beta Media", "Cobalt Direct", "Delta Forms"};
        double[] vendorRate = {9, 6, 4, 2};
        for (String v : vendorNames) {
            vendor(v);
        }
        long[] buyerLatency = {90, 240, 600};
        double[] buyerErrors = {0.03, 0.08, 0.2};
        buyer("Atlas Insurance", "\"caps\": {\"day\": 400}");
        buyer("Birch Loans", "\"caps\": {\"hour\": 30}");
        buyer("Cedar Auto", null);
        List<String> buyerIds = new ArrayList<>(buyers.values());
        Instant start = NOW.minus(Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        int n = 0;
        List<Lead> batch = new ArrayList<>();
        for (Instant hour = start; hour.isBefore(NOW); hour = hour.plus(Duration.ofHours(1))) {
            int hod = hour.atZone(java.time.ZoneOffset.UTC).getHour();
            double rhythm = 0.35 + 0.65 * Math.max(0, Math.sin((hod - 6) / 24.0 * 2 * Math.PI));
            for (int v = 0; v < vendorNames.length; v++) {
                String vendorId = vendors.get(vendorNames[v]);
                int leads = (int) Math.round(vendorRate[v] * rhythm * (0.7 + 0.6 * random.nextDouble()));
                long decided = 0, accepted = 0, quarantined = 0, rejected = 0, dup = 0, email = 0, phone = 0,
                        geo = 0;
                long[] scores = new long[10];
                for (int i = 0; i < leads; i++) {
                    Instant at = hour.plusSeconds(random.nextInt(3600));
                    if (!at.isBefore(NOW)) {
                        continue;
                    }
                    n++;
                    double q = random.nextDouble();
                    LeadStatus status = q < 0.72 + 0.05 * v ? LeadStatus.DELIVERED
                            : q < 0.9 ? LeadStatus.QUARANTINED : LeadStatus.REJECTED;
                    decided++;
                    // A score from the same draw (the other figures stay as they were): sold leads
                    // score high, held and rejected ones low.
                    scores[Math.min(9, (int) (10 * (1 - 0.9 * q)))]++;
                    accepted += status == LeadStatus.DELIVERED ? 1 : 0;
                    quarantined += status == LeadStatus.QUARANTINED ? 1 : 0;
                    rejected += status == LeadStatus.REJECTED ? 1 : 0;
                    dup += random.nextDouble() < 0.04 * (v + 1) ? 1 : 0;
                    email += random.nextDouble() < 0.05 ? 1 : 0;
                    phone += random.nextDouble() < 0.03 * (v + 1) ? 1 : 0;
                    geo += random.nextDouble() < 0.02 ? 1 : 0;
                    Lead lead = new Lead(0, UUID.randomUUID().toString(), vendorId, "W-" + n, at, status,
                            "application/json", "{}", Map.of("lead_id", "W-" + n, "first_name", "Lead",
                            "last_name", String.valueOf(n), "email", "lead" + n + "@example.com"), "127.0.0.1");
                    batch.add(lead);
                    if (status != LeadStatus.DELIVERED) {
                        continue;
                    }
                    int b = random.nextInt(buyerIds.size());
                    String buyerId = buyerIds.get(b);
                    boolean fail = random.nextDouble() < buyerErrors[b];
                    deliveries.add(new Object[] {lead, buyerId, at.plusSeconds(1), fail,
                        (long) (buyerLatency[b] * (0.4 + random.nextDouble() * random.nextDouble() * 3)),
                        random.nextDouble() < 0.5 ? "timeout" : "server_error", random.nextDouble(),
                        random.nextDouble()});
                }
                if (decided > 0) {
                    quality(vendorId, hour, decided, accepted, quarantined, rejected, dup, email, phone, geo);
                    scores(vendorId, hour, scores);
                }
            }
    }
        console.leads.insertAll(batch);
        for (Object[] d : deliveries) {
            Lead lead = (Lead) d[0];
            String buyerId = (String) d[1];
            Instant at = (Instant) d[2];
            boolean fail = (Boolean) d[3];
            long latency = (Long) d[4];
            String id = delivery(lead, buyerId, "ACCEPTED", at, fail ? 2 : 1);
            if (fail) {
                attempt(id, 1, at, latency * 3, "error", (String) d[5]);
                attempt(id, 2, at.plusSeconds(30), latency, "accepted", null);
            } else {
                attempt(id, 1, at, latency, "accepted", null);
            }
            if ((Double) d[7] > 0.93) {
                outcome(lead, buyerId, at.plusSeconds(1), "rejected", null);
                continue;
            }
            outcome(lead, buyerId, at.plusSeconds(fail ? 31 : 1), "accepted", "20.00");
            double r = (Double) d[6];
            double c = (Double) d[7];
            if (r < 0.04) {
                outcome(lead, buyerId, at.plus(Duration.ofHours(3)), "return", "20.00");
                report(lead, buyerId, at.plus(Duration.ofHours(2)), "feedback", "wrong_number", null);
                continue;
            }
            // What buyers report by callback, from the same draws (the other figures stay as they were).
            if (r < 0.6) {
                report(lead, buyerId, at.plus(Duration.ofHours(1)), "status", "contacted", null);
                report(lead, buyerId, at.plus(Duration.ofHours(1)), "feedback", c < 0.5 ? "answered"
                        : c < 0.8 ? "no_answer" : "voicemail", null);
            } else if (r < 0.68) {
                report(lead, buyerId, at.plus(Duration.ofHours(4)), "status", "closed_lost", null);
            }
            if (c < 0.08) {
                report(lead, buyerId, at.plus(Duration.ofHours(2)), "status", "qualified", null);
                outcome(lead, buyerId, at.plus(Duration.ofHours(5)), "conversion", "250");
            }
        }
        for (int i = 0; i < 7; i++) {
            Lead unsold = batch.get(batch.size() - 1 - i * 3);
            deadLetter(unsold, unsold.receivedAt().plusSeconds(90), i > 4);
        }
        console.buyers.setBreakerOverride("Cedar Auto", io.leadwire.delivery.BuyerService.BreakerOverride.FORCED_OPEN,
                RunningEngine.OPERATOR);
        console.buyerDirectory.refreshNow();
        String cedar = buyers.get("Cedar Auto");
        breaker(cedar, NOW.minus(Duration.ofHours(20)), "CLOSED", "OPEN", "6 failures in 10 calls");
        breaker(cedar, NOW.minus(Duration.ofHours(20)).plusSeconds(60), "OPEN", "HALF_OPEN", "cool-down over");
        breaker(cedar, NOW.minus(Duration.ofHours(20)).plusSeconds(65), "HALF_OPEN", "CLOSED", "probe accepted");
        breaker(cedar, NOW.minus(Duration.ofHours(2)), "CLOSED", "OPEN", "7 failures in 10 calls");
        catchUp();
    }

    private static java.time.OffsetDateTime ts(Instant t) {
        return t.atOffset(java.time.ZoneOffset.UTC);
    }

    private int exec(String sql, Object... args) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
