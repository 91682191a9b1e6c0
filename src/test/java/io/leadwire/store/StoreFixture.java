package io.leadwire.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, migrated database per test with the repositories on it: in-memory H2, or (with
 * {@link #postgres()}) a new database on the tests' PostgreSQL server.
 */
final class StoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-06T14:00:00Z");

    final Database db;
    final VendorRepository vendors;
    final LeadRepository leads;
    final RefusalRepository refusals;
    private final boolean h2;

    StoreFixture() {
        this(Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4), true);
    }

    private StoreFixture(Database db, boolean h2) {
        this.db = db;
        this.h2 = h2;
        this.vendors = new VendorRepository(db.dataSource());
        this.leads = new LeadRepository(db.dataSource(), new ObjectMapper());
        this.refusals = new RefusalRepository(db.dataSource());
    }

    /** A new database on the shared PostgreSQL test server, migrated like every other. */
    static StoreFixture postgres() {
        io.leadwire.testing.PostgresServer pg = io.leadwire.testing.PostgresServer.shared();
        return new StoreFixture(Database.open(pg.createDatabase(), io.leadwire.testing.PostgresServer.USER,
                io.leadwire.testing.PostgresServer.PASSWORD, 4), false);
    }

    Vendor vendor(String name) {
        String key = UUID.randomUUID().toString();
        return vendors.create(name, List.of(), "hash-" + key, "lw_" + key.substring(0, 4), T0);
    }

    static Lead lead(Vendor v, String vendorLeadId, Map<String, String> fields) {
        return lead(v, vendorLeadId, fields, LeadStatus.RECEIVED, T0);
    }

    static Lead lead(Vendor v, String vendorLeadId, Map<String, String> fields, LeadStatus status, Instant at) {
        return new Lead(0, UUID.randomUUID().toString(), v.id(), vendorLeadId, at, status, "application/json",
                "{\"lead_id\":\"" + vendorLeadId + "\"}", fields, "127.0.0.1");
    }

    static Lead lead(Vendor v, String vendorLeadId) {
        return lead(v, vendorLeadId, Map.of("lead_id", vendorLeadId));
    }

    @Override
    public void close() {
        if (h2) {
            try (var c = db.connection(); var s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        // A PostgreSQL test database is left to the server, which is deleted when the tests end.
        db.close();
    }
}
