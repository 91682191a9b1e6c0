package io.leadwire.store;

import io.leadwire.lead.LeadStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The quality figures per vendor and hour for dashboards: validation pass rate, duplicate share,
 * invalid email and phone shares, geo mismatch share and the score distribution.
 *
 * <p>The counts are kept incrementally: the quality stage adds each batch's counts in the same
 * transaction that writes its decisions ({@link LeadRepository#decideAll(LeadStatus, int,
 * java.util.function.Function, DuplicateSearch, java.time.Clock)}), so they are exactly as
 * committed as the decisions, and reading them never scans leads.
 */
public final class QualityFiguresRepository {
    private static final String[] COUNTERS = {"decided", "accepted", "quarantined", "rejected", "duplicates",
        "invalid_email", "invalid_phone", "geo_mismatch", "scored", "score_sum", "score_0", "score_1", "score_2",
        "score_3", "score_4", "score_5", "score_6", "score_7", "score_8", "score_9"};
    private static final int DECIDED = 0;
    private static final int ACCEPTED = 1;
    private static final int QUARANTINED = 2;
    private static final int REJECTED = 3;
    private static final int DUPLICATES = 4;
    private static final int INVALID_EMAIL = 5;
    private static final int INVALID_PHONE = 6;
    private static final int GEO_MISMATCH = 7;
    private static final int SCORED = 8;
    private static final int SCORE_SUM = 9;
    private static final int SCORE_0 = 10;
    /**
     * The counters (the first {@value} of {@link #COUNTERS}) also kept in the performance figures'
     * minute, hour and day buckets, as vendor metrics {@code q.<counter>} (e.g. {@code q.decided},
     * {@code q.invalid_email}); the score distribution stays hourly, here only.
     */
    static final int SHARED = 8;
    private static final String UPDATE;
    private static final String INSERT;
    private static final String SELECT = "SELECT f.vendor_id, v.name, f.bucket_start, " + String.join(", ",
            prefixed("f.")) + " FROM quality_figures f JOIN vendor v ON v.id = f.vendor_id "
            + "WHERE f.bucket_start >= ? AND f.bucket_start < ? ORDER BY f.bucket_start, v.name, f.vendor_id";

    static {
        StringBuilder set = new StringBuilder();
        for (String c : COUNTERS) {
            set.append(set.length() == 0 ? "" : ", ").append(c).append(" = ").append(c).append(" + ?");
        }
        UPDATE = "UPDATE quality_figures SET " + set + " WHERE vendor_id = ? AND bucket_start = ?";
        INSERT = "INSERT INTO quality_figures (vendor_id, bucket_start, " + String.join(", ", COUNTERS)
                + ") VALUES (?, ?" + ", ?".repeat(COUNTERS.length) + ")";
    }

    private final DataSource dataSource;

    public QualityFiguresRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private static String[] prefixed(String prefix) {
        String[] out = new String[COUNTERS.length];
        for (int i = 0; i < COUNTERS.length; i++) {
            out[i] = prefix + COUNTERS[i];
        }
        return out;
    }

    /** The counts of one decision batch per (vendor, hour), to be added in the batch's transaction. */
    static final class Tally {
        private record Bucket(String vendorId, Instant hour) {
        }

        private final Map<Bucket, long[]> counts = new LinkedHashMap<>();
        /** The same counts in the performance figures' minute, hour and day buckets (see {@link #SHARED}). */
        private final Map<String, long[]> figureCounts = new java.util.TreeMap<>();
        private final Map<String, Object[]> figureKeys = new java.util.HashMap<>();

        /** Counts one decided lead in the hour it was received. */
        void add(String vendorId, Instant receivedAt, LeadStatus status, boolean duplicate, QualityMarks marks) {
            long[] c = counts.computeIfAbsent(new Bucket(vendorId, receivedAt.truncatedTo(ChronoUnit.HOURS)),
                    b -> new long[COUNTERS.length]);
            addDecision(c, status, duplicate, marks);
            for (FiguresRepository.Grain g : FiguresRepository.Grain.values()) {
                Instant bucket = g.floor(receivedAt);
                // Sorted keys: two batches add to shared rows in the same order, so they cannot deadlock.
                String key = vendorId + "|" + g.name() + "|" + bucket;
                figureKeys.putIfAbsent(key, new Object[] {vendorId, g, bucket});
                addDecision(figureCounts.computeIfAbsent(key, k -> new long[SHARED]), status, duplicate, marks);
            }
        }

