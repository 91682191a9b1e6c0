package io.leadwire.store.migration;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Copies the quality stage's hourly counts kept before it also wrote them into the figure
 * buckets ({@code quality_figures} → vendor metrics {@code q.*} in hour and day buckets), now that
 * the vendors dashboard reads its quality shares from the buckets: without it a store from an
 * earlier release would show no quality history until new leads arrive.
 *
 * <p>Only hours with no {@code q.decided} bucket yet are copied, so nothing the stage already
 * wrote is counted twice; an hour the stage began writing buckets in part-way keeps only what it
 * wrote. Each copied hour is also added to its (UTC) day's bucket. Minute buckets are not made:
 * the figures keep them 3 days only. Java, not SQL, because a UTC day is not the same expression
 * on H2 and on PostgreSQL (whose date_trunc follows the session's time zone).
 */
public final class V18__Quality_counts_into_figure_buckets extends BaseJavaMigration {
    private static final String[] COUNTERS = {"decided", "accepted", "quarantined", "rejected", "duplicates",
        "invalid_email", "invalid_phone", "geo_mismatch"};
    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        Set<String> covered = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT subject_id, bucket_start FROM figure "
                + "WHERE subject = 'V' AND grain = 'h' AND metric = 'q.decided'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                covered.add(rs.getString(1) + "|" + instant(rs, 2));
            }
        }
        Map<String, long[]> days = new LinkedHashMap<>();
        try (PreparedStatement read = c.prepareStatement("SELECT vendor_id, bucket_start, " + String.join(", ", COUNTERS)
                + " FROM quality_figures ORDER BY bucket_start, vendor_id");
             PreparedStatement insert = c.prepareStatement("INSERT INTO figure (subject, subject_id, grain, "
                     + "bucket_start, metric, amount) VALUES ('V', ?, 'h', ?, ?, ?)");
             ResultSet rs = read.executeQuery()) {
            int pending = 0;
            while (rs.next()) {
                String vendor = rs.getString(1);
                Instant hour = instant(rs, 2);
                if (covered.contains(vendor + "|" + hour)) {
                    continue;
                }
                long[] day = days.computeIfAbsent(vendor + "|" + hour.truncatedTo(ChronoUnit.DAYS),
                        k -> new long[COUNTERS.length]);
                for (int i = 0; i < COUNTERS.length; i++) {
                    long n = rs.getLong(3 + i);
                    if (n == 0) {
                        continue;
                    }
                    day[i] += n;
                    insert.setString(1, vendor);
                    insert.setObject(2, OffsetDateTime.ofInstant(hour, ZoneOffset.UTC));
                    insert.setString(3, "q." + COUNTERS[i]);
                    insert.setBigDecimal(4, BigDecimal.valueOf(n));
                    insert.addBatch();
                    if (++pending % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement add = c.prepareStatement("UPDATE figure SET amount = amount + ? WHERE subject = 'V' "
                + "AND grain = 'd' AND bucket_start = ? AND subject_id = ? AND metric = ?");
             PreparedStatement insert = c.prepareStatement("INSERT INTO figure (subject, subject_id, grain, "
                     + "bucket_start, metric, amount) VALUES ('V', ?, 'd', ?, ?, ?)")) {
            for (Map.Entry<String, long[]> e : days.entrySet()) {
                int bar = e.getKey().indexOf('|');
                String vendor = e.getKey().substring(0, bar);
                OffsetDateTime day = OffsetDateTime.ofInstant(Instant.parse(e.getKey().substring(bar + 1)),
                        ZoneOffset.UTC);
                for (int i = 0; i < COUNTERS.length; i++) {
                    long n = e.getValue()[i];
                    if (n == 0) {
                        continue;
                    }
                    add.setBigDecimal(1, BigDecimal.valueOf(n));
                    add.setObject(2, day);
                    add.setString(3, vendor);
                    add.setString(4, "q." + COUNTERS[i]);
                    if (add.executeUpdate() == 0) {
                        insert.setString(1, vendor);
                        insert.setObject(2, day);
                        insert.setString(3, "q." + COUNTERS[i]);
                        insert.setBigDecimal(4, BigDecimal.valueOf(n));
                        insert.executeUpdate();
                    }
                }
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
