package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads an insert-only table in seq order, once: a named cursor in {@code tail_cursor} says how
 * far it got, and is moved in the same transaction as whatever the reader does with the rows, so
 * each row is handled exactly once even across crashes and several engine processes (the cursor
 * row is locked for the batch).
 *
 * <p>Why gaps are waited for: identity values are handed out when a row is inserted, not when its
 * transaction commits, so seq 41 may become visible after seq 42. A reader that moved past 42
 * would never see 41. So a tail stops before a missing seq and waits for it; a gap still open
 * after {@code gapTimeout} is a value that will never come (a rolled-back insert, or a sequence
 * cache skipped on restart) and is passed. Transactions that write these tables are short, so a
 * few seconds is ample.
 */
public final class SeqTail {
    private final String name;
    private final Duration gapTimeout;
    private final Clock clock;
    /** The first seq of the gap we are waiting on, and since when (in-memory: a restart waits anew). */
    private long gapAt = -1;
    private Instant gapSeen;

    public SeqTail(String name, Duration gapTimeout, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.gapTimeout = Objects.requireNonNull(gapTimeout, "gapTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Maps one row; column 1 of the query must be the seq. */
    public interface RowMapper<R> {
        R map(ResultSet rs) throws SQLException;
    }

    /**
     * The next rows the reader may handle, in seq order, and the seq the cursor moves to once
     * they are handled. Call {@link #advance} in the same transaction afterwards.
     */
    public record Batch<R>(List<R> rows, long from, long to) {
        public boolean isEmpty() {
            return rows.isEmpty() && from == to;
        }
    }

    /**
     * Locks the cursor and reads up to {@code limit} rows after it. {@code sql} selects rows with
     * {@code seq > ?} ordered by seq with {@code FETCH FIRST ? ROWS ONLY}; its first column is the seq.
     */
    public synchronized <R> Batch<R> read(Connection c, String sql, int limit, RowMapper<R> mapper)
            throws SQLException {
        // Nothing new is the usual answer of an idle engine: say so without locking the cursor.
        // A lock is a write, and on H2 each commit with a write stores the database (an idle
        // engine wrote ~120 KB/s only to lock its tails' cursors).
        Long seen = peekCursor(c);
        if (seen != null && !anyAfter(c, sql, seen)) {
            return new Batch<>(List.of(), seen, seen);
        }
        long last = lockCursor(c);
        List<R> rows = new ArrayList<>();
        long expected = last + 1;
        long to = last;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, last);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != expected && !gapPassed(expected)) {
                        break;
                    }
                    rows.add(mapper.map(rs));
                    to = seq;
                    expected = seq + 1;
                }
            }
        }
        return new Batch<>(rows, last, to);
    }

    /** Moves the cursor to the batch's end (in the caller's transaction). */
    public synchronized void advance(Connection c, Batch<?> batch) throws SQLException {
        if (batch.to() == batch.from()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE tail_cursor SET last_seq = ?, updated_at = ? WHERE name = ?")) {
            ps.setLong(1, batch.to());
            ps.setObject(2, Jdbc.ts(clock.instant()));
            ps.setString(3, name);
            ps.executeUpdate();
        }
        if (gapAt >= 0 && gapAt <= batch.to()) {
            gapAt = -1;
            gapSeen = null;
        }
    }

    private boolean gapPassed(long missing) {
        Instant now = clock.instant();
        if (gapAt != missing) {
            gapAt = missing;
            gapSeen = now;
            return false;
        }
        return !now.isBefore(gapSeen.plus(gapTimeout));
    }

    /** The cursor as last committed, without a lock; null before it exists. */
    private Long peekCursor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM tail_cursor WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static boolean anyAfter(Connection c, String sql, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seq);
            ps.setInt(2, 1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private long lockCursor(Connection c) throws SQLException {
        for (int tries = 0; tries < 2; tries++) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_seq FROM tail_cursor WHERE name = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getLong(1);
                    }
                }
            }
            var sp = c.setSavepoint();
            try (PreparedStatement in = c.prepareStatement(
                    "INSERT INTO tail_cursor (name, last_seq, updated_at) VALUES (?, 0, ?)")) {
                in.setString(1, name);
                in.setObject(2, Jdbc.ts(clock.instant()));
                in.executeUpdate();
                c.releaseSavepoint(sp);
            } catch (SQLException e) {
                if (!Jdbc.isUniqueViolation(e)) {
                    throw e;
                }
                // Another engine created it at the same moment: read (and lock) theirs.
                c.rollback(sp);
            }
        }
        throw new StoreException("tail cursor " + name + " could not be created", null);
    }
}
