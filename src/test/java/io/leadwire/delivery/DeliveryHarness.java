package io.leadwire.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.routing.Router;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.Database;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.SecretBox;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The delivery side of an engine on a fresh in-memory H2 database: buyers, routing and the
 * delivery engine, with a clock the test moves. Buyers are real local HTTP servers.
 */
final class DeliveryHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-04T15:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final ObjectMapper json = new ObjectMapper();
    final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null, 8);
    final EventBus events = new EventBus();
    final LeadRepository leads = new LeadRepository(db.dataSource(), json);
    final VendorRepository vendors = new VendorRepository(db.dataSource());
    final BuyerRepository buyerRepo = new BuyerRepository(db.dataSource());
    final MappingRepository mappings = new MappingRepository(db.dataSource());
    final DeliveryRepository deliveries = new DeliveryRepository(db.dataSource(), json);
    final BuyerService buyers;
    final BuyerDirectory directory;
    final DeliveryEngine engine;
    final RoutingStage routing;
    final Vendor vendor;
    /** The routing setting max_shared_buyers, as a test sets it. */
    final java.util.concurrent.atomic.AtomicInteger maxShared = new java.util.concurrent.atomic.AtomicInteger(3);
    private int leadCount;

    DeliveryHarness(Path dir) throws IOException {
        buyers = new BuyerService(buyerRepo, mappings, SecretBox.forKeyFile(dir.resolve("secrets.key")), json, clock);
        directory = new BuyerDirectory(buyerRepo, mappings, buyers, new CircuitBreakers(clock), json, clock,
                Duration.ZERO);
        engine = new DeliveryEngine(deliveries, directory, new MappingEngine(clock), events, clock, () -> 0.0);
        routing = new RoutingStage(deliveries, directory, new Router(), events, clock, json, maxShared::get,
                engine::wake);
        engine.onWaterfall(routing::wake);
        routing.sendThrough(engine);
        vendor = vendors.create("Acme Leads", List.of(), "hash-" + UUID.randomUUID(), "lw_test", T0);
    }

    DeliveryHarness start() {
        engine.start();
        routing.start();
        return this;
    }

    /** A JSON buyer file for a buyer at {@code url}; {@code buyerBlock} adds to or overrides its settings. */
    static String buyerFile(String name, String url, String buyerBlock) {
        String extra = buyerBlock == null || buyerBlock.isBlank() ? "" : ", " + buyerBlock;
        return "{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first_name\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"},"
                + "{\"target\": \"state\", \"source\": \"state\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, \"price\": \"20.00\""
                + extra + "}}";
    }

    BuyerService.ImportResult importBuyer(String file) {
        BuyerService.ImportResult r = buyers.importFile(file, null, "tester");
        directory.refreshNow();
        return r;
    }

    /** Stores {@code n} leads already judged ACCEPTED, as the quality stage leaves them. */
    List<Lead> acceptedLeads(int n, Map<String, String> extra) {
        List<Lead> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = ++leadCount;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("lead_id", "L-" + k);
            fields.put("first_name", "Ann" + k);
            fields.put("email", "ann" + k + "@example.com");
            fields.put("state", "TX");
            fields.put("country", "US");
            fields.putAll(extra);
            out.add(new Lead(0, UUID.randomUUID().toString(), vendor.id(), "L-" + k, clock.instant(),
                    LeadStatus.ACCEPTED, "application/json", "{}", fields, "127.0.0.1"));
        }
        leads.insertAll(out);
        routing.wake();
        return out;
    }

    LeadStatus status(Lead lead) {
        return leads.findById(lead.id()).orElseThrow().status();
    }

    @Override
    public void close() {
        routing.close();
        engine.close(Duration.ofSeconds(5));
        directory.close();
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        db.close();
    }
}
