package io.leadwire.callback.outbound;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.delivery.BuyerDirectory;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.DeliveryEngine;
import io.leadwire.delivery.RoutingStage;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.delivery.retry.RetryPolicy;
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
import io.leadwire.store.WebhookRepository;
import io.leadwire.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An engine's lead pipeline from routing on (buyers are local HTTP servers) and its outbound
 * webhooks, on a fresh in-memory H2 database with a clock the test moves. Jitter is off, so retry
 * times are exact.
 */
final class WebhookHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-04T15:00:00Z");
    /** Fast timeouts so a hanging endpoint shows quickly; the delivery defaults otherwise. */
    static final WebhookPolicy POLICY = WebhookPolicy.builder()
            .callTimeout(Duration.ofSeconds(3))
            .connectTimeout(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(20))
            .build();

    final MutableClock clock = new MutableClock(T0);
    final ObjectMapper json = new ObjectMapper();
    final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    final Database db = Database.open(url, null, null, 8);
    final EventBus events = new EventBus();
    final LeadRepository leads = new LeadRepository(db.dataSource(), json);
    final VendorRepository vendors = new VendorRepository(db.dataSource());
    final BuyerRepository buyerRepo = new BuyerRepository(db.dataSource());
    final MappingRepository mappings = new MappingRepository(db.dataSource());
    final DeliveryRepository deliveries = new DeliveryRepository(db.dataSource(), json);
    final WebhookRepository webhookRepo = new WebhookRepository(db.dataSource(), clock, Duration.ofSeconds(5));
    final SecretBox box;
    final BuyerService buyers;
    final BuyerDirectory directory;
    final DeliveryEngine delivery;
    final RoutingStage routing;
    final WebhookService webhooks;
    final Vendor vendor;
    /** The shared settings section as the test sets it: the webhook defaults without jitter. */
    final java.util.concurrent.atomic.AtomicReference<WebhookSettings> settings = new java.util.concurrent.atomic
            .AtomicReference<>(new WebhookSettings(WebhookSettings.DEFAULT_RETRY.toBuilder().jitter(0).build(),
            io.leadwire.delivery.retry.BreakerPolicy.defaults()));
    /** This engine's transport policy; a test may change it before {@link #useNewDispatcher()}. */
    WebhookPolicy policy = POLICY;
    WebhookDispatcher dispatcher;
    private int leadCount;
    private boolean pipelineStarted;

    WebhookHarness(Path dir) throws IOException {
        box = SecretBox.forKeyFile(dir.resolve("secrets.key"));
        buyers = new BuyerService(buyerRepo, mappings, box, json, clock);
        directory = new BuyerDirectory(buyerRepo, mappings, buyers, new CircuitBreakers(clock), json, clock,
                Duration.ZERO);
        delivery = new DeliveryEngine(deliveries, directory, new MappingEngine(clock), events, clock, () -> 0.0);
        routing = new RoutingStage(deliveries, directory, new Router(), events, clock, json, () -> 3, delivery::wake);
        delivery.onWaterfall(routing::wake);
        routing.sendThrough(delivery);
        webhooks = new WebhookService(webhookRepo, box, clock, new SecureRandom());
        vendor = vendors.create("Acme Leads", List.of(), "hash-" + UUID.randomUUID(), "lw_test", T0);
        dispatcher = newDispatcher();
    }

    WebhookDispatcher newDispatcher() {
        return new WebhookDispatcher(webhookRepo, webhooks, new WebhookPayloads(json, webhooks::newMessageId), policy,
                settings::get, new CircuitBreakers(clock), clock, () -> 0.0);
    }

    /** Replaces the (not yet started) dispatcher with one made with the current {@link #policy}. */
    void useNewDispatcher() {
        dispatcher.close(Duration.ZERO);
        dispatcher = newDispatcher();
    }

    WebhookHarness startPipeline() {
        delivery.start();
        routing.start();
        pipelineStarted = true;
        return this;
    }

    WebhookHarness startWebhooks() {
        dispatcher.start();
        return this;
    }

    /** Stops the dispatcher and makes a new one on the same database, as an engine restart does. */
    void restartWebhooks() {
        dispatcher.close(Duration.ofSeconds(1));
        dispatcher = newDispatcher().start();
    }

    void importBuyer(String name, String url) {
        buyers.importFile("{\"name\": \"" + name + "\", \"format\": \"json\", \"fields\": ["
                + "{\"target\": \"first_name\", \"source\": \"first_name\", \"required\": true},"
                + "{\"target\": \"email\", \"source\": \"email\"}],"
                + "\"buyer\": {\"endpoints\": {\"production\": \"" + url + "\"}, \"price\": \"20.00\"}}", null,
                "tester");
        directory.refreshNow();
    }

    /** Stores {@code n} leads already judged ACCEPTED (each with its "received" timeline row). */
    List<Lead> acceptedLeads(int n) {
        List<Lead> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = ++leadCount;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("lead_id", "L-" + k);
            fields.put("first_name", "Ann" + k);
            fields.put("email", "ann" + k + "@example.com");
            fields.put("phone", "+1512555010" + (k % 10));
            out.add(new Lead(0, UUID.randomUUID().toString(), vendor.id(), "L-" + k, clock.instant(),
                    LeadStatus.ACCEPTED, "application/json", "{}", fields, "127.0.0.1"));
        }
        leads.insertAll(out);
        routing.wake();
        dispatcher.wake();
        return out;
    }

    LeadStatus status(Lead lead) {
        return leads.findById(lead.id()).orElseThrow().status();
    }

    @Override
    public void close() {
        dispatcher.close(Duration.ofSeconds(1));
        if (pipelineStarted) {
            routing.close();
            delivery.close(Duration.ofSeconds(2));
        }
        directory.close();
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        db.close();
    }

    RetryPolicy retry() {
        return settings.get().retry();
    }
}
