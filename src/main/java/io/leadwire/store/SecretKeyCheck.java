package io.leadwire.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Whether this engine's {@link SecretBox} is the one the database's sealed secrets were made
 * with: the database keeps a known text sealed with the first engine's key, and every later
 * engine must be able to open it. Holds no key material, only the sealed check.
 */
public final class SecretKeyCheck {
    /** The text that is sealed; what matters is only that the key opens it. */
    static final String CHECK_TEXT = "leadwire secrets key check";

    /** What a check found. */
    public enum Result {
        /** The database had no check yet: one sealed with this key is stored now. */
        STORED,
        /** This key opens the database's check. */
        SAME_KEY,
        /** This key cannot open the database's check: it is not the one the others use. */
        OTHER_KEY
    }

    private final DataSource dataSource;

    public SecretKeyCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Checks {@code box} against the database, storing the check first if there is none (a new
     * database, or one from before the check). Two engines starting at once on a database without
     * a check store one between them: the second one's insert fails and it checks against the
     * first one's.
     */
    public Result verify(SecretBox box, String holder, Instant now) {
        Optional<String> sealed = read();
        if (sealed.isEmpty()) {
            try {
                Jdbc.inTransaction(dataSource, "store the secrets key check", c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO secrets_key_check "
                            + "(id, sealed, created_at, created_by) VALUES (1, ?, ?, ?)")) {
                        ps.setString(1, box.seal(CHECK_TEXT));
                        ps.setObject(2, Jdbc.ts(now));
                        ps.setString(3, holder.length() > 200 ? holder.substring(0, 200) : holder);
                        ps.executeUpdate();
                    }
                    return null;
                });
                return Result.STORED;
            } catch (StoreException e) {
                sealed = read(); // another engine stored one meanwhile: check against it
                if (sealed.isEmpty()) {
                    throw e;
                }
            }
        }
        try {
            return CHECK_TEXT.equals(box.open(sealed.get())) ? Result.SAME_KEY : Result.OTHER_KEY;
        } catch (IllegalArgumentException e) {
            return Result.OTHER_KEY;
        }
    }

    private Optional<String> read() {
        return Jdbc.inTransaction(dataSource, "read the secrets key check", c -> read(c));
    }

    private static Optional<String> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT sealed FROM secrets_key_check WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