        private static void addDecision(long[] c, LeadStatus status, boolean duplicate, QualityMarks marks) {
            c[DECIDED]++;
            if (status == LeadStatus.ACCEPTED) {
                c[ACCEPTED]++;
            } else if (status == LeadStatus.QUARANTINED) {
                c[QUARANTINED]++;
            } else if (status == LeadStatus.REJECTED) {
                c[REJECTED]++;
            }
            c[DUPLICATES] += duplicate ? 1 : 0;
            c[INVALID_EMAIL] += marks.invalidEmail() ? 1 : 0;
            c[INVALID_PHONE] += marks.invalidPhone() ? 1 : 0;
            c[GEO_MISMATCH] += marks.geoMismatch() ? 1 : 0;
            if (marks.score() != null && c.length > SCORED) {
                c[SCORED]++;
                c[SCORE_SUM] += marks.score();
                c[SCORE_0 + QualityFigures.scoreBucket(marks.score())]++;
            }
        }
    }

    /**
     * Adds a batch's counts inside the caller's transaction. Portable upsert: an UPDATE that adds to
     * the row, and an INSERT only when no row was there. H2's {@code MERGE ... KEY} and PostgreSQL's
     * {@code INSERT ... ON CONFLICT} cannot add to a row in one syntax both accept (standard
     * {@code MERGE} needs PostgreSQL 15 and still races). If another transaction inserts the same
     * (vendor, hour) between our UPDATE and INSERT, the INSERT fails on the primary key: the
     * savepoint undoes just that statement and the UPDATE, now finding the row, runs again.
     */
    static void add(Connection c, Tally tally) throws SQLException {
        if (tally.counts.isEmpty()) {
            return;
        }
        addToFigures(c, tally);
        try (PreparedStatement up = c.prepareStatement(UPDATE); PreparedStatement in = c.prepareStatement(INSERT)) {
            for (Map.Entry<Tally.Bucket, long[]> e : tally.counts.entrySet()) {
                if (update(up, e.getKey(), e.getValue()) > 0) {
                    continue;
                }
                Savepoint sp = c.setSavepoint();
                try {
                    in.setString(1, e.getKey().vendorId());
                    in.setObject(2, Jdbc.ts(e.getKey().hour()));
                    for (int i = 0; i < COUNTERS.length; i++) {
                        in.setLong(3 + i, e.getValue()[i]);
                    }
                    in.executeUpdate();
                    c.releaseSavepoint(sp);
                } catch (SQLException ex) {
                    if (!Jdbc.isUniqueViolation(ex)) {
                        throw ex;
                    }
                    c.rollback(sp);
                    if (update(up, e.getKey(), e.getValue()) != 1) {
                        throw new StoreException("quality figures row vanished while it was being added to", ex);
                    }
                }
            }
        }
    }

