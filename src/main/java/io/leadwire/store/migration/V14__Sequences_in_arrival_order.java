package io.leadwire.store.migration;

import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Makes lead_event's seq follow arrival order on PostgreSQL too. V3 gave the sequence a cache of
 * 1000 because H2 makes its sequences durable with a store commit every CACHE values; H2's cache
 * is one per database, so numbers are still handed out in order. PostgreSQL caches per session:
 * with two connections, one would number 1..1000 and the other 1001..2000 at the same time, and
 * timelines (ordered by seq) and everything that tails lead_event by seq would see events out of
 * order. So on PostgreSQL the cache is 1, its default. A Java migration because plain SQL cannot
 * say "only on PostgreSQL".
 */
public final class V14__Sequences_in_arrival_order extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if (!"PostgreSQL".equals(product)) {
            return;
        }
        try (Statement st = context.getConnection().createStatement()) {
            st.execute("ALTER TABLE lead_event ALTER COLUMN seq SET CACHE 1");
        }
    }
}
