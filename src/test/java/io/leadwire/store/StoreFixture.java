package io.leadwire.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh, migrated in-memory H2 database per test with the repositories on it. */
final class StoreFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-06T14:00:00Z");

    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 4);
    final VendorRepository vendors = new VendorRepository(db.dataSource());
    final LeadRepository leads = new LeadRepository(db.dataSource(), new ObjectMapper());
    final RefusalRepository refusals = new RefusalRepository(db.dataSource());

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
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        db.close();
    }
}
