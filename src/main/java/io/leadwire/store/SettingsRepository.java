package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Engine settings as named JSON documents, shared by every engine process on the database, with
 * the history of each change. The documents are opaque strings here: each section's codec (in
 * the package that owns the section) reads and validates them.
 *
 * <p>Every save raises the document's version by one and is checked against the version the
 * editor started from, so two consoles editing at once cannot silently overwrite each other.
 */
public final class SettingsRepository {
    private final DataSource dataSource;

    public SettingsRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** A stored settings document; {@code version} starts at 1 and grows with every save. */
    public record StoredSetting(String name, String json, long version, Instant updatedAt, String updatedBy) {
    }

    /** One change of a document: who, when, and the document before (null for the first save) and after. */
    public record SettingChange(String name, long version, String oldJson, String newJson, Instant changedAt,
                                String changedBy) {
    }

    /** The document saved under {@code name}, or empty if none was ever saved (the defaults apply). */
    public Optional<StoredSetting> find(String name) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, name);
        } catch (SQLException e) {
            throw new StoreException("could not read the settings '" + name + "'", e);
        }
    }

    /** The version of every saved document: one small query, cheap enough to run every few seconds. */
    public Map<String, Long> versions() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name, version FROM engine_setting");
             ResultSet rs = ps.executeQuery()) {
            Map<String, Long> out = new HashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("could not read the settings versions", e);
        }
    }

    /**
     * Saves a document and records the change, in one transaction.
     *
     * @param expectedVersion the version the editor started from; 0 when none was saved yet
     * @return the stored document with its new version
     * @throws StaleSettingException when someone else saved the document since {@code expectedVersion}
     * @throws IllegalArgumentException when {@code expectedVersion} names a version that never existed
     */
    public StoredSetting save(String name, String json, long expectedVersion, String user, Instant now) {
        Objects.requireNonNull(json, "json");
        String who = user == null || user.isBlank() ? "unknown" : clip(user, 200);
        return Jdbc.inTransaction(dataSource, "save the settings '" + name + "'", c -> {
            Optional<StoredSetting> old = find(c, name);
            long current = old.map(StoredSetting::version).orElse(0L);
            if (old.isEmpty() && expectedVersion != 0) {
                throw new IllegalArgumentException("the settings '" + name + "' have no version " + expectedVersion
                        + "; nothing was saved yet");
            }
            if (current != expectedVersion) {
                throw new StaleSettingException(name, expectedVersion, old.orElseThrow());
            }
            long version = current + 1;
            if (old.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO engine_setting "
                        + "(name, json, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, name);
                    ps.setString(2, json);
                    ps.setLong(3, version);
                    ps.setObject(4, Jdbc.ts(now));
                    ps.setString(5, who);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (Jdbc.isUniqueViolation(e)) {
                        // Another process saved the first version between our read and insert.
                        throw new StaleSettingException(name, expectedVersion, find(c, name).orElseThrow());
                    }
                    throw e;
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement("UPDATE engine_setting SET json = ?, version = ?, "
                        + "updated_at = ?, updated_by = ? WHERE name = ? AND version = ?")) {
                    ps.setString(1, json);
                    ps.setLong(2, version);
                    ps.setObject(3, Jdbc.ts(now));
                    ps.setString(4, who);
                    ps.setString(5, name);
                    ps.setLong(6, current);
                    if (ps.executeUpdate() != 1) {
                        throw new StaleSettingException(name, expectedVersion, find(c, name).orElseThrow());
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO engine_setting_history "
                    + "(name, version, old_json, new_json, changed_at, changed_by) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setLong(2, version);
                ps.setString(3, old.map(StoredSetting::json).orElse(null));
                ps.setString(4, json);
                ps.setObject(5, Jdbc.ts(now));
                ps.setString(6, who);
                ps.executeUpdate();
            }
            return new StoredSetting(name, json, version, now, who);
        });
    }

    /** The newest changes of a document, newest first. */
    public List<SettingChange> history(String name, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name, version, old_json, new_json, changed_at, changed_by FROM engine_setting_history "
                        + "WHERE name = ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
            ps.setString(1, name);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<SettingChange> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new SettingChange(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            Jdbc.instant(rs.getObject(5)), rs.getString(6)));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("could not read the history of the settings '" + name + "'", e);
        }
    }

    private static Optional<StoredSetting> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT name, json, version, updated_at, updated_by FROM engine_setting WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new StoredSetting(rs.getString(1), rs.getString(2), rs.getLong(3),
                        Jdbc.instant(rs.getObject(4)), rs.getString(5))) : Optional.empty();
            }
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** The document was saved by someone else since the editor loaded it. */
    public static final class StaleSettingException extends StoreException {
        private static final long serialVersionUID = 1L;
        private final transient StoredSetting current;

        public StaleSettingException(String name, long expectedVersion, StoredSetting current) {
            super("the settings '" + name + "' were changed by " + current.updatedBy() + " at " + current.updatedAt()
                    + " while you edited them (your copy is version " + expectedVersion + ", theirs "
                    + current.version() + ")");
            this.current = current;
        }

        /** The document as the other editor saved it. */
        public StoredSetting current() {
            return current;
        }
    }
}
