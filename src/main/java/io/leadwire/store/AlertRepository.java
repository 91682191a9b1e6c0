package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The alert log. An alert is open (or acknowledged) until it resolves; while it is, a rule that
 * fires again for the same subject only raises its {@code last_at} and {@code count}: one
 * unresolved alert per rule and subject, guarded by a unique key in the database so that two
 * engine processes on one database cannot open it twice.
 */
public final class AlertRepository {
    /** Where an alert is in its life. */
    public enum State {
        OPEN, ACKNOWLEDGED, RESOLVED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** A rule's finding about one subject, as the evaluator reports it. */
    public record Firing(String rule, String subjectKind, String subjectId, String subjectName, String severity,
                         String message) {
        public Firing {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(subjectKind, "subjectKind");
            Objects.requireNonNull(subjectId, "subjectId");
            Objects.requireNonNull(subjectName, "subjectName");
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }

        String openKey() {
            return rule + "|" + subjectKind + "|" + subjectId;
        }
    }

    /** A stored alert. */
    public record AlertRow(long id, String rule, String subjectKind, String subjectId, String subjectName,
                           String severity, String message, Instant firstAt, Instant lastAt, long count, State state,
                           String ackedBy, Instant ackedAt, Instant resolvedAt, Instant escalatedAt,
                           String escalationNote, int escalationTries, Instant escalationRetryAt) {
        public boolean isUnresolved() {
            return state != State.RESOLVED;
        }
    }

    /** One try to escalate an alert on one channel. */
    public record Escalation(long alertId, Instant at, String channel, boolean ok, String detail) {
    }

    /** The result of {@link #raise}: the alert as it is now, and whether this call opened it. */
    public record Raised(AlertRow alert, boolean opened) {
    }

    private static final String COLUMNS = "id, rule, subject_kind, subject_id, subject_name, severity, message, "
            + "first_at, last_at, count, state, acked_by, acked_at, resolved_at, escalated_at, escalation_note, "
            + "escalation_tries, escalation_retry_at";

    private final DataSource dataSource;

