package io.leadwire.store;

import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Vendors and their hashed API keys. */
public final class VendorRepository {
    private static final String SELECT = "SELECT v.id, v.name, v.created_at, v.allowed_cidrs, "
            + "(SELECT k.key_prefix FROM vendor_api_key k WHERE k.vendor_id = v.id AND k.revoked_at IS NULL "
            + " ORDER BY k.created_at DESC FETCH FIRST 1 ROWS ONLY) AS key_prefix FROM vendor v ";

    private final DataSource dataSource;

    public VendorRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts a vendor with its first key.
     *
     * @throws DuplicateNameException when the name is taken
     */
    public Vendor create(String name, List<String> cidrs, String keyHash, String keyPrefix, Instant now) {
        String id = UUID.randomUUID().toString();
        Jdbc.inTransaction(dataSource, "create vendor", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO vendor (id, name, created_at, allowed_cidrs) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setObject(3, Jdbc.ts(now));
                ps.setString(4, String.join(",", cidrs));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new DuplicateNameException(name);
                }
                throw e;
            }
            insertKey(c, id, keyHash, keyPrefix, now);
            return null;
        });
        return new Vendor(id, name, now, cidrs, keyPrefix);
    }

    /** Revokes every active key of the vendor and adds a new one, in one transaction. */
    public void replaceKey(String vendorId, String keyHash, String keyPrefix, Instant now) {
        inTransaction(c -> {
            revokeAll(c, vendorId, now);
            insertKey(c, vendorId, keyHash, keyPrefix, now);
        });
    }

    /** Revokes every active key; the vendor can no longer post until a key is rotated in. */
    public void revokeKeys(String vendorId, Instant now) {
        inTransaction(c -> revokeAll(c, vendorId, now));
    }

    public void setAllowedCidrs(String vendorId, List<String> cidrs) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vendor SET allowed_cidrs = ? WHERE id = ?")) {
                ps.setString(1, String.join(",", cidrs));
                ps.setString(2, vendorId);
                ps.executeUpdate();
            }
        });
    }

    public Optional<Vendor> findByName(String name) {
        return queryOne(SELECT + "WHERE v.name = ?", name);
    }

    public Optional<Vendor> findById(String id) {
        return queryOne(SELECT + "WHERE v.id = ?", id);
    }

    /** The vendor owning an active (not revoked) key with this hash. */
    public Optional<Vendor> findByActiveKeyHash(String keyHash) {
        return queryOne(SELECT + "WHERE v.id = (SELECT k.vendor_id FROM vendor_api_key k "
                + "WHERE k.key_hash = ? AND k.revoked_at IS NULL)", keyHash);
    }

    public List<Vendor> findAll() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SELECT + "ORDER BY v.name");
             ResultSet rs = ps.executeQuery()) {
            List<Vendor> out = new ArrayList<>();
            while (rs.next()) {
                out.add(map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not list vendors", e);
        }
    }

    private Optional<Vendor> queryOne(String sql, String arg) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read vendor", e);
        }
    }

    private static Vendor map(ResultSet rs) throws SQLException {
        String cidrs = rs.getString("allowed_cidrs");
        List<String> list = cidrs == null || cidrs.isBlank() ? List.of() : Arrays.asList(cidrs.split(","));
        return new Vendor(rs.getString("id"), rs.getString("name"), Jdbc.instant(rs.getObject("created_at")),
                list, rs.getString("key_prefix"));
    }

    private static void insertKey(Connection c, String vendorId, String hash, String prefix, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO vendor_api_key "
                + "(id, vendor_id, key_hash, key_prefix, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, vendorId);
            ps.setString(3, hash);
            ps.setString(4, prefix);
            ps.setObject(5, Jdbc.ts(now));
            ps.executeUpdate();
        }
    }

    private static void revokeAll(Connection c, String vendorId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE vendor_api_key SET revoked_at = ? WHERE vendor_id = ? AND revoked_at IS NULL")) {
            ps.setObject(1, Jdbc.ts(now));
            ps.setString(2, vendorId);
            ps.executeUpdate();
        }
    }

    // ---- vendor dialects (inbound field mappings) ----

    /** Sets (replaces) the vendor's dialect document. */
    public void setDialect(String vendorId, String dialectJson, Instant now) {
        inTransaction(c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM vendor_dialect WHERE vendor_id = ?");
                 PreparedStatement ins = c.prepareStatement(
                         "INSERT INTO vendor_dialect (vendor_id, dialect_json, updated_at) VALUES (?, ?, ?)")) {
                del.setString(1, vendorId);
                del.executeUpdate();
                ins.setString(1, vendorId);
                ins.setString(2, dialectJson);
                ins.setObject(3, Jdbc.ts(now));
                ins.executeUpdate();
            }
        });
    }

    /** Removes the vendor's dialect: its leads are read as canonical fields again. */
    public void clearDialect(String vendorId) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM vendor_dialect WHERE vendor_id = ?")) {
                ps.setString(1, vendorId);
                ps.executeUpdate();
            }
        });
    }

    /** The vendor's dialect document, if one is set. */
    public Optional<String> findDialect(String vendorId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT dialect_json FROM vendor_dialect WHERE vendor_id = ?")) {
            ps.setString(1, vendorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the vendor's dialect", e);
        }
    }

    /** The ids of the vendors that have a dialect. */
    public java.util.Set<String> vendorsWithDialect() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT vendor_id FROM vendor_dialect");
             ResultSet rs = ps.executeQuery()) {
            java.util.Set<String> out = new java.util.HashSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not list dialects", e);
        }
    }

    // ---- pull intake ----

    private static final String POLL_COLUMNS = "vendor_id, mode, url, auth_kind, auth_name, auth_secret, "
            + "interval_seconds, cursor_param, page_size_param, page_size, items_path, cursor_field, cursor_value, "
            + "last_success_at, last_error, last_error_at, next_attempt_at, consecutive_failures, last_round_new, "
            + "last_round_duplicates";

    /**
     * Saves the vendor's poll settings. The cursor is kept unless {@code resetCursor}; the failure
     * count is cleared and the next poll is due at once.
     */
    public void savePollSettings(String vendorId, VendorPoll.Settings s, boolean resetCursor, Instant now) {
        inTransaction(c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE vendor_poll SET mode = ?, url = ?, auth_kind = ?, "
                    + "auth_name = ?, auth_secret = ?, interval_seconds = ?, cursor_param = ?, page_size_param = ?, "
                    + "page_size = ?, items_path = ?, cursor_field = ?, consecutive_failures = 0, "
                    + "next_attempt_at = NULL, updated_at = ?"
                    + (resetCursor ? ", cursor_value = NULL" : "") + " WHERE vendor_id = ?")) {
                int i = bindSettings(ps, s);
                ps.setObject(i++, Jdbc.ts(now));
                ps.setString(i, vendorId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO vendor_poll (mode, url, auth_kind, "
                        + "auth_name, auth_secret, interval_seconds, cursor_param, page_size_param, page_size, "
                        + "items_path, cursor_field, updated_at, vendor_id) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    int i = bindSettings(ps, s);
                    ps.setObject(i++, Jdbc.ts(now));
                    ps.setString(i, vendorId);
                    ps.executeUpdate();
                }
            }
        });
    }

    private static int bindSettings(PreparedStatement ps, VendorPoll.Settings s) throws SQLException {
        ps.setString(1, s.mode().name());
        ps.setString(2, s.url());
        ps.setString(3, s.authKind().name());
        ps.setString(4, s.authName());
        ps.setString(5, s.sealedSecret());
        ps.setInt(6, (int) s.interval().toSeconds());
        ps.setString(7, s.cursorParam());
        ps.setString(8, s.pageSizeParam());
        ps.setInt(9, s.pageSize());
        ps.setString(10, s.itemsPath());
        ps.setString(11, s.cursorField());
        return 12;
    }

    /** Switches polling off, keeping the cursor. False when the vendor was not polled. */
    public boolean stopPolling(String vendorId, Instant now) {
        return Jdbc.inTransaction(dataSource, "update vendor", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE vendor_poll SET mode = 'OFF', updated_at = ? WHERE vendor_id = ?")) {
                ps.setObject(1, Jdbc.ts(now));
                ps.setString(2, vendorId);
                return ps.executeUpdate() > 0;
            }
        });
    }

    public Optional<VendorPoll> findPoll(String vendorId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT " + POLL_COLUMNS + " FROM vendor_poll WHERE vendor_id = ?")) {
            ps.setString(1, vendorId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapPoll(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the vendor's poll settings", e);
        }
    }

    /** Every vendor's poll settings and state, by vendor id. */
    public Map<String, VendorPoll> findAllPolls() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + POLL_COLUMNS + " FROM vendor_poll");
             ResultSet rs = ps.executeQuery()) {
            Map<String, VendorPoll> out = new HashMap<>();
            while (rs.next()) {
                VendorPoll p = mapPoll(rs);
                out.put(p.vendorId(), p);
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not list poll settings", e);
        }
    }

    /** Stores the cursor after the leads up to it have been committed. */
    public void advancePollCursor(String vendorId, String cursor) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE vendor_poll SET cursor_value = ? WHERE vendor_id = ?")) {
                ps.setString(1, cursor);
                ps.setString(2, vendorId);
                ps.executeUpdate();
            }
        });
    }

    /** Records a successful round: failures cleared, next poll at {@code next}. */
    public void recordPollSuccess(String vendorId, Instant now, Instant next, int newLeads, int duplicates) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vendor_poll SET last_success_at = ?, "
                    + "next_attempt_at = ?, consecutive_failures = 0, last_round_new = ?, last_round_duplicates = ? "
                    + "WHERE vendor_id = ?")) {
                ps.setObject(1, Jdbc.ts(now));
                ps.setObject(2, Jdbc.ts(next));
                ps.setInt(3, newLeads);
                ps.setInt(4, duplicates);
                ps.setString(5, vendorId);
                ps.executeUpdate();
            }
        });
    }

    /** Records a failed round: the error, the failure count and when to try again. */
    public void recordPollFailure(String vendorId, String error, Instant now, Instant next, int failures) {
        inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE vendor_poll SET last_error = ?, last_error_at = ?, "
                    + "next_attempt_at = ?, consecutive_failures = ? WHERE vendor_id = ?")) {
                ps.setString(1, error.length() <= 1000 ? error : error.substring(0, 1000));
                ps.setObject(2, Jdbc.ts(now));
                ps.setObject(3, Jdbc.ts(next));
                ps.setInt(4, failures);
                ps.setString(5, vendorId);
                ps.executeUpdate();
            }
        });
    }

    private static VendorPoll mapPoll(ResultSet rs) throws SQLException {
        VendorPoll.Settings s = new VendorPoll.Settings(VendorPoll.Mode.valueOf(rs.getString("mode")),
                rs.getString("url"), VendorPoll.AuthKind.valueOf(rs.getString("auth_kind")),
                rs.getString("auth_name"), rs.getString("auth_secret"),
                Duration.ofSeconds(rs.getInt("interval_seconds")), rs.getString("cursor_param"),
                rs.getString("page_size_param"), rs.getInt("page_size"), rs.getString("items_path"),
                rs.getString("cursor_field"));
        VendorPoll.State st = new VendorPoll.State(rs.getString("cursor_value"),
                Jdbc.instant(rs.getObject("last_success_at")), rs.getString("last_error"),
                Jdbc.instant(rs.getObject("last_error_at")), Jdbc.instant(rs.getObject("next_attempt_at")),
                rs.getInt("consecutive_failures"), rs.getInt("last_round_new"), rs.getInt("last_round_duplicates"));
        return new VendorPoll(rs.getString("vendor_id"), s, st);
    }

    private interface SqlAction {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(SqlAction action) {
        Jdbc.inTransaction(dataSource, "update vendor", c -> {
            action.run(c);
            return null;
        });
    }

    /** A vendor with this name exists already. */
    public static final class DuplicateNameException extends StoreException {
        private static final long serialVersionUID = 1L;

        public DuplicateNameException(String name) {
            super("a vendor named '" + name + "' exists already");
        }
    }
}
