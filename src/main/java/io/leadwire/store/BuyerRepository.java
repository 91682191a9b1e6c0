package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Buyers, their sealed secrets and the operators' manual breaker states. Secrets arrive here
 * already sealed ({@link SecretBox}); this repository never sees them in clear.
 */
public final class BuyerRepository {
    private static final String COLUMNS = "id, name, config_json, enabled, created_at, updated_at, updated_by, revision";

    private final DataSource dataSource;

    public BuyerRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates the buyer {@code name}, or replaces its settings when it exists (revision + 1).
     *
     * @return the stored row
     */
    public BuyerRow save(String name, String configJson, boolean enabled, String operator, Instant at) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a buyer name has 1 to 100 characters");
        }
        return Jdbc.inTransaction(dataSource, "save buyer " + name, c -> {
            Optional<BuyerRow> existing = find(c, "name", name, true);
            if (existing.isPresent()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE buyer SET config_json = ?, enabled = ?, "
                        + "updated_at = ?, updated_by = ?, revision = revision + 1 WHERE id = ?")) {
                    ps.setString(1, configJson);
                    ps.setBoolean(2, enabled);
                    ps.setObject(3, Jdbc.ts(at));
                    ps.setString(4, operator);
                    ps.setString(5, existing.get().id());
                    ps.executeUpdate();
                }
                return find(c, "id", existing.get().id(), false).orElseThrow();
            }
            String id = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO buyer (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, 1)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, configJson);
                ps.setBoolean(4, enabled);
                ps.setObject(5, Jdbc.ts(at));
                ps.setObject(6, Jdbc.ts(at));
                ps.setString(7, operator);
                ps.executeUpdate();
            }
            return find(c, "id", id, false).orElseThrow();
        });
    }

    /** Switches a buyer on or off without touching its settings. */
    public void setEnabled(String buyerId, boolean enabled, String operator, Instant at) {
        Jdbc.inTransaction(dataSource, "switch buyer", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE buyer SET enabled = ?, updated_at = ?, "
                    + "updated_by = ?, revision = revision + 1 WHERE id = ?")) {
                ps.setBoolean(1, enabled);
                ps.setObject(2, Jdbc.ts(at));
                ps.setString(3, operator);
                ps.setString(4, buyerId);
                if (ps.executeUpdate() == 0) {
                    throw new IllegalArgumentException("no buyer with id " + buyerId);
                }
            }
            return null;
        });
    }

    public Optional<BuyerRow> findByName(String name) {
        return Jdbc.inTransaction(dataSource, "read buyer", c -> find(c, "name", name, false));
    }

    public Optional<BuyerRow> findById(String id) {
        return Jdbc.inTransaction(dataSource, "read buyer", c -> find(c, "id", id, false));
    }

    /** Every buyer, by name. */
    public List<BuyerRow> all() {
        return Jdbc.inTransaction(dataSource, "list buyers", c -> {
            List<BuyerRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM buyer ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /**
     * A number that changes whenever a buyer, a buyer secret or a published mapping version
     * changes: one cheap query lets every engine on the database notice edits made elsewhere.
     */
    public long changeStamp() {
        return Jdbc.inTransaction(dataSource, "probe buyers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(revision), 0), "
                    + "(SELECT COUNT(*) FROM mapping_version) FROM buyer");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return (rs.getLong(1) * 1_000_003L + rs.getLong(2)) * 1_000_033L + rs.getLong(3);
            }
        });
    }

    /** Stores (or replaces) one sealed secret of a buyer. */
    public void putSecret(String buyerId, String name, String sealed, Instant at) {
        Jdbc.inTransaction(dataSource, "store buyer secret", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM buyer_secret WHERE buyer_id = ? AND name = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO buyer_secret (buyer_id, name, sealed, updated_at) VALUES (?, ?, ?, ?)")) {
                del.setString(1, buyerId);
                del.setString(2, name);
                del.executeUpdate();
                ins.setString(1, buyerId);
                ins.setString(2, name);
                ins.setString(3, sealed);
                ins.setObject(4, Jdbc.ts(at));
                ins.executeUpdate();
            }
            bumpRevision(c, buyerId, at);
            return null;
        });
    }

    /** Removes a secret; true when there was one. */
    public boolean removeSecret(String buyerId, String name, Instant at) {
        return Jdbc.inTransaction(dataSource, "remove buyer secret", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM buyer_secret WHERE buyer_id = ? AND name = ?")) {
                ps.setString(1, buyerId);
                ps.setString(2, name);
                boolean removed = ps.executeUpdate() > 0;
                if (removed) {
                    bumpRevision(c, buyerId, at);
                }
                return removed;
            }
        });
    }

    /** The buyer's secrets, name → sealed text. */
    public Map<String, String> sealedSecrets(String buyerId) {
        return Jdbc.inTransaction(dataSource, "read buyer secrets", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name, sealed FROM buyer_secret WHERE buyer_id = ? ORDER BY name")) {
                ps.setString(1, buyerId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return out;
        });
    }

    /** A manual breaker state for the buyer ({@code forced_open} or {@code forced_closed}), or null for automatic. */
    public void setBreakerOverride(String buyerId, String state, String operator, Instant at) {
        Jdbc.inTransaction(dataSource, "set breaker override", c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM buyer_breaker_override WHERE buyer_id = ?")) {
                del.setString(1, buyerId);
                del.executeUpdate();
            }
            if (state != null) {
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO buyer_breaker_override "
                        + "(buyer_id, state, set_by, set_at) VALUES (?, ?, ?, ?)")) {
                    ins.setString(1, buyerId);
                    ins.setString(2, state);
                    ins.setString(3, operator);
                    ins.setObject(4, Jdbc.ts(at));
                    ins.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Buyer id → manual breaker state, for the buyers that have one. */
    public Map<String, String> breakerOverrides() {
        return Jdbc.inTransaction(dataSource, "read breaker overrides", c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT buyer_id, state FROM buyer_breaker_override");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        });
    }

    private static void bumpRevision(Connection c, String buyerId, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE buyer SET revision = revision + 1, updated_at = ? WHERE id = ?")) {
            ps.setObject(1, Jdbc.ts(at));
            ps.setString(2, buyerId);
            if (ps.executeUpdate() == 0) {
                throw new IllegalArgumentException("no buyer with id " + buyerId);
            }
        }
    }

    private static Optional<BuyerRow> find(Connection c, String column, String value, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM buyer WHERE " + column + " = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static BuyerRow row(ResultSet rs) throws SQLException {
        return new BuyerRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                Jdbc.instant(rs.getObject(5)), Jdbc.instant(rs.getObject(6)), rs.getString(7), rs.getInt(8));
    }
}
