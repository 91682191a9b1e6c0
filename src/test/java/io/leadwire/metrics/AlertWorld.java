package io.leadwire.metrics;

import io.leadwire.lead.EventBus;
import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.Database;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.Grain;
import io.leadwire.store.FiguresRepository.Subject;
import io.leadwire.testing.MutableClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A migrated in-memory H2 database with figures seeded by SQL, the alert repository, an evaluator
 * on a fake clock, and buyers and vendors the test names.
 */
final class AlertWorld implements AutoCloseable {
    /** A Wednesday, 12:00:30 UTC; the rules' windows end at 12:00. */
    static final Instant NOW = Instant.parse("2026-03-04T12:00:30Z");
    static final Instant END = Instant.parse("2026-03-04T12:00:00Z");

    final MutableClock clock = new MutableClock(NOW);
    final Database db = Database.open("jdbc:h2:mem:alerts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
    final EventBus events = new EventBus();
    final AlertRepository alerts = new AlertRepository(db.dataSource());
    final FiguresRepository figuresRepo = new FiguresRepository(db.dataSource(), clock);
    final Figures figures = new Figures(figuresRepo, clock);
    final List<AlertSubjects.BuyerInfo> buyers = new CopyOnWriteArrayList<>();
    final List<AlertSubjects.VendorInfo> vendors = new CopyOnWriteArrayList<>();
    final AtomicReference<AlertSettings> settings = new AtomicReference<>(AlertSettings.defaults());
    private AlertEvaluator evaluator;

    AlertSubjects subjects() {
        return new AlertSubjects() {
            @Override
            public List<BuyerInfo> buyers() {
                return List.copyOf(buyers);
            }

            @Override
            public List<VendorInfo> vendors() {
                return List.copyOf(vendors);
            }
        };
    }

    AlertEvaluator evaluator() {
        return evaluator(null);
    }

    AlertEvaluator evaluator(AlertEscalator escalator) {
        if (evaluator == null) {
            evaluator = new AlertEvaluator(alerts, figures, subjects(), settings::get, events, escalator, clock,
                    Duration.ofSeconds(30));
        }
        return evaluator;
    }

    void settings(UnaryOperator<AlertSettings.Builder> change) {
        settings.set(change.apply(settings.get().toBuilder()).build());
    }

    void rule(AlertRule rule, UnaryOperator<AlertSettings.RuleSettings> change) {
        settings(b -> b.rule(rule, change.apply(settings.get().rule(rule))));
    }

    /** Switches every rule off but the given ones, so a test sees only what it is about. */
    void only(AlertRule... rules) {
        java.util.Set<AlertRule> on = java.util.EnumSet.noneOf(AlertRule.class);
        on.addAll(List.of(rules));
        settings(b -> {
            for (AlertRule r : AlertRule.values()) {
                b.rule(r, settings.get().rule(r).withEnabled(on.contains(r)));
            }
            return b;
        });
    }

    AlertSubjects.BuyerInfo buyer(String name, boolean enabled, Duration callTimeout) {
        AlertSubjects.BuyerInfo b = new AlertSubjects.BuyerInfo(UUID.randomUUID().toString(), name, enabled,
                callTimeout);
        buyers.add(b);
        return b;
    }

    AlertSubjects.VendorInfo vendor(String name) {
        AlertSubjects.VendorInfo v = new AlertSubjects.VendorInfo(UUID.randomUUID().toString(), name);
        vendors.add(v);
        return v;
    }

    /** Adds {@code amount} to a metric in the minute, hour and day buckets {@code at} falls in. */
    void add(Subject subject, String id, Instant at, String metric, long amount) {
        List<Object[]> rows = new ArrayList<>();
        for (Grain g : Grain.values()) {
            rows.add(new Object[] {code(subject), id, String.valueOf(g.name().toLowerCase().charAt(0)),
                g.floor(at).atOffset(ZoneOffset.UTC), metric, BigDecimal.valueOf(amount)});
        }
        try (Connection c = db.connection()) {
            for (Object[] r : rows) {
                try (PreparedStatement up = c.prepareStatement("UPDATE figure SET amount = amount + ? WHERE subject = ? "
                        + "AND subject_id = ? AND grain = ? AND bucket_start = ? AND metric = ?")) {
                    up.setBigDecimal(1, (BigDecimal) r[5]);
                    for (int i = 0; i < 5; i++) {
                        up.setObject(i + 2, r[i]);
                    }
                    if (up.executeUpdate() == 1) {
                        continue;
                    }
                }
                try (PreparedStatement in = c.prepareStatement("INSERT INTO figure (subject, subject_id, grain, "
                        + "bucket_start, metric, amount) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < 6; i++) {
                        in.setObject(i + 1, r[i]);
                    }
                    in.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code perMinute} of a metric in every minute of {@code [from, to)}. */
    void everyMinute(Subject subject, String id, Instant from, Instant to, String metric, long perMinute) {
        for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(1))) {
            add(subject, id, t, metric, perMinute);
        }
    }

    /** {@code total} of a metric spread over the minutes of {@code [from, to)} (the first minutes get one more). */
    void spread(Subject subject, String id, Instant from, Instant to, String metric, long total) {
        long minutes = Duration.between(from, to).toMinutes();
        for (int i = 0; i < minutes; i++) {
            long n = total / minutes + (i < total % minutes ? 1 : 0);
            if (n > 0) {
                add(subject, id, from.plus(Duration.ofMinutes(i)), metric, n);
            }
        }
    }

    private static String code(Subject s) {
        return switch (s) {
            case VENDOR -> "V";
            case BUYER -> "B";
            case TOTAL -> "T";
        };
    }

    List<AlertRow> all() {
        return alerts.list(false, 100);
    }

    List<AlertRow> unresolved(AlertRule rule) {
        return alerts.unresolved().stream().filter(a -> a.rule().equals(rule.id())).toList();
    }

    @Override
    public void close() {
        if (evaluator != null) {
            evaluator.close();
        }
        try (Connection c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        db.close();
    }
}
