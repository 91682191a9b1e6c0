package io.leadwire.store.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Two changes for the embedded store (H2) that cut the writes behind every delivery; PostgreSQL
 * is left as it is.
 *
 * <ol>
 *   <li><b>Sequence caches.</b> H2 makes an identity sequence durable with a whole store commit
 *       every CACHE values (default 32): with a delivery, its routing decision, its attempt and its
 *       outcome that was one extra store per eight deliveries. A cache of 1000 (as lead_event has
 *       had since V3) makes it one per 250. H2's cache is one per database, so numbers are still
 *       handed out in arrival order; a restart may skip the rest of a cache, and the tails wait
 *       out such a gap once ({@code SeqTail}). PostgreSQL caches per session, which would number
 *       rows out of order (see V14), so there it stays 1.</li>
 *   <li><b>One index per lead or delivery reference, not two.</b> H2 gave each foreign key its
 *       own index on the referencing column ({@code lead_event (lead_id)}, …), and the migrations
 *       also made {@code (lead_id, seq)} indexes for timelines, which PostgreSQL needs because it
 *       makes no index for a foreign key. On H2 the single-column index already holds its entries
 *       in seq order (seq is these tables' row key), and a lead's or delivery's few rows sort in no
 *       time, so the composite copy only cost a tree write per row. H2 cannot back a foreign key
 *       with a longer index, so the composite one is the one dropped.</li>
 * </ol>
 */
public final class V15__Fewer_writes_per_delivery extends BaseJavaMigration {
    /** Tables written for every lead or delivery. */
    private static final List<String> HOT_SEQUENCES = List.of("lead", "routing_decision", "delivery",
            "delivery_attempt", "lead_outcome", "intake_refusal", "callback_event");

    /** Composite indexes that repeat a foreign key's own index on H2. */
    private static final List<String> SPARE_INDEXES = List.of("ix_lead_event_lead", "ix_routing_decision_lead",
            "ix_delivery_attempt_delivery", "ix_lead_outcome_lead");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if (!"H2".equals(c.getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement st = c.createStatement()) {
            for (String table : HOT_SEQUENCES) {
                st.execute("ALTER TABLE " + table + " ALTER COLUMN seq SET CACHE 1000");
            }
            for (String index : SPARE_INDEXES) {
                st.execute("DROP INDEX IF EXISTS " + index);
            }
        }
    }
}
