package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.callback.CallbackBuyers;
import io.leadwire.callback.CallbackSignature;
import io.leadwire.callback.StandardWebhooks;
import io.leadwire.delivery.BuyerDirectory;
import io.leadwire.delivery.BuyerService;
import io.leadwire.delivery.DeliveryEngine;
import io.leadwire.delivery.RoutingStage;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.delivery.retry.CircuitBreakers;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.MappingParser;
import io.leadwire.routing.Router;
import io.leadwire.store.BuyerRepository;
import io.leadwire.store.Database;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import io.leadwire.store.LeadRepository;
import io.leadwire.store.MappingRepository;
import io.leadwire.store.MappingVersionRow;
import io.leadwire.store.SecretBox;
import io.leadwire.store.VendorRepository;
import io.leadwire.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's buyers as real local servers behind a real store, routing stage and delivery engine
 * (the engine's delivery side, wired as {@link Engine} wires it). Time moves only when the test
 * moves the clock; which answers are rejections comes from a scripted {@link Random}.
 */
class DemoBuyersTest {
    private static final Instant T0 = Instant.parse("2026-03-04T15:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Fast answers, no late ones, an outage only when the clock is moved ten minutes on. */
    private static final DemoBuyers.Settings CALM = new DemoBuyers.Settings(0.5, 0.0, Duration.ofMillis(1),
            Duration.ofMillis(5), Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofMinutes(5));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final ObjectMapper json = new ObjectMapper();
    private final Database db = Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null,
            8);
    private final EventBus events = new EventBus();
    private final LeadRepository leads = new LeadRepository(db.dataSource(), json);
    private final MappingRepository mappings = new MappingRepository(db.dataSource());
    private final DeliveryRepository deliveries = new DeliveryRepository(db.dataSource(), json);
    private final List<DemoBuyers> demos = new ArrayList<>();
    private BuyerService buyers;
    private BuyerDirectory directory;
    private DeliveryEngine engine;
    private RoutingStage routing;
    private Vendor vendor;
    private int leadCount;

    /** Every other chance comes up: with a share of 0.5, every other answer of Buyer ABC is a rejection. */
    private static final class Alternating extends Random {
        private static final long serialVersionUID = 1L;
        private boolean low;

        Alternating() {
            super(7);
        }

        @Override
        public synchronized double nextDouble() {
            low = !low;
            return low ? 0.25 : 0.75;
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        buyers = new BuyerService(new BuyerRepository(db.dataSource()), mappings,
                SecretBox.forKeyFile(dir.resolve("secrets.key")), json, clock);
        directory = new BuyerDirectory(new BuyerRepository(db.dataSource()), mappings, buyers,
                new CircuitBreakers(clock), json, clock, Duration.ZERO);
        engine = new DeliveryEngine(deliveries, directory, new MappingEngine(clock), events, clock, () -> 0.0);
        routing = new RoutingStage(deliveries, directory, new Router(), events, clock, json,
                () -> RoutingStage.DEFAULT_MAX_SHARED, engine::wake);
        engine.onWaterfall(routing::wake);
        routing.sendThrough(engine);
        vendor = new VendorRepository(db.dataSource()).create("Demo Vendor", List.of(), "hash-" + UUID.randomUUID(),
                "lw_demo", T0);
    }

    @AfterEach
    void tearDown() throws Exception {
        routing.close();
        engine.close(Duration.ofSeconds(5));
        directory.close();
        demos.forEach(DemoBuyers::close);
        try (var c = db.connection(); var s = c.createStatement()) {
            s.execute("DROP ALL OBJECTS");
        }
        db.close();
    }

    private DemoBuyers startDemo(DemoBuyers.Settings settings, Random random) throws IOException {
        DemoBuyers demo = DemoBuyers.start(buyers, settings, clock, random);
        demos.add(demo);
        directory.refreshNow();
        return demo;
    }

    private void startEngine() {
        engine.start();
        routing.start();
    }

    /** Leads as the demo vendor sends them, already judged ACCEPTED with the fields the quality stage adds. */
    private List<Lead> acceptedLeads(int n) {
        List<Lead> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = ++leadCount;
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("lead_id", "DEMO-" + k);
            fields.put("first_name", "Siobhán");
            fields.put("last_name", "Murphy" + k);
            fields.put("email", "siobhan.murphy" + k + "@example.com");
            fields.put("phone", "+44207946" + String.format("%04d", k));
            fields.put("phone_e164", "+44207946" + String.format("%04d", k));
            fields.put("country", "United Kingdom");
            fields.put("country_code", "GB");
            out.add(new Lead(0, UUID.randomUUID().toString(), vendor.id(), "DEMO-" + k, clock.instant(),
                    LeadStatus.ACCEPTED, "application/json", "{}", fields, "127.0.0.1"));
        }
        leads.insertAll(out);
        routing.wake();
        return out;
    }

    private LeadStatus status(Lead lead) {
        return leads.findById(lead.id()).orElseThrow().status();
    }

    private String id(String buyer) {
        return buyers.find(buyer).orElseThrow().id();
    }

    private List<DeliveryRow> deliveriesOf(List<Lead> some) {
        List<DeliveryRow> rows = new ArrayList<>();
        some.forEach(l -> rows.addAll(deliveries.deliveriesOf(l.id())));
        return rows;
    }

    private CircuitBreaker.State soapBreaker() {
        return directory.breakerStates().get(DemoBuyers.SOAP).state();
    }

    /** Moves time on in small steps so retries fall due, until every lead is sold. */
    private void awaitDelivered(List<Lead> some) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            clock.advance(Duration.ofMillis(500));
            engine.wake();
            routing.wake();
            assertThat(some).extracting(this::status).containsOnly(LeadStatus.DELIVERED);
        });
    }

    @Test
    void shouldImportTheDemoBuyersOnTopOfTheDemoMappingsWithEverySecretStored() throws IOException {
        DemoMappings.seed(new MappingLibrary(mappings, new MappingParser(), clock));

        DemoBuyers demo = startDemo(CALM, new Alternating());

        assertThat(demo.names()).containsExactly(DemoBuyers.ABC, DemoBuyers.NESTED, DemoBuyers.SOAP);
        assertThat(mappings.history(DemoBuyers.ABC)).extracting(MappingVersionRow::version)
                .as("the demo vendor's leads need a third ABC version").containsExactly(3, 2, 1);
        assertThat(mappings.history(DemoBuyers.NESTED)).as("the published mapping is used as it is").hasSize(1);
        assertThat(mappings.history(DemoBuyers.SOAP)).hasSize(1);
        for (String name : demo.names()) {
            assertThat(buyers.missingSecrets(name)).as(name).isEmpty();
            JsonNode exported = json.readTree(buyers.exportFile(name));
            assertThat(exported.at("/buyer/endpoints/production").asText()).startsWith(demo.url(name))
                    .startsWith("http://127.0.0.1:");
        }
        assertThat(directory.problems()).isEmpty();
        assertThat(directory.live()).hasSize(3);
    }

    @Test
    void shouldDeliverEveryLeadAndRecordTheRejectionsWithTheirReasonsWhenAllBuyersAreUp() throws IOException {
        DemoBuyers demo = startDemo(CALM, new Alternating());
        startEngine();

        List<Lead> sent = acceptedLeads(12);

        awaitDelivered(sent);
        List<DeliveryRow> rows = deliveriesOf(sent);
        for (String name : demo.names()) {
            assertThat(rows).as(name + " sold some").anySatisfy(d -> {
                assertThat(d.buyerId()).isEqualTo(id(name));
                assertThat(d.status()).isEqualTo(DeliveryStatus.ACCEPTED);
            });
        }
        List<DeliveryRow> rejected = rows.stream().filter(d -> d.status() == DeliveryStatus.REJECTED).toList();
        assertThat(rejected).isNotEmpty().allSatisfy(d -> {
            assertThat(d.buyerId()).isEqualTo(id(DemoBuyers.ABC));
            assertThat(d.reason()).isIn("country not served this week", "phone number failed our carrier check",
                    "we already bought this person from another source", "outside our target audience",
                    "daily budget for this campaign spent");
        });
        assertThat(rows.stream().filter(d -> d.status() == DeliveryStatus.ACCEPTED)).hasSize(12).allSatisfy(d -> {
            assertThat(d.buyerLeadId()).matches("(ABC|NA|SOAP)-\\d+");
            assertThat(d.price()).isBetween(new java.math.BigDecimal("16.00"), new java.math.BigDecimal("26.00"));
        });
        Lead waterfalled = sent.stream().filter(l -> deliveries.deliveriesOf(l.id()).size() == 2).findFirst()
                .orElseThrow();
        assertThat(leads.timeline(waterfalled.id())).extracting(e -> e.type())
                .containsSubsequence("routed", "delivery_rejected", "waterfall", "routed", "delivered");
        assertThat(demo.requests(DemoBuyers.ABC) + demo.requests(DemoBuyers.NESTED) + demo.requests(DemoBuyers.SOAP))
                .isEqualTo(rows.size());
    }

    @Test
    void shouldOpenTheSoapBuyersBreakerAndWaterfallToTheOthersWhenItGoesDownThenCloseItWhenItIsBack()
            throws IOException {
        DemoBuyers.Settings accepting = new DemoBuyers.Settings(0.0, 0.0, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofMinutes(5));
        DemoBuyers demo = startDemo(accepting, new Random(1));
        startEngine();
        clock.advance(Duration.ofMinutes(10));
        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.UNAVAILABLE);

        List<Lead> duringOutage = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            duringOutage.addAll(acceptedLeads(2));
            clock.advance(Duration.ofMillis(500));
            engine.wake();
            assertThat(soapBreaker()).isEqualTo(CircuitBreaker.State.OPEN);
        });
        awaitDelivered(duringOutage);
        List<DeliveryRow> failed = deliveriesOf(duringOutage).stream()
                .filter(d -> d.buyerId().equals(id(DemoBuyers.SOAP))).toList();
        assertThat(failed).isNotEmpty().allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(d.errorClass()).isIn("unavailable", "breaker_open");
        });
        assertThat(failed).anySatisfy(d -> assertThat(d.errorClass()).isEqualTo("unavailable"));

        long soapCalls = demo.requests(DemoBuyers.SOAP);
        List<Lead> whileOpen = acceptedLeads(4);
        awaitDelivered(whileOpen);
        assertThat(demo.requests(DemoBuyers.SOAP)).as("an open breaker is passed by").isEqualTo(soapCalls);
        assertThat(deliveries.routingDecisions(whileOpen.get(0).id()).get(1)).contains("breaker_open", DemoBuyers.SOAP);

        clock.advance(Duration.ofMinutes(5));
        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.UP);
        List<Lead> afterwards = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            afterwards.addAll(acceptedLeads(1));
            engine.wake();
            assertThat(soapBreaker()).isEqualTo(CircuitBreaker.State.CLOSED);
        });
        awaitDelivered(afterwards);
        assertThat(deliveriesOf(afterwards)).anySatisfy(d -> {
            assertThat(d.buyerId()).isEqualTo(id(DemoBuyers.SOAP));
            assertThat(d.status()).isEqualTo(DeliveryStatus.ACCEPTED);
            assertThat(d.buyerLeadId()).startsWith("SOAP-");
        });
    }

    @Test
    void shouldTimeOutAndRetryWhenNestedApplicantAnswersLate() throws IOException {
        DemoBuyers.Settings late = new DemoBuyers.Settings(0.0, 1.0, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofMillis(2_600), Duration.ofMinutes(10), Duration.ofMinutes(5));
        startDemo(late, new Random(1));
        buyers.setEnabled(DemoBuyers.ABC, false, "tester");
        buyers.setEnabled(DemoBuyers.SOAP, false, "tester");
        directory.refreshNow();
        startEngine();

        Lead lead = acceptedLeads(1).get(0);

        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries.deliveriesOf(lead.id())).singleElement()
                .satisfies(d -> {
                    assertThat(d.status()).isEqualTo(DeliveryStatus.RETRY);
                    assertThat(d.errorClass()).isEqualTo("timeout");
                }));
    }

    @Test
    void shouldKeepOperatorChangesAndOnlyRepointTheEndpointsWhenStartedAgain() throws IOException {
        DemoBuyers first = startDemo(CALM, new Alternating());
        buyers.setEnabled(DemoBuyers.NESTED, false, "operator");
        int revision = buyers.find(DemoBuyers.NESTED).orElseThrow().revision();
        String oldUrl = first.url(DemoBuyers.ABC);
        first.close();

        DemoBuyers second = startDemo(CALM, new Alternating());

        assertThat(second.url(DemoBuyers.ABC)).isNotEqualTo(oldUrl);
        assertThat(buyers.find(DemoBuyers.NESTED).orElseThrow().enabled()).isFalse();
        assertThat(buyers.find(DemoBuyers.NESTED).orElseThrow().revision()).as("new endpoint and secret")
                .isGreaterThan(revision);
        for (String name : second.names()) {
            assertThat(json.readTree(buyers.exportFile(name)).at("/buyer/endpoints/production").asText())
                    .isEqualTo(second.url(name) + "leads");
            assertThat(mappings.history(name)).as("no mapping republished").hasSize(1);
            assertThat(buyers.missingSecrets(name)).isEmpty();
        }
        startEngine();
        List<Lead> sent = acceptedLeads(4);
        awaitDelivered(sent);
        assertThat(deliveriesOf(sent)).extracting(DeliveryRow::buyerId).doesNotContain(id(DemoBuyers.NESTED));
    }

    @Test
    void shouldGiveOlderDemoBuyersTheCallbacksBlockAndEveryStartAFreshCallbackSecret() throws IOException {
        DemoBuyers first = startDemo(CALM, new Alternating());
        for (String name : first.names()) {
            JsonNode callbacks = json.readTree(buyers.exportFile(name)).at("/buyer/callbacks");
            assertThat(callbacks.at("/signature/scheme").asText()).as(name).isEqualTo("standard_webhooks");
            assertThat(callbacks.at("/allow_ips").toString()).isEqualTo("[\"127.0.0.1\"]");
            assertThat(callbacks.at("/return_window").asText()).isEqualTo("P7D");
            assertThat(callbacks.at("/reroute_returns").asBoolean()).isEqualTo(name.equals(DemoBuyers.ABC));
        }
        // A data folder from before the demo buyers called back, and an operator's shorter window.
        ObjectNode nested = (ObjectNode) json.readTree(buyers.exportFile(DemoBuyers.NESTED));
        ((ObjectNode) nested.get("buyer")).remove("callbacks");
        buyers.importFile(nested.toString(), null, "operator");
        ObjectNode abc = (ObjectNode) json.readTree(buyers.exportFile(DemoBuyers.ABC));
        ((ObjectNode) abc.at("/buyer/callbacks")).put("return_window", "P3D");
        buyers.importFile(abc.toString(), null, "operator");
        String oldSecret = first.callbackSecret(DemoBuyers.ABC);
        first.close();

        DemoBuyers second = startDemo(CALM, new Alternating());

        assertThat(json.readTree(buyers.exportFile(DemoBuyers.NESTED)).at("/buyer/callbacks/signature/secrets/0")
                .asText()).isEqualTo("${secret:NESTED_CALLBACK}");
        assertThat(json.readTree(buyers.exportFile(DemoBuyers.ABC)).at("/buyer/callbacks/return_window").asText())
                .as("the operator's window is kept").isEqualTo("P3D");
        CallbackBuyers checks = new CallbackBuyers(new BuyerRepository(db.dataSource()), buyers,
                SecretBox.forKeyFile(dir.resolve("secrets.key")), clock, Duration.ZERO);
        for (String name : second.names()) {
            assertThat(buyers.missingSecrets(name)).as(name).isEmpty();
            CallbackSignature signature = checks.find(name).orElseThrow().signature();
            assertThat(signature).as(name + " can be checked").isNotNull();
            assertThat(signature.verify(signed(second.callbackSecret(name)), new byte[] {'{', '}'}, clock.instant())
                    .ok()).as(name + " signs with this start's secret").isTrue();
        }
        assertThat(second.callbackSecret(DemoBuyers.ABC)).isNotEqualTo(oldSecret);
        assertThat(checks.find(DemoBuyers.ABC).orElseThrow().signature().verify(signed(oldSecret),
                new byte[] {'{', '}'}, clock.instant()).ok()).as("the last start's secret is gone").isFalse();
    }

    /** The headers of a Standard Webhooks message {@code {}} signed with the secret now. */
    private CallbackSignature.Headers signed(String secret) {
        long ts = clock.instant().getEpochSecond();
        String signature = StandardWebhooks.of(secret).sign("msg_1", ts, new byte[] {'{', '}'});
        Map<String, String> headers = Map.of("webhook-id", "msg_1", "webhook-timestamp", Long.toString(ts),
                "webhook-signature", signature);
        return headers::get;
    }

    @Test
    void shouldAlternateBetween503AndDroppedConnectionsFromOneOutageToTheNext() throws Exception {
        DemoBuyers demo = startDemo(DemoBuyers.Settings.DEMO, new Random(1));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest post = HttpRequest.newBuilder(URI.create(demo.url(DemoBuyers.SOAP) + "leads"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString("<x/>")).build();

        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.UP);
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode())
                .as("up, but without credentials").isEqualTo(401);
        clock.advance(Duration.ofSeconds(110));
        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.UNAVAILABLE);
        assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(503);
        clock.advance(Duration.ofSeconds(40));
        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.UP);
        clock.advance(Duration.ofSeconds(110));
        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.DROPPING);
        assertThatThrownBy(() -> http.send(post, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        clock.advance(Duration.ofSeconds(40));
        assertThat(demo.soapHealth()).isEqualTo(DemoBuyers.Health.UP);
    }

    @Test
    void shouldRefuseCallersWithoutTheDemoCredentials() throws Exception {
        DemoBuyers demo = startDemo(CALM, new Alternating());
        HttpClient http = HttpClient.newHttpClient();

        for (String name : demo.names()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(demo.url(name) + "leads"))
                    .header("X-Api-Key", "guess").header("Authorization", "Bearer guess")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(name).isEqualTo(401);
        }
    }
    @Test
    void shouldSellTheDemoVendorsLeadsToEveryDemoBuyerWhenTheWholeDemoRuns() throws Exception {
        Path dataDir = dir.resolve("demo-data");
        try (Engine demoEngine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536),
                "test --demo", java.time.Clock.systemUTC())) {
            DemoMappings.seed(new MappingLibrary(new MappingRepository(demoEngine.database().dataSource()),
                    new MappingParser(), demoEngine.clock()));
            DemoBuyers.Settings quick = new DemoBuyers.Settings(0.15, 0.0, Duration.ofMillis(1), Duration.ofMillis(5),
                    Duration.ofSeconds(3), Duration.ofMinutes(10), Duration.ofMinutes(1));
            DemoBuyers demo = DemoBuyers.start(demoEngine.buyers(), quick, demoEngine.clock(), new Random(3));
            demos.add(demo);
            DemoVendor vendor = DemoVendor.start(demoEngine, 40);
            try {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    for (String name : demo.names()) {
                        assertThat(demoEngine.buyerDirectory().live()).anySatisfy(b -> {
                            assertThat(b.name()).isEqualTo(name);
                            assertThat(b.counters().accepted()).as(name + " bought a lead").isPositive();
                        });
                    }
                });
            } finally {
                vendor.close();
            }
            assertThat(demoEngine.buyerDirectory().problems()).isEmpty();
            assertThat(demoEngine.deliveries().countByStatus()).containsKey(DeliveryStatus.ACCEPTED)
                    .doesNotContainKey(DeliveryStatus.FAILED);
        }
    }
}