    /**
     * Adds the batch's decision counts to the performance figures' minute, hour and day buckets
     * (vendor metrics {@code q.*}), in the same transaction and with the same race-safe upsert as the
     * hourly rows above: several quality workers and engines add to the same rows, unlike the
     * figures stage's tails, which each own their rows.
     */
    private static void addToFigures(Connection c, Tally tally) throws SQLException {
        List<Object[]> keys = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (Map.Entry<String, long[]> e : tally.figureCounts.entrySet()) {
            for (int i = 0; i < SHARED; i++) {
                if (e.getValue()[i] != 0) {
                    keys.add(tally.figureKeys.get(e.getKey()));
                    amounts.add(e.getValue()[i]);
                    metrics.add("q." + COUNTERS[i]);
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        String where = " WHERE subject = ? AND grain = ? AND bucket_start = ? AND subject_id = ? AND metric = ?";
        try (PreparedStatement up = c.prepareStatement("UPDATE figure SET amount = amount + ?" + where);
             PreparedStatement in = c.prepareStatement("INSERT INTO figure (amount, subject, grain, bucket_start, "
                     + "subject_id, metric) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < keys.size(); i++) {
                bindFigure(up, keys.get(i), metrics.get(i), amounts.get(i));
                up.addBatch();
            }
            int[] updated = up.executeBatch();
            for (int i = 0; i < keys.size(); i++) {
                if (updated[i] > 0) {
                    continue;
                }
                Savepoint sp = c.setSavepoint();
                try {
                    bindFigure(in, keys.get(i), metrics.get(i), amounts.get(i));
                    in.executeUpdate();
                    c.releaseSavepoint(sp);
                } catch (SQLException ex) {
                    if (!Jdbc.isUniqueViolation(ex)) {
                        throw ex;
                    }
                    c.rollback(sp);
                    bindFigure(up, keys.get(i), metrics.get(i), amounts.get(i));
                    if (up.executeUpdate() != 1) {
                        throw new StoreException("figure row vanished while it was being added to", ex);
                    }
                }
            }
        }
    }

    private static void bindFigure(PreparedStatement ps, Object[] key, String metric, long amount) throws SQLException {
        FiguresRepository.Grain grain = (FiguresRepository.Grain) key[1];
        ps.setBigDecimal(1, java.math.BigDecimal.valueOf(amount));
        ps.setString(2, FiguresRepository.Subject.VENDOR.code);
        ps.setString(3, grain.code);
        ps.setObject(4, Jdbc.ts((Instant) key[2]));
        ps.setString(5, (String) key[0]);
        ps.setString(6, metric);
    }

    private static int update(PreparedStatement up, Tally.Bucket b, long[] counts) throws SQLException {
        for (int i = 0; i < COUNTERS.length; i++) {
            up.setLong(1 + i, counts[i]);
        }
        up.setString(COUNTERS.length + 1, b.vendorId());
        up.setObject(COUNTERS.length + 2, Jdbc.ts(b.hour()));
        return up.executeUpdate();
    }

    /**
     * The hourly figures of every vendor whose hour buckets start in {@code [from, to)}, oldest
     * first; hours without leads have no row.
     */
    public List<QualityFigures> hourly(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
            ps.setObject(1, Jdbc.ts(from));
            ps.setObject(2, Jdbc.ts(to));
            try (ResultSet rs = ps.executeQuery()) {
                List<QualityFigures> out = new ArrayList<>();
                while (rs.next()) {
                    Instant start = Jdbc.instant(rs.getObject(3));
                    long[] n = new long[COUNTERS.length];
                    for (int i = 0; i < COUNTERS.length; i++) {
                        n[i] = rs.getLong(4 + i);
                    }
                    List<Long> histogram = new ArrayList<>(QualityFigures.SCORE_BUCKETS);
                    for (int i = 0; i < QualityFigures.SCORE_BUCKETS; i++) {
                        histogram.add(n[SCORE_0 + i]);
                    }
                    out.add(new QualityFigures(rs.getString(1), rs.getString(2), start,
                            start.plus(Duration.ofHours(1)), n[DECIDED], n[ACCEPTED], n[QUARANTINED], n[REJECTED],
                            n[DUPLICATES], n[INVALID_EMAIL], n[INVALID_PHONE], n[GEO_MISMATCH], n[SCORED],
                            n[SCORE_SUM], histogram));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the quality figures", e);
        }
    }

    /**
     * The figures per vendor and calendar day in {@code zone}, for the hour buckets starting in
     * {@code [from, to)}; each day runs from its start of day to the next. An hour bucket belongs to
     * the day its start falls in (in zones with a half-hour offset, the hour that straddles midnight
     * counts to the earlier day).
     */
    public List<QualityFigures> daily(Instant from, Instant to, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        Map<List<Object>, QualityFigures> days = new LinkedHashMap<>();
        for (QualityFigures h : hourly(from, to)) {
            var day = h.bucketStart().atZone(zone).toLocalDate();
            Instant start = day.atStartOfDay(zone).toInstant();
            Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
            days.merge(List.of(h.vendorId(), start), h.over(start, end), QualityFigures::plus);
        }
        List<QualityFigures> out = new ArrayList<>(days.values());
        out.sort(Comparator.comparing(QualityFigures::bucketStart).thenComparing(f -> String.valueOf(f.vendorName())));
        return out;
    }

    /** The figures per vendor over all hour buckets starting in {@code [from, to)}, by vendor name. */
    public List<QualityFigures> totals(Instant from, Instant to) {
        Map<String, QualityFigures> byVendor = new LinkedHashMap<>();
        for (QualityFigures h : hourly(from, to)) {
            byVendor.merge(h.vendorId(), h.over(from, to), QualityFigures::plus);
        }
        List<QualityFigures> out = new ArrayList<>(byVendor.values());
        out.sort(Comparator.comparing(f -> String.valueOf(f.vendorName())));
        return out;
    }
}
