package io.leadwire.store;

import io.leadwire.lead.IntakeRefusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Requests the intake refused, kept for the vendor desk and for disputes. */
public final class RefusalRepository {
    private final DataSource dataSource;
    public RefusalRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts refusals with one commit. */
    public void insertAll(List<IntakeRefusal> refusals) {
        Jdbc.inTransaction(dataSource, "record refusals", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO intake_refusal "
                    + "(at, vendor_id, remote_ip, http_status, reason, field, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (IntakeRefusal r : refusals) {
                    ps.setObject(1, Jdbc.ts(r.at()));
                    if (r.vendorId() == null) {
                        ps.setNull(2, Types.VARCHAR);
                    } else {
                        ps.setString(2, r.vendorId());
                    }
                    ps.setString(3, r.remoteIp());
                    ps.setInt(4, r.httpStatus());
                    ps.setString(5, r.reason());
                    ps.setString(6, clip(r.field(), 200));
                    ps.setString(7, clip(r.detail(), 1000));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** Refusals at or after {@code since} per vendor id (unidentified callers under {@code null}). */
    public Map<String, Long> countByVendorSince(Instant since) {
        return Jdbc.groupCount(dataSource, "SELECT vendor_id, COUNT(*) FROM intake_refusal WHERE at >= ? GROUP BY vendor_id",
                since);
    }

    /** The newest refusals, newest first. */
    public List<IntakeRefusal> recent(String vendorId, int limit) {
        String sql = "SELECT at, vendor_id, remote_ip, http_status, reason, field, detail FROM intake_refusal "
                + (vendorId == null ? "" : "WHERE vendor_id = ? ") + "ORDER BY seq DESC FETCH FIRST ? ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (vendorId != null) {
                ps.setString(i++, vendorId);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<IntakeRefusal> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new IntakeRefusal(Jdbc.instant(rs.getObject(1)), rs.getString(2), rs.getString(3),
                            rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read refusals", e);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