    public AlertRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Opens an alert for the firing, or, when one is unresolved for the same rule and subject,
     * records that it fired again (last seen, count, the newest message and severity).
     */
    public Raised raise(Firing f, Instant now) {
        return Jdbc.inTransaction(dataSource, "raise an alert", c -> {
            for (int attempt = 0; ; attempt++) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET last_at = ?, count = count + 1, "
                        + "message = ?, severity = ?, subject_name = ? WHERE open_key = ?")) {
                    ps.setObject(1, Jdbc.ts(now));
                    ps.setString(2, clip(f.message(), 1000));
                    ps.setString(3, f.severity());
                    ps.setString(4, clip(f.subjectName(), 200));
                    ps.setString(5, f.openKey());
                    if (ps.executeUpdate() == 1) {
                        return new Raised(findByKey(c, f.openKey()).orElseThrow(), false);
                    }
                }
                // A savepoint, because PostgreSQL aborts the whole transaction on a failed INSERT.
                java.sql.Savepoint beforeInsert = c.setSavepoint();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (rule, subject_kind, subject_id, "
                        + "subject_name, severity, message, first_at, last_at, count, state, open_key) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 'open', ?)")) {
                    ps.setString(1, f.rule());
                    ps.setString(2, f.subjectKind());
                    ps.setString(3, f.subjectId());
                    ps.setString(4, clip(f.subjectName(), 200));
                    ps.setString(5, f.severity());
                    ps.setString(6, clip(f.message(), 1000));
                    ps.setObject(7, Jdbc.ts(now));
                    ps.setObject(8, Jdbc.ts(now));
                    ps.setString(9, f.openKey());
                    ps.executeUpdate();
                    return new Raised(findByKey(c, f.openKey()).orElseThrow(), true);
                } catch (SQLException e) {
                    // Another engine opened it between our UPDATE and INSERT: count on theirs.
                    if (!Jdbc.isUniqueViolation(e) || attempt > 0) {
                        throw e;
                    }
                    c.rollback(beforeInsert);
                }
            }
        });
    }

    /** Marks an unresolved alert resolved; returns whether it was unresolved. */
    public boolean resolve(long id, Instant now) {
        return update("resolve an alert", "UPDATE alert SET state = 'resolved', resolved_at = ?, open_key = NULL "
                + "WHERE id = ? AND state <> 'resolved'", ps -> {
                    ps.setObject(1, Jdbc.ts(now));
                    ps.setLong(2, id);
                }) == 1;
    }

    /**
     * Acknowledges the open alerts among {@code ids} in the operator's name (resolved or already
     * acknowledged ones are left as they are).
     *
     * @return how many were acknowledged
     */
    public int acknowledge(Collection<Long> ids, String operator, Instant now) {
        String who = operator == null || operator.isBlank() ? "unknown" : clip(operator.strip(), 200);
        return Jdbc.inTransaction(dataSource, "acknowledge alerts", c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET state = 'acknowledged', acked_by = ?, "
                    + "acked_at = ? WHERE id = ? AND state = 'open'")) {
                for (long id : ids) {
                    ps.setString(1, who);
                    ps.setObject(2, Jdbc.ts(now));
                    ps.setLong(3, id);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    /** The open and acknowledged alerts, oldest first. */
    public List<AlertRow> unresolved() {
        return query("SELECT " + COLUMNS + " FROM alert WHERE state <> 'resolved' ORDER BY id", ps -> { });
    }

    /**
     * The newest alerts, newest first.
     *
     * @param unresolvedOnly only open and acknowledged ones
     */
    public List<AlertRow> list(boolean unresolvedOnly, int limit) {
        return query("SELECT " + COLUMNS + " FROM alert" + (unresolvedOnly ? " WHERE state <> 'resolved'" : "")
                + " ORDER BY id DESC FETCH FIRST ? ROWS ONLY", ps -> ps.setInt(1, limit));
    }

    /** Alerts with an id above {@code afterId}, oldest first (the console's "what is new"). */
    public List<AlertRow> newerThan(long afterId, int limit) {
        return query("SELECT " + COLUMNS + " FROM alert WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY", ps -> {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
        });
    }

    /** The highest alert id so far, 0 when there is none. */
    public long lastId() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM alert");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("could not read the alerts", e);
        }
    }

    public Optional<AlertRow> find(long id) {
        List<AlertRow> rows = query("SELECT " + COLUMNS + " FROM alert WHERE id = ?", ps -> ps.setLong(1, id));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /**
     * Open (never acknowledged, not resolved) alerts first raised at or before {@code openedBy},
     * not yet fully escalated, whose retry time (if any) has come.
     */
    public List<AlertRow> dueForEscalation(Instant openedBy, Instant now) {
        return query("SELECT " + COLUMNS + " FROM alert WHERE state = 'open' AND escalated_at IS NULL "
                + "AND first_at <= ? AND (escalation_retry_at IS NULL OR escalation_retry_at <= ?) ORDER BY id", ps -> {
                    ps.setObject(1, Jdbc.ts(openedBy));
                    ps.setObject(2, Jdbc.ts(now));
                });
    }

    /** The escalation tries of an alert, oldest first. */
    public List<Escalation> escalations(long alertId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT alert_id, at, channel, ok, detail FROM alert_escalation WHERE alert_id = ? ORDER BY seq")) {
            ps.setLong(1, alertId);
            try (ResultSet rs = ps.executeQuery()) {
                List<Escalation> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Escalation(rs.getLong(1), Jdbc.instant(rs.getObject(2)), rs.getString(3),
                            rs.getBoolean(4), rs.getString(5)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the escalations of alert " + alertId, e);
        }
    }

    /**
     * Records one round of escalation tries and its outcome on the alert.
     *
     * @param tries   the tries of this round (one per channel sent to)
     * @param done    whether every channel has now gone through (then {@code escalated_at} is set)
     * @param note    the summary shown with the alert
     * @param retryAt when to try the failed channels again (ignored when done)
     */
    public void recordEscalation(long alertId, List<Escalation> tries, boolean done, String note, Instant now,
                                 Instant retryAt) {
        Jdbc.inTransaction(dataSource, "record the escalation of alert " + alertId, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert_escalation (alert_id, at, channel, ok, "
                    + "detail) VALUES (?, ?, ?, ?, ?)")) {
                for (Escalation e : tries) {
                    ps.setLong(1, alertId);
                    ps.setObject(2, Jdbc.ts(e.at()));
                    ps.setString(3, e.channel());
                    ps.setBoolean(4, e.ok());
                    ps.setString(5, clip(e.detail(), 500));
                    ps.addBatch();
                }
                if (!tries.isEmpty()) {
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET escalated_at = ?, escalation_note = ?, "
                    + "escalation_tries = escalation_tries + 1, escalation_retry_at = ? WHERE id = ?")) {
                ps.setObject(1, done ? Jdbc.ts(now) : null);
                ps.setString(2, clip(note, 1000));
                ps.setObject(3, done ? null : Jdbc.ts(retryAt));
                ps.setLong(4, alertId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private int update(String what, String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("could not " + what, e);
        }
    }

    private List<AlertRow> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return read(ps);
        } catch (SQLException e) {
            throw new StoreException("could not read the alerts", e);
        }
    }

    private static Optional<AlertRow> findByKey(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alert WHERE open_key = ?")) {
            ps.setString(1, key);
            List<AlertRow> rows = read(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
        }
    }

    private static List<AlertRow> read(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<AlertRow> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new AlertRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), Jdbc.instant(rs.getObject(8)),
                        Jdbc.instant(rs.getObject(9)), rs.getLong(10), State.of(rs.getString(11)), rs.getString(12),
                        Jdbc.instant(rs.getObject(13)), Jdbc.instant(rs.getObject(14)),
                        Jdbc.instant(rs.getObject(15)), rs.getString(16), rs.getInt(17),
                        Jdbc.instant(rs.getObject(18))));
            }
            return out;
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
