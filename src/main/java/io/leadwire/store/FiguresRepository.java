package io.leadwire.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Performance figures per vendor and per buyer in minute, hour and day buckets, kept
 * incrementally: {@link #catchUp} adds the rows that insert-only tables received since its last
 * call (leads, intake refusals, delivery attempts, lead outcomes) to their buckets, each row once
 * (see {@link SeqTail}). Reading a dashboard reads buckets, never leads.
 *
 * <p>Metric names (the {@code metric} column). Vendor and buyer: {@code sold}, {@code sold_value},
 * {@code rejected}, {@code duplicate}, {@code failed}, {@code returns}, {@code credit},
 * {@code conversions}, {@code conversion_value} (a conversion's revenue, also when it came after the
 * conversion: outcome kind {@code revenue}), {@code status.<word>}, {@code feedback.<word>}.
 * Vendor and total: {@code received}, {@code refused}. Buyer: {@code attempts}, {@code retries},
 * {@code att.<outcome>}, {@code err.<error class>}, {@code lat.<bin>} (see {@link #LATENCY_BOUNDS_MS}),
 * {@code latency_sum}. Each tail writes its own metrics only, so no two tails ever add to one row.
 * Vendor quality counts ({@code q.decided}, {@code q.accepted}, {@code q.quarantined},
 * {@code q.rejected}, {@code q.duplicates}, {@code q.invalid_email}, {@code q.invalid_phone},
 * {@code q.geo_mismatch}) are added by the quality stage in its decision transactions instead
 * (see {@link QualityFiguresRepository}), with a race-safe upsert of their own.
 */
public final class FiguresRepository {
    /** Whose figures: a vendor, a buyer, or the whole intake (id {@link #ALL}). */
    public enum Subject {
        VENDOR("V"), BUYER("B"), TOTAL("T");

        final String code;

        Subject(String code) {
            this.code = code;
        }
    }

    /** The subject id of {@link Subject#TOTAL} rows. */
    public static final String ALL = "all";

    /** Bucket sizes. */
    public enum Grain {
        MINUTE("m", Duration.ofMinutes(1)), HOUR("h", Duration.ofHours(1)), DAY("d", Duration.ofDays(1));

        final String code;
        private final Duration size;

        Grain(String code, Duration size) {
            this.code = code;
            this.size = size;
        }

        public Duration size() {
            return size;
        }

        /** The start of the (UTC) bucket {@code t} falls in. */
        public Instant floor(Instant t) {
            return switch (this) {
                case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
                case HOUR -> t.truncatedTo(ChronoUnit.HOURS);
                case DAY -> t.truncatedTo(ChronoUnit.DAYS);
            };
        }

        /**
         * The grain a chart over {@code range} reads: minutes up to 3 hours, hours up to 8 days,
         * days beyond; a chart then has 60 to 200 points, never hundreds of thousands of rows.
         */
        public static Grain forRange(Duration range) {
            if (range.compareTo(Duration.ofHours(3)) <= 0) {
                return MINUTE;
            }
            return range.compareTo(Duration.ofDays(8)) <= 0 ? HOUR : DAY;
        }
    }

    /**
     * Upper bounds (ms, inclusive) of the latency bins {@code lat.00} ... ; the last bin,
     * {@code lat.NN} with NN = the array's length, holds everything slower.
     */
    public static final long[] LATENCY_BOUNDS_MS = {5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000,
        1500, 2000, 3000, 5000, 10000, 15000, 30000, 60000};

    /** One counter of one subject in one bucket. */
    public record FigureRow(String subjectId, Instant bucket, String metric, BigDecimal amount) {
    }

    /** A buyer breaker's transition. */
    public record BreakerRow(Instant at, String buyerId, String from, String to, String reason) {
    }

    private static final String LEADS = "SELECT seq, vendor_id, received_at FROM lead WHERE seq > ? ORDER BY seq "
            + "FETCH FIRST ? ROWS ONLY";
    private static final String REFUSALS = "SELECT seq, vendor_id, at FROM intake_refusal WHERE seq > ? "
            + "ORDER BY seq FETCH FIRST ? ROWS ONLY";
    private static final String ATTEMPTS = "SELECT a.seq, d.buyer_id, a.started_at, a.attempt, a.latency_ms, "
            + "a.outcome, a.error_class FROM delivery_attempt a JOIN delivery d ON d.id = a.delivery_id "
            + "WHERE a.seq > ? ORDER BY a.seq FETCH FIRST ? ROWS ONLY";
    private static final String OUTCOMES = "SELECT seq, at, vendor_id, buyer_id, kind, label, amount "
            + "FROM lead_outcome WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY";

    private final DataSource dataSource;
    private final SeqTail leads;
    private final SeqTail refusals;
    private final SeqTail attempts;
    private final SeqTail outcomes;

    public FiguresRepository(DataSource dataSource, Clock clock, Duration gapTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(clock, "clock");
        this.leads = new SeqTail("figures.leads", gapTimeout, clock);
        this.refusals = new SeqTail("figures.refusals", gapTimeout, clock);
        this.attempts = new SeqTail("figures.attempts", gapTimeout, clock);
        this.outcomes = new SeqTail("figures.outcomes", gapTimeout, clock);
    }

    /** A repository for reading only (a console); {@link #catchUp} works too, with a 5 s gap timeout. */
    public FiguresRepository(DataSource dataSource, Clock clock) {
        this(dataSource, clock, Duration.ofSeconds(5));
    }

    /**
     * Adds up to {@code limit} new rows of each source table to the figures, one transaction per
     * source.
     *
     * @return how many rows were added (0: the figures are up to date)
     */
    public int catchUp(int limit) {
        int n = 0;
        n += tail(leads, LEADS, limit, (rs, t) -> {
            Instant at = Jdbc.instant(rs.getObject(3));
            t.add(Subject.VENDOR, rs.getString(2), at, "received", BigDecimal.ONE);
            t.add(Subject.TOTAL, ALL, at, "received", BigDecimal.ONE);
        });
        n += tail(refusals, REFUSALS, limit, (rs, t) -> {
            Instant at = Jdbc.instant(rs.getObject(3));
            String vendor = rs.getString(2);
            if (vendor != null) {
                t.add(Subject.VENDOR, vendor, at, "refused", BigDecimal.ONE);
            }
            t.add(Subject.TOTAL, ALL, at, "refused", BigDecimal.ONE);
        });
        n += tail(attempts, ATTEMPTS, limit, (rs, t) -> {
            String buyer = rs.getString(2);
            Instant at = Jdbc.instant(rs.getObject(3));
            t.add(Subject.BUYER, buyer, at, "attempts", BigDecimal.ONE);
            if (rs.getInt(4) > 1) {
                t.add(Subject.BUYER, buyer, at, "retries", BigDecimal.ONE);
            }
            long latency = rs.getLong(5);
            if (!rs.wasNull()) {
                t.add(Subject.BUYER, buyer, at, latencyMetric(latencyBin(latency)), BigDecimal.ONE);
                t.add(Subject.BUYER, buyer, at, "latency_sum", BigDecimal.valueOf(latency));
            }
            t.add(Subject.BUYER, buyer, at, "att." + word(rs.getString(6)), BigDecimal.ONE);
            String error = rs.getString(7);
            if (error != null) {
                t.add(Subject.BUYER, buyer, at, "err." + word(error), BigDecimal.ONE);
            }
        });
        n += tail(outcomes, OUTCOMES, limit, (rs, t) -> {
            Instant at = Jdbc.instant(rs.getObject(2));
            String kind = word(rs.getString(5));
            String value = rs.getString(6);
            BigDecimal amount = rs.getBigDecimal(7);
            for (Subject s : new Subject[] {Subject.VENDOR, Subject.BUYER}) {
                String id = rs.getString(s == Subject.VENDOR ? 3 : 4);
                switch (kind) {
                    case "accepted" -> {
                        t.add(s, id, at, "sold", BigDecimal.ONE);
                        t.add(s, id, at, "sold_value", amount == null ? BigDecimal.ZERO : amount);
                    }
                    case "rejected", "duplicate", "failed" -> t.add(s, id, at, kind, BigDecimal.ONE);
                    case "return" -> {
                        t.add(s, id, at, "returns", BigDecimal.ONE);
                        t.add(s, id, at, "credit", amount == null ? BigDecimal.ZERO : amount);
                    }
                    case "conversion" -> {
                        t.add(s, id, at, "conversions", BigDecimal.ONE);
                        t.add(s, id, at, "conversion_value", amount == null ? BigDecimal.ZERO : amount);
                    }
                    // The revenue of a conversion counted before without one: value, not another conversion.
                    case "revenue" -> t.add(s, id, at, "conversion_value", amount == null ? BigDecimal.ZERO : amount);
                    case "status", "feedback" -> t.add(s, id, at, kind + "." + word(value), BigDecimal.ONE);
                    default -> t.add(s, id, at, "other." + kind, BigDecimal.ONE);
                }
            }
        });
        return n;
    }

    private interface RowTally {
        void add(ResultSet rs, Tally t) throws SQLException;
    }

    private int tail(SeqTail tail, String sql, int limit, RowTally rowTally) {
        return Jdbc.inTransaction(dataSource, "add to the figures", c -> {
            Tally tally = new Tally();
            SeqTail.Batch<Boolean> batch = tail.read(c, sql, limit, rs -> {
                rowTally.add(rs, tally);
                return Boolean.TRUE;
            });
            tally.write(c);
            tail.advance(c, batch);
            return batch.rows().size();
        });
    }

    /** The counts of one batch, per bucket of every grain, written with one UPDATE or INSERT per key. */
    private static final class Tally {
        private record Key(Subject subject, String id, Grain grain, Instant bucket, String metric) {
        }

        private final Map<Key, BigDecimal> sums = new HashMap<>();

        void add(Subject s, String id, Instant at, String metric, BigDecimal amount) {
            for (Grain g : Grain.values()) {
                sums.merge(new Key(s, id, g, g.floor(at), metric), amount, BigDecimal::add);
            }
        }

        void write(Connection c) throws SQLException {
            if (sums.isEmpty()) {
                return;
            }
            List<Map.Entry<Key, BigDecimal>> entries = new ArrayList<>(sums.entrySet());
            int[] updated;
            try (PreparedStatement up = c.prepareStatement("UPDATE figure SET amount = amount + ? WHERE subject = ? "
                    + "AND grain = ? AND bucket_start = ? AND subject_id = ? AND metric = ?")) {
                for (Map.Entry<Key, BigDecimal> e : entries) {
                    up.setBigDecimal(1, e.getValue());
                    bindKey(up, 2, e.getKey());
                    up.addBatch();
                }
                updated = up.executeBatch();
            }
            // No other transaction inserts these keys meanwhile: the tail's cursor row is locked and
            // each tail owns its metrics (see the class comment), so the INSERT cannot race.
            try (PreparedStatement in = c.prepareStatement("INSERT INTO figure (amount, subject, grain, bucket_start, "
                    + "subject_id, metric) VALUES (?, ?, ?, ?, ?, ?)")) {
                boolean any = false;
                for (int i = 0; i < entries.size(); i++) {
                    if (updated[i] == 0) {
                        in.setBigDecimal(1, entries.get(i).getValue());
                        bindKey(in, 2, entries.get(i).getKey());
                        in.addBatch();
                        any = true;
                    }
                }
                if (any) {
                    in.executeBatch();
                }
            }
        }

        private static void bindKey(PreparedStatement ps, int at, Key k) throws SQLException {
            ps.setString(at, k.subject().code);
            ps.setString(at + 1, k.grain().code);
            ps.setObject(at + 2, Jdbc.ts(k.bucket()));
            ps.setString(at + 3, k.id());
            ps.setString(at + 4, k.metric());
        }
    }

    /** The bin of a latency: the first whose bound is at least {@code ms}. */
    public static int latencyBin(long ms) {
        for (int i = 0; i < LATENCY_BOUNDS_MS.length; i++) {
            if (ms <= LATENCY_BOUNDS_MS[i]) {
                return i;
            }
        }
        return LATENCY_BOUNDS_MS.length;
    }

    /** {@code lat.00} ... made once: readers ask for them per bucket and bin, a dashboard hundreds of thousands of times. */
    private static final String[] LATENCY_METRICS = new String[LATENCY_BOUNDS_MS.length + 1];

    static {
        for (int i = 0; i < LATENCY_METRICS.length; i++) {
            LATENCY_METRICS[i] = String.format(Locale.ROOT, "lat.%02d", i);
        }
    }

    public static String latencyMetric(int bin) {
        return bin >= 0 && bin < LATENCY_METRICS.length ? LATENCY_METRICS[bin]
                : String.format(Locale.ROOT, "lat.%02d", bin);
    }

    /** A stored word: lower case, letters, digits and underscores, at most 40 characters. */
    static String word(String s) {
        if (s == null || s.isBlank()) {
            return "unknown";
        }
        String w = s.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return w.length() > 40 ? w.substring(0, 40) : w;
    }

    /**
     * The figures of a subject kind whose buckets of {@code grain} start in {@code [from, to)},
     * oldest first.
     *
     * @param ids     the subjects to read, or empty for all of them
     * @param metrics the metrics to read (a name ending in {@code .} reads every metric with that
     *                prefix), or empty for all of them
     */
    public List<FigureRow> rows(Subject subject, Collection<String> ids, Grain grain, Instant from, Instant to,
                                Collection<String> metrics) {
        StringBuilder sql = new StringBuilder("SELECT subject_id, bucket_start, metric, amount FROM figure "
                + "WHERE subject = ? AND grain = ? AND bucket_start >= ? AND bucket_start < ?");
        if (!ids.isEmpty()) {
            sql.append(" AND subject_id IN (").append("?, ".repeat(ids.size() - 1)).append("?)");
        }
        if (!metrics.isEmpty()) {
            sql.append(" AND (");
            int i = 0;
            for (String m : metrics) {
                sql.append(i++ == 0 ? "" : " OR ").append(m.endsWith(".") ? "metric LIKE ?" : "metric = ?");
            }
            sql.append(')');
        }
        sql.append(" ORDER BY bucket_start");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, subject.code);
            ps.setString(p++, grain.code);
            ps.setObject(p++, Jdbc.ts(from));
            ps.setObject(p++, Jdbc.ts(to));
            for (String id : ids) {
                ps.setString(p++, id);
            }
            for (String m : metrics) {
                ps.setString(p++, m.endsWith(".") ? m + "%" : m);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<FigureRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new FigureRow(rs.getString(1), Jdbc.instant(rs.getObject(2)), rs.getString(3),
                            rs.getBigDecimal(4)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the figures", e);
        }
    }

    /**
     * Deletes minute buckets older than {@code minutesBefore} and hour buckets older than
     * {@code hoursBefore}; day buckets are kept.
     *
     * @return how many rows were deleted
     */
    public int prune(Instant minutesBefore, Instant hoursBefore) {
        return Jdbc.inTransaction(dataSource, "prune the figures", c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM figure WHERE subject = ? AND grain = ? AND bucket_start < ?")) {
                for (Subject s : Subject.values()) {
                    for (Grain g : new Grain[] {Grain.MINUTE, Grain.HOUR}) {
                        ps.setString(1, s.code);
                        ps.setString(2, g.code);
                        ps.setObject(3, Jdbc.ts(g == Grain.MINUTE ? minutesBefore : hoursBefore));
                        n += ps.executeUpdate();
                    }
                }
            }
            return n;
        });
    }

    /** Records a breaker transition for the timeline. */
    public void recordBreaker(BreakerRow row) {
        Jdbc.inTransaction(dataSource, "record a breaker change", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO breaker_event (at, buyer_id, from_state, "
                    + "to_state, reason) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, Jdbc.ts(row.at()));
                ps.setString(2, row.buyerId());
                ps.setString(3, row.from());
                ps.setString(4, row.to());
                ps.setString(5, row.reason() == null ? "" : row.reason());
                return ps.executeUpdate();
            }
        });
    }

    /** Breaker transitions in {@code [from, to)}, oldest first; every buyer's when {@code ids} is empty. */
    public List<BreakerRow> breakerEvents(Collection<String> ids, Instant from, Instant to) {
        StringBuilder sql = new StringBuilder("SELECT at, buyer_id, from_state, to_state, reason FROM breaker_event "
                + "WHERE at >= ? AND at < ?");
        if (!ids.isEmpty()) {
            sql.append(" AND buyer_id IN (").append("?, ".repeat(ids.size() - 1)).append("?)");
        }
        sql.append(" ORDER BY seq");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            ps.setObject(1, Jdbc.ts(from));
            ps.setObject(2, Jdbc.ts(to));
            int p = 3;
            for (String id : ids) {
                ps.setString(p++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<BreakerRow> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new BreakerRow(Jdbc.instant(rs.getObject(1)), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read breaker events", e);
        }
    }
}
