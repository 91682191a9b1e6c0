package io.leadwire.store;

import io.leadwire.lead.Vendor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
