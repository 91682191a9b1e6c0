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
            // A database from before the check may already hold secrets: then only their key may
            // become the reference, not that of whichever node or admin command comes first.
            Optional<String> existing = Jdbc.inTransaction(dataSource, "read a sealed secret", SecretKeyCheck::anySealed);
            if (existing.isPresent() && !opens(box, existing.get())) {
                return Result.OTHER_KEY;
            }
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

    private static boolean opens(SecretBox box, String sealed) {
        try {
            box.open(sealed);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** One buyer or webhook secret already sealed in the database, if any. */
    private static Optional<String> anySealed(Connection c) throws SQLException {
        for (String sql : new String[] {"SELECT sealed FROM buyer_secret FETCH FIRST 1 ROWS ONLY",
            "SELECT sealed FROM webhook_secret FETCH FIRST 1 ROWS ONLY"}) {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return Optional.of(rs.getString(1));
                }
            }
        }
        return Optional.empty();
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
