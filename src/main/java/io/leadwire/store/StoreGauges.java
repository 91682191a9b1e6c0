package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * How many quarantined leads and open dead letters the store holds now, kept as two rows of
 * {@code store_gauge} (migration V16) by the transactions that change them, so that reading them
 * costs one short read however many there are, never a count over the leads.
 *
 * <p>Writers call {@link #add} inside their own transaction, after their other writes: the row
 * is then locked only for the moment before the commit, and every writer takes its locks on leads
 * or dead letters before the gauge's, so two writers cannot deadlock over it.
 */
public final class StoreGauges {
    /** Leads in status QUARANTINED, waiting on the quarantine desk. */
    public static final String QUARANTINED = "lead.quarantined";
    /** Dead letters nobody has resolved yet. */
    public static final String DEAD_LETTERS_OPEN = "dead_letter.open";

    private final DataSource dataSource;

    public StoreGauges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Adds {@code delta} (may be negative; zero writes nothing) to a gauge, in the caller's transaction. */
    static void add(Connection c, String gauge, long delta) throws SQLException {
        if (delta == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE store_gauge SET amount = amount + ? WHERE name = ?")) {
            ps.setLong(1, delta);
            ps.setString(2, gauge);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("the store gauge " + gauge + " is missing (migration V16 not applied?)");
            }
        }
    }

    /**
     * Sets every gauge to the real count, and says which were off (and by how much): run once at
     * engine start, so a gauge an older engine version left behind (it did not keep gauges) or a
     * defect made drift is right again. Safe beside running writers: each gauge row is locked
     * first, and the count is read after, in its own statement, so it sees every writer that
     * committed its change (and gauge update) before the lock was granted, and none after.
     *
     * @return the gauges that were off: name → (recounted value − kept value)
     */
    public Map<String, Long> recount() {
        return Jdbc.inTransaction(dataSource, "recount the store gauges", c -> {
            Map<String, Long> off = new LinkedHashMap<>();
            recount(c, QUARANTINED, "SELECT COUNT(*) FROM lead WHERE status = 'QUARANTINED'", off);
            recount(c, DEAD_LETTERS_OPEN, "SELECT COUNT(*) FROM dead_letter WHERE resolved_at IS NULL", off);
            return off;
        });
    }

    private static void recount(Connection c, String gauge, String countSql, Map<String, Long> off)
            throws SQLException {
        long kept;
        try (PreparedStatement lock = c.prepareStatement("SELECT amount FROM store_gauge WHERE name = ? FOR UPDATE")) {
            lock.setString(1, gauge);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException("the store gauge " + gauge + " is missing (migration V16 not applied?)");
                }
                kept = rs.getLong(1);
            }
        }
        long real;
        try (PreparedStatement count = c.prepareStatement(countSql); ResultSet rs = count.executeQuery()) {
            rs.next();
            real = rs.getLong(1);
        }
        if (real != kept) {
            try (PreparedStatement set = c.prepareStatement("UPDATE store_gauge SET amount = ? WHERE name = ?")) {
                set.setLong(1, real);
                set.setString(2, gauge);
                set.executeUpdate();
            }
            off.put(gauge, real - kept);
        }
    }

    /** Every gauge's current value. */
    public Map<String, Long> read() {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, amount FROM store_gauge ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the store gauges", e);
        }
        return out;
    }
}
