package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Buyer mapping documents: one working draft per buyer and its published versions.
 *
 * <p>The store only keeps JSON text; parsing and validating a document is the mapping package's
 * job, done by the caller before it publishes. A published version never changes: this class has
 * no statement that updates or deletes a version, and every publish inserts a new row whose
 * number the primary key (buyer, version) makes unique. Publishes of one buyer are serialized by
 * a row lock on the buyer, so two processes publishing at once get consecutive numbers; should
 * the numbers still collide (a database without that lock), the loser retries with the next one.
 */
public final class MappingRepository {
    private static final int MAX_ATTEMPTS = 5;
    private static final String SELECT_VERSION = "SELECT buyer, version, document_json, published_at, published_by, "
            + "note FROM mapping_version ";

    private final DataSource dataSource;

    public MappingRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Thrown when a buyer has no such version. */
    public static final class UnknownVersionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public UnknownVersionException(String buyer, int version) {
            super("buyer '" + buyer + "' has no version " + version);
        }
    }

    /** Names of the buyers having a draft or a published version, sorted. */
    public List<String> buyers() {
        return Jdbc.inTransaction(dataSource, "list mapping buyers", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT b.buyer FROM mapping_buyer b "
                    + "WHERE b.draft_json IS NOT NULL "
                    + "OR EXISTS (SELECT 1 FROM mapping_version v WHERE v.buyer = b.buyer) ORDER BY b.buyer");
                 ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    /** The buyer's working draft, if one was saved or published. */
    public Optional<String> draft(String buyer) {
        return Jdbc.inTransaction(dataSource, "read the mapping draft", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT draft_json FROM mapping_buyer WHERE buyer = ?")) {
                ps.setString(1, buyer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** Replaces the buyer's working draft (published versions stay as they are). */
    public void saveDraft(String buyer, String documentJson, Instant at) {
        requireBuyer(buyer);
        ensureBuyer(buyer);
        Jdbc.inTransaction(dataSource, "save the mapping draft", c -> {
            setDraft(c, buyer, documentJson, at);
            return null;
        });
    }

    /**
     * Publishes {@code documentJson} as the buyer's next version (the previous highest plus one,
     * 1 for the first) and makes it the working draft too.
     */
    public MappingVersionRow publish(String buyer, String documentJson, String operator, String note, Instant at) {
        requireBuyer(buyer);
        if (documentJson == null) {
            throw new IllegalArgumentException("a published mapping needs a document");
        }
        ensureBuyer(buyer);
        // The database keeps microseconds: the row returned is the row read back later.
        Instant publishedAt = at.truncatedTo(ChronoUnit.MICROS);
        for (int attempt = 1; ; attempt++) {
            try {
                return Jdbc.inTransaction(dataSource, "publish the mapping of " + buyer, c -> {
                    // Locks the buyer's row until commit: the next publisher waits here, then sees this version.
                    setDraft(c, buyer, documentJson, publishedAt);
                    int next = maxVersion(c, buyer) + 1;
                    MappingVersionRow row = new MappingVersionRow(buyer, next, documentJson, publishedAt,
                            operator == null ? "" : operator, note == null ? "" : note);
                    insertVersion(c, row);
                    return row;
                });
            } catch (StoreException e) {
                if (attempt >= MAX_ATTEMPTS || !(e.getCause() instanceof SQLException sql)
                        || !Jdbc.isUniqueViolation(sql)) {
                    throw e;
                }
            }
        }
    }

    /** The buyer's published versions, newest first (empty when none). */
    public List<MappingVersionRow> history(String buyer) {
        return Jdbc.inTransaction(dataSource, "read the mapping history", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION + "WHERE buyer = ? ORDER BY version DESC")) {
                ps.setString(1, buyer);
                try (ResultSet rs = ps.executeQuery()) {
                    List<MappingVersionRow> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                    return out;
                }
            }
        });
    }

    /** One published version of the buyer's mapping. */
    public Optional<MappingVersionRow> version(String buyer, int version) {
        return Jdbc.inTransaction(dataSource, "read a mapping version", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION + "WHERE buyer = ? AND version = ?")) {
                ps.setString(1, buyer);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<MappingVersionRow>empty();
                }
            }
        });
    }

    /** The buyer's highest published version. */
    public Optional<MappingVersionRow> latest(String buyer) {
        return Jdbc.inTransaction(dataSource, "read the latest mapping version", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT_VERSION
                    + "WHERE buyer = ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")) {
                ps.setString(1, buyer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<MappingVersionRow>empty();
                }
            }
        });
    }

    /**
     * Rolls the buyer back to {@code toVersion}: publishes a copy of it as a new version with the
     * note "rollback to vN" and makes it the draft. History is never rewritten.
     *
     * @throws UnknownVersionException when the buyer has no such version
     */
    public MappingVersionRow rollback(String buyer, int toVersion, String operator, Instant at) {
        MappingVersionRow target = version(buyer, toVersion)
                .orElseThrow(() -> new UnknownVersionException(buyer, toVersion));
        return publish(buyer, target.documentJson(), operator, "rollback to v" + toVersion, at);
    }

    private static void requireBuyer(String buyer) {
        if (buyer == null || buyer.isBlank()) {
            throw new IllegalArgumentException("a buyer name is required");
        }
        if (buyer.length() > 100) {
            throw new IllegalArgumentException("a buyer name has at most 100 characters");
        }
    }

    /** Creates the buyer's row outside the publishing transaction, so racing creators cannot abort it. */
    private void ensureBuyer(String buyer) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO mapping_buyer (buyer) "
                     + "SELECT CAST(? AS VARCHAR(100)) "
                     + "WHERE NOT EXISTS (SELECT 1 FROM mapping_buyer WHERE buyer = ?)")) {
            ps.setString(1, buyer);
            ps.setString(2, buyer);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw new StoreException("could not register mapping buyer " + buyer, e);
            }
        }
    }

    private static void setDraft(Connection c, String buyer, String documentJson, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE mapping_buyer SET draft_json = ?, draft_saved_at = ? WHERE buyer = ?")) {
            ps.setString(1, documentJson);
            ps.setObject(2, Jdbc.ts(at));
            ps.setString(3, buyer);
            if (ps.executeUpdate() != 1) {
                throw new StoreException("mapping buyer " + buyer + " vanished");
            }
        }
    }

    private static int maxVersion(Connection c, String buyer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COALESCE(MAX(version), 0) FROM mapping_version WHERE buyer = ?")) {
            ps.setString(1, buyer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void insertVersion(Connection c, MappingVersionRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO mapping_version "
                + "(buyer, version, document_json, published_at, published_by, note) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, row.buyer());
            ps.setInt(2, row.version());
            ps.setString(3, row.documentJson());
            ps.setObject(4, Jdbc.ts(row.publishedAt()));
            ps.setString(5, row.publishedBy());
            ps.setString(6, row.note());
            ps.executeUpdate();
        }
    }

    private static MappingVersionRow row(ResultSet rs) throws SQLException {
        return new MappingVersionRow(rs.getString(1), rs.getInt(2), rs.getString(3), Jdbc.instant(rs.getObject(4)),
                rs.getString(5), rs.getString(6));
    }
}
