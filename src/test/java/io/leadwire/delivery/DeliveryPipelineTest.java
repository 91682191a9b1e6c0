package io.leadwire.delivery;

import static io.leadwire.delivery.DeliveryHarness.buyerFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.store.DeliveryRepository.AttemptRow;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routing and delivery end to end over real HTTP: leads stored as ACCEPTED, buyers imported
 * from buyer files, each buyer a local server scripted for one behaviour. Time (retries,
 * breakers) moves only when the test moves the clock.
 */
class DeliveryPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private DeliveryHarness h;
    private final MockWebServer a = new MockWebServer();
    private final MockWebServer b = new MockWebServer();

    @BeforeEach
    void setUp() throws IOException {
        a.start(java.net.InetAddress.getLoopbackAddress(), 0);
        b.start(java.net.InetAddress.getLoopbackAddress(), 0);
        h = new DeliveryHarness(dir);
    }

    @AfterEach
    void tearDown() throws IOException {
        h.close();
        a.shutdown();
        b.shutdown();
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse().setResponseCode(status).setHeader("Content-Type", "application/json").setBody(body);
    }

    private DeliveryRow onlyDelivery(Lead lead) {
        List<DeliveryRow> rows = h.deliveries.deliveriesOf(lead.id());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private void awaitStatus(Lead lead, LeadStatus status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.status(lead)).isEqualTo(status));
    }

    @Test
    void shouldDeliverTheMappedLeadWithAnIdempotencyKeyWhenTheBuyerAccepts() throws Exception {
        a.enqueue(json(200, "{\"status\":\"accepted\",\"lead_id\":\"A-9001\",\"price\":\"24.50\"}"));
        h.importBuyer(buyerFile("Buyer A", a.url("/leads").toString(), null));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        awaitStatus(lead, LeadStatus.DELIVERED);
        RecordedRequest sent = a.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getMethod()).isEqualTo("POST");
        assertThat(sent.getHeader("Content-Type")).startsWith("application/json");
        assertThat(sent.getBody().readUtf8()).contains("\"first_name\":\"Ann1\"", "\"email\":\"ann1@example.com\"");
        DeliveryRow row = onlyDelivery(lead);
        assertThat(sent.getHeader("Idempotency-Key")).isEqualTo(row.idempotencyKey());
        assertThat(row.status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(row.buyerLeadId()).isEqualTo("A-9001");
        assertThat(row.price()).isEqualByComparingTo("24.50");
        List<AttemptRow> attempts = h.deliveries.attempts(row.id());
        assertThat(attempts).singleElement().satisfies(at -> {
            assertThat(at.record().responseStatus()).isEqualTo(200);
            assertThat(at.record().requestBody()).contains("Ann1");
            assertThat(at.record().requestHeaders()).contains("Idempotency-Key: " + row.idempotencyKey());
            assertThat(at.record().latencyMs()).isNotNull();
        });
        assertThat(h.leads.timeline(lead.id())).extracting(e -> e.type()).contains("routed", "delivered");
        var stats = h.deliveries.buyerStats(DeliveryHarness.T0.minusSeconds(60)).get(row.buyerId());
        assertThat(stats.attempts()).isEqualTo(1);
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.successRate()).isEqualTo(1.0);
        assertThat(stats.p95Millis()).isNotNull();
    }

    @Test
    void shouldWaterfallToTheNextBuyerWhenTheBestPayingOneRejects() throws Exception {
        a.enqueue(json(422, "{\"status\":\"rejected\",\"reason\":\"state not served\"}"));
        b.enqueue(json(200, "{\"status\":\"accepted\",\"lead_id\":\"B-1\"}"));
        h.importBuyer(buyerFile("Pays more", a.url("/").toString(), "\"price\": \"30\""));
        h.importBuyer(buyerFile("Pays less", b.url("/").toString(), "\"price\": \"12\""));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        awaitStatus(lead, LeadStatus.DELIVERED);
        List<DeliveryRow> rows = h.deliveries.deliveriesOf(lead.id());
        assertThat(rows).extracting(DeliveryRow::status)
                .containsExactly(DeliveryStatus.REJECTED, DeliveryStatus.ACCEPTED);
        assertThat(rows.get(0).reason()).isEqualTo("state not served");
        assertThat(rows).extracting(DeliveryRow::round).containsExactly(1, 2);
        Map<Integer, String> rounds = h.deliveries.routingDecisions(lead.id());
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(2)).contains("already_tried", "Pays more");
        assertThat(h.leads.timeline(lead.id())).extracting(e -> e.type())
                .containsSubsequence("routed", "delivery_rejected", "waterfall", "routed", "delivered");
    }

    @Test
    void shouldHonourRetryAfterAndResendWithTheSameKeyWhenTheBuyerSays429() throws Exception {
        a.enqueue(json(429, "{\"error\":\"slow down\"}").setHeader("Retry-After", "7"));
        a.enqueue(json(200, "{\"status\":\"accepted\"}"));
        h.importBuyer(buyerFile("Busy", a.url("/").toString(), null));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(onlyDelivery(lead).status()).isEqualTo(DeliveryStatus.RETRY));
        DeliveryRow waiting = onlyDelivery(lead);
        assertThat(waiting.nextAttemptAt()).isEqualTo(DeliveryHarness.T0.plusSeconds(7));
        assertThat(waiting.errorClass()).isEqualTo("rate_limited");
        h.clock.advance(Duration.ofSeconds(6));
        // One second before Retry-After runs out nothing is due, so nothing may be sent.
        assertThat(h.deliveries.nextDue(waiting.buyerId())).contains(DeliveryHarness.T0.plusSeconds(7));
        h.engine.wake();
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .untilAsserted(() -> assertThat(a.getRequestCount()).isEqualTo(1));

        h.clock.advance(Duration.ofSeconds(1));
        h.engine.wake();
        awaitStatus(lead, LeadStatus.DELIVERED);
        String first = a.takeRequest().getHeader("Idempotency-Key");
        String second = a.takeRequest().getHeader("Idempotency-Key");
        assertThat(second).isEqualTo(first);
        assertThat(h.deliveries.attempts(waiting.id())).extracting(r -> r.record().attempt()).containsExactly(1, 2);
    }

    @Test
    void shouldLeaveALeadWithItsBuyerWhenItWaitsForRoutingWhileItsDeliveryIsStillOpen() throws Exception {
        h.importBuyer(buyerFile("Only", a.url("/").toString(), null));
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);
        // Routed once (delivery PENDING), then found waiting for routing again: the state one crash
        // test run left behind. Routing it again would find no untried buyer and mark it UNSOLD.
        h.routing.routeWaiting();
        assertThat(h.status(lead)).isEqualTo(LeadStatus.ROUTED);
        try (var c = h.db.connection(); var ps = c.prepareStatement("UPDATE lead SET status = 'ACCEPTED' WHERE id = ?")) {
            ps.setString(1, lead.id());
            ps.executeUpdate();
        }
        assertThat(h.routing.routeWaiting()).isEqualTo(1);

        assertThat(h.status(lead)).isEqualTo(LeadStatus.ROUTED);
        assertThat(onlyDelivery(lead).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(h.leads.timeline(lead.id())).extracting(e -> e.type() + ": " + e.detail())
                .contains("routing_skipped: not routed again: its delivery to Only is pending");
        a.enqueue(json(200, "{\"status\":\"accepted\"}"));
        h.start();
        awaitStatus(lead, LeadStatus.DELIVERED);
    }

    @Test
    void shouldRetryA503BurstWithGrowingBackoffUntilTheBuyerRecovers() {
        for (int i = 0; i < 3; i++) {
            a.enqueue(json(503, "down for maintenance"));
        }
        a.enqueue(json(200, "{\"status\":\"accepted\"}"));
        h.importBuyer(buyerFile("Flaky", a.url("/").toString(), null));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        int[] waits = {2, 4, 8};
        for (int i = 0; i < waits.length; i++) {
            int wait = waits[i];
            // Counted from the loop, not read before waiting: on a busy machine the engine may send
            // the next attempt before this thread gets to look.
            int sent = i + 1;
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(a.getRequestCount()).isEqualTo(sent);
                assertThat(onlyDelivery(lead).status()).isEqualTo(DeliveryStatus.RETRY);
            });
            assertThat(Duration.between(h.clock.instant(), onlyDelivery(lead).nextAttemptAt()))
                    .isEqualTo(Duration.ofSeconds(wait));
            h.clock.advance(Duration.ofSeconds(wait));
            h.engine.wake();
        }
        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(onlyDelivery(lead).attempts()).isEqualTo(4);
    }

    @Test
    void shouldHandAnIdleBuyersDeliveryStraightToTheSenderOnceNothingIsQueuedForIt() {
        for (int i = 0; i < 3; i++) {
            a.enqueue(json(200, "{\"status\":\"accepted\"}"));
        }
        h.importBuyer(buyerFile("Buyer A", a.url("/leads").toString(), null));
        java.util.concurrent.atomic.AtomicInteger direct = new java.util.concurrent.atomic.AtomicInteger();
        h.routing.sendThrough(new RoutingStage.Sender() {
            @Override
            public java.time.Instant takePlace(LiveBuyer buyer, java.time.Instant now) {
                return h.engine.takePlace(buyer, now);
            }

            @Override
            public void giveBack(LiveBuyer buyer) {
                h.engine.giveBack(buyer);
            }

            @Override
            public void send(LiveBuyer buyer, io.leadwire.store.DeliveryRepository.DueDelivery d) {
                direct.incrementAndGet();
                h.engine.send(buyer, d);
            }

            @Override
            public int room(List<LiveBuyer> buyers) {
                return h.engine.room(buyers);
            }
        });
        h.start();
        // Until the dispatcher has claimed for the buyer once (deliveries may be queued from before
        // a restart), routing queues; whether the first lead comes before that claim is timing.
        Lead first = h.acceptedLeads(1, Map.of()).get(0);
        awaitStatus(first, LeadStatus.DELIVERED);
        int before = direct.get();

        for (int i = 0; i < 2; i++) {
            Lead next = h.acceptedLeads(1, Map.of()).get(0);
            awaitStatus(next, LeadStatus.DELIVERED);
            DeliveryRow row = onlyDelivery(next);
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(h.deliveries.attempts(row.id())).singleElement()
                    .satisfies(at -> assertThat(at.record().attempt()).isEqualTo(1));
        }
        assertThat(direct).as("written already claimed and sent when routing committed").hasValue(before + 2);
        assertThat(a.getRequestCount()).isEqualTo(3);
    }

    /** A buyer that holds every request until the test lets it answer (accepted), one permit per answer. */
    private static final class HoldingBuyer extends okhttp3.mockwebserver.Dispatcher {
        final java.util.concurrent.Semaphore answers = new java.util.concurrent.Semaphore(0);
        final Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            requests.incrementAndGet();
            keys.add(request.getHeader("Idempotency-Key"));
            answers.tryAcquire(30, TimeUnit.SECONDS);
            return json(200, "{\"status\":\"accepted\"}");
        }

        void answerAll() {
            answers.release(100_000);
        }
    }

    private List<DeliveryRow> deliveriesOf(List<Lead> leads) {
        return leads.stream().flatMap(l -> h.deliveries.deliveriesOf(l.id()).stream()).toList();
    }

    private long count(List<DeliveryRow> rows, DeliveryStatus status) {
        return rows.stream().filter(r -> r.status() == status).count();
    }

    /**
     * Starts the engine with a held buyer of the given concurrency and {@code n} leads, and waits
     * until the buyer holds {@code concurrency} requests and as many more wait claimed in its line
     * (committed SENDING, on the wire the moment a slot frees, without a claim transaction then).
     */
    private List<Lead> fillAHeldBuyer(HoldingBuyer buyer, int concurrency, int n) {
        a.setDispatcher(buyer);
        h.importBuyer(buyerFile("Held", a.url("/").toString(), "\"concurrency\": " + concurrency));
        h.start();
        List<Lead> leads = h.acceptedLeads(n, Map.of());
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(buyer.requests).hasValue(concurrency);
            assertThat(count(deliveriesOf(leads), DeliveryStatus.SENDING)).isEqualTo(Math.min(n, 2L * concurrency));
        });
        return leads;
    }

    private void awaitAllDelivered(List<Lead> leads) {
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(leads).allSatisfy(l -> assertThat(h.status(l)).isEqualTo(LeadStatus.DELIVERED)));
    }

    @Test
    void shouldKeepAFullBuyersNextDeliveriesClaimedInItsLineAndLeaveTheRestAcceptedUntilItHasRoom() {
        HoldingBuyer buyer = new HoldingBuyer();
        try {
            List<Lead> leads = fillAHeldBuyer(buyer, 4, 60);
            // Routing stops while the buyer is saturated: the rest wait ACCEPTED (at most two
            // batches were routed), not queued behind a buyer that cannot take them yet.
            await().during(Duration.ofMillis(500)).atMost(WAIT).untilAsserted(() -> {
                long waiting = leads.stream().filter(l -> h.status(l) == LeadStatus.ACCEPTED).count();
                assertThat(waiting).isGreaterThanOrEqualTo(60 - 2 * RoutingStage.MIN_BATCH);
                assertThat(buyer.requests).hasValue(4);
            });
            buyer.answerAll();

            awaitAllDelivered(leads);
            assertThat(buyer.requests).as("each lead sent once").hasValue(60);
            assertThat(deliveriesOf(leads)).hasSize(60).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
        } finally {
            buyer.answerAll();
        }
    }

    @Test
    void shouldSendWhatWaitsInALineThroughTheBuyerItBecomesWhenItsSettingsChange() {
        HoldingBuyer buyer = new HoldingBuyer();
        try {
            List<Lead> leads = fillAHeldBuyer(buyer, 2, 10);
            // A settings change rebuilds the buyer (new client, threads and slots) while two
            // deliveries are on the wire and two wait in its line.
            h.importBuyer(buyerFile("Held", a.url("/").toString(), "\"concurrency\": 2, \"priority\": 3"));
            assertThat(h.directory.live()).singleElement()
                    .satisfies(b -> assertThat(b.definition().priority()).isEqualTo(3));
            buyer.answerAll();

            awaitAllDelivered(leads);
            assertThat(buyer.requests).as("each lead sent once").hasValue(10);
            assertThat(deliveriesOf(leads)).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
        } finally {
            buyer.answerAll();
        }
    }

    @Test
    void shouldGiveTheDeliveriesWaitingInALineBackToTheStoreWhenTheEngineStops() {
        HoldingBuyer buyer = new HoldingBuyer();
        try {
            List<Lead> leads = fillAHeldBuyer(buyer, 2, 10);
            h.engine.close(Duration.ofMillis(200));

            // Only the two on the wire keep their claim (their lease brings them back after a
            // crash); the two that waited in the line are due again at once, their attempt not counted.
            List<DeliveryRow> rows = deliveriesOf(leads);
            assertThat(rows).filteredOn(d -> d.status() == DeliveryStatus.SENDING)
                    .extracting(DeliveryRow::idempotencyKey).containsExactlyInAnyOrderElementsOf(buyer.keys);
            assertThat(rows).filteredOn(d -> d.status() != DeliveryStatus.SENDING).isNotEmpty()
                    .allSatisfy(d -> {
                        assertThat(d.status()).isEqualTo(DeliveryStatus.PENDING);
                        assertThat(d.attempts()).isZero();
                        assertThat(d.nextAttemptAt()).isBeforeOrEqualTo(h.clock.instant());
                    });
            assertThat(count(rows, DeliveryStatus.PENDING)).isGreaterThanOrEqualTo(2);
        } finally {
            buyer.answerAll();
        }
    }

    @Test
    void shouldGiveBackADeliveryThatWaitedInTheLineLongerThanItsLeaseAllowsAndSendItUnderAFreshClaim() {
        HoldingBuyer buyer = new HoldingBuyer();
        try {
            List<Lead> leads = fillAHeldBuyer(buyer, 1, 2);
            DeliveryRow waiting = deliveriesOf(leads).stream()
                    .filter(d -> !buyer.keys.contains(d.idempotencyKey())).findFirst().orElseThrow();
            // Claimed at T0 with a lease of one whole call (15 s) + 30 s. After 40 s it could no
            // longer cover a call: sending it now could overlap another engine's claim of it.
            h.clock.advance(Duration.ofSeconds(40));
            buyer.answers.release(1);

            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(buyer.requests).hasValue(2);
                DeliveryRow row = h.deliveries.deliveriesOf(waiting.leadId()).get(0);
                assertThat(row.status()).isEqualTo(DeliveryStatus.SENDING);
                assertThat(row.attempts()).as("the given-back claim is not counted").isEqualTo(1);
                assertThat(row.nextAttemptAt()).as("claimed again, with a lease from now")
                        .isEqualTo(DeliveryHarness.T0.plusSeconds(40 + 15 + 30));
            });
            assertThat(buyer.keys).contains(waiting.idempotencyKey());
            buyer.answerAll();

            awaitAllDelivered(leads);
            assertThat(buyer.requests).hasValue(2);
        } finally {
            buyer.answerAll();
        }
    }

    @Test
    void shouldClassifyTimeoutsAndResetsAsTransientAndRetryThem() {
        a.enqueue(json(200, "{\"status\":\"accepted\"}").setHeadersDelay(3, TimeUnit.SECONDS));
        a.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        a.enqueue(json(200, "{\"status\":\"accepted\"}"));
        h.importBuyer(buyerFile("Slow", a.url("/").toString(),
                "\"timeouts\": {\"connect\": \"1s\", \"read\": \"500ms\", \"call\": \"1s\"}"));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        await().atMost(WAIT).untilAsserted(() -> assertThat(onlyDelivery(lead).errorClass()).isEqualTo("timeout"));
        h.clock.advance(Duration.ofSeconds(2));
        h.engine.wake();
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(onlyDelivery(lead).errorClass()).isEqualTo("connection_reset"));
        h.clock.advance(Duration.ofSeconds(4));
        h.engine.wake();
        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(h.deliveries.attempts(onlyDelivery(lead).id())).extracting(r -> r.record().errorClass())
                .containsExactly("timeout", "connection_reset", null);
    }

    @Test
    void shouldNotRetryAClientErrorAndDeadLetterTheLeadWhenNoBuyerIsLeft() {
        a.enqueue(json(400, "{\"errors\":[{\"message\":\"email is required\"}]}"));
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        awaitStatus(lead, LeadStatus.UNSOLD);
        DeliveryRow row = onlyDelivery(lead);
        assertThat(row.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(row.errorClass()).isEqualTo("client_error");
        assertThat(a.getRequestCount()).isEqualTo(1);
        assertThat(h.leads.timeline(lead.id())).extracting(e -> e.type())
                .containsSubsequence("delivery_failed", "waterfall", "unsold");
    }

    @Test
    void shouldSellNoMoreThanTheCapAndSayWhyTheRestWentUnsold() {
        for (int i = 0; i < 5; i++) {
            a.enqueue(json(200, "{\"status\":\"accepted\"}"));
        }
        h.importBuyer(buyerFile("Capped", a.url("/").toString(), "\"caps\": {\"day\": 2}"));
        h.start();
        List<Lead> leads = h.acceptedLeads(5, Map.of());

        await().atMost(WAIT).untilAsserted(() -> assertThat(leads).extracting(h::status)
                .containsOnly(LeadStatus.DELIVERED, LeadStatus.UNSOLD));
        assertThat(leads.stream().filter(l -> h.status(l) == LeadStatus.DELIVERED)).hasSize(2);
        Lead unsold = leads.stream().filter(l -> h.status(l) == LeadStatus.UNSOLD).findFirst().orElseThrow();
        assertThat(h.deliveries.routingDecisions(unsold.id()).get(1)).contains("cap_reached", "day cap 2");
    }

    @Test
    void shouldSkipABuyerWhoseFiltersRefuseTheLead() throws Exception {
        b.enqueue(json(200, "{\"status\":\"accepted\"}"));
        h.importBuyer(buyerFile("Only CA", a.url("/").toString(),
                "\"price\": \"50\", \"filters\": [{\"field\": \"state\", \"in\": [\"CA\"]}]"));
        h.importBuyer(buyerFile("Anywhere", b.url("/").toString(), "\"price\": \"10\""));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(a.getRequestCount()).isZero();
        assertThat(h.deliveries.routingDecisions(lead.id()).get(1)).contains("filter", "Only CA");
    }

    @Test
    void shouldOpenTheBreakerAfterRepeatedFailuresAndRouteAroundTheBuyer() {
        for (int i = 0; i < 20; i++) {
            a.enqueue(json(500, "boom"));
            b.enqueue(json(200, "{\"status\":\"accepted\"}"));
        }
        h.importBuyer(buyerFile("Broken", a.url("/").toString(), "\"price\": \"40\", "
                + "\"retry\": {\"maxAttempts\": 1, \"serverErrorAttempts\": 1}, "
                + "\"breaker\": {\"failureThreshold\": 3, \"window\": \"5m\"}"));
        h.importBuyer(buyerFile("Backup", b.url("/").toString(), "\"price\": \"10\""));
        h.start();
        List<Lead> first = h.acceptedLeads(3, Map.of());
        await().atMost(WAIT).untilAsserted(() -> assertThat(first).extracting(h::status)
                .containsOnly(LeadStatus.DELIVERED));
        assertThat(a.getRequestCount()).isEqualTo(3);

        List<Lead> later = h.acceptedLeads(2, Map.of());
        await().atMost(WAIT).untilAsserted(() -> assertThat(later).extracting(h::status)
                .containsOnly(LeadStatus.DELIVERED));
        assertThat(a.getRequestCount()).as("an open breaker is skipped at routing").isEqualTo(3);
        assertThat(h.deliveries.routingDecisions(later.get(0).id()).get(1)).contains("breaker_open");
    }

    @Test
    void shouldRecordDriftButNeverCrashWhenTheBuyerAnswersInAnUnfamiliarShape() {
        a.enqueue(new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html")
                .setBody("<html><body>Thanks!</body></html>"));
        h.importBuyer(buyerFile("Odd", a.url("/").toString(), null));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        awaitStatus(lead, LeadStatus.DELIVERED);
        AttemptRow attempt = h.deliveries.attempts(onlyDelivery(lead).id()).get(0);
        assertThat(attempt.record().drift()).isTrue();
        assertThat(attempt.record().driftNote()).isNotBlank();
        assertThat(h.directory.live().get(0).counters().drift()).isEqualTo(1);
    }

    @Test
    void shouldSendBuyersInParallelSoASlowOneDelaysNobodyElse() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        a.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                release.await(20, TimeUnit.SECONDS); // the slow buyer hangs until the test lets it answer
                return json(200, "{\"status\":\"accepted\"}");
            }
        });
        for (int i = 0; i < 4; i++) {
            b.enqueue(json(200, "{\"status\":\"accepted\"}"));
        }
        h.importBuyer(buyerFile("Slow", a.url("/").toString(), "\"price\": \"30\", \"exclusive\": false, "
                + "\"concurrency\": 2, \"timeouts\": {\"read\": \"30s\", \"call\": \"30s\"}"));
        h.importBuyer(buyerFile("Fast", b.url("/").toString(), "\"price\": \"10\", \"exclusive\": false"));
        h.start();
        List<Lead> leads = h.acceptedLeads(4, Map.of());

        // Every lead reaches the fast buyer while the slow one holds its two slots and answers nothing.
        await().atMost(WAIT).untilAsserted(() -> assertThat(b.getRequestCount()).isEqualTo(4));
        assertThat(a.getRequestCount()).as("the slow buyer never has more than its own two calls open").isEqualTo(2);
        release.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(a.getRequestCount()).isEqualTo(4));
        await().atMost(WAIT).untilAsserted(() -> assertThat(leads).allSatisfy(l ->
                assertThat(h.deliveries.deliveriesOf(l.id())).extracting(DeliveryRow::status)
                        .containsOnly(DeliveryStatus.ACCEPTED).hasSize(2)));
        Set<String> keys = new HashSet<>();
        leads.forEach(l -> h.deliveries.deliveriesOf(l.id()).forEach(d -> keys.add(d.idempotencyKey())));
        assertThat(keys).hasSize(8);
    }

    @Test
    void shouldWaitForAnAsyncBuyersStatusAndSettleOnItsFinalWord() throws Exception {
        a.enqueue(json(202, "{\"status\":\"accepted\",\"lead_id\":\"Q-17\"}"));
        a.enqueue(json(200, "{\"status\":\"pending\"}"));
        a.enqueue(json(200, "{\"status\":\"accepted\",\"price\":\"31.00\"}"));
        h.importBuyer(buyerFile("Async", a.url("/leads").toString(), "\"mode\": \"async\", \"async\": "
                + "{\"statusUrl\": \"" + a.url("/leads/") + "{buyer_lead_id}/status\", \"pollEvery\": \"30s\", "
                + "\"reconcileAfter\": \"10m\", \"onTimeout\": \"rejected\"}"));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(onlyDelivery(lead).status()).isEqualTo(DeliveryStatus.AWAITING));
        assertThat(h.status(lead)).isEqualTo(LeadStatus.ROUTED);
        a.takeRequest();
        h.clock.advance(Duration.ofSeconds(30));
        h.engine.wake();
        RecordedRequest firstCheck = a.takeRequest(5, TimeUnit.SECONDS);
        assertThat(firstCheck.getMethod()).isEqualTo("GET");
        assertThat(firstCheck.getPath()).isEqualTo("/leads/Q-17/status");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(h.deliveries.attempts(onlyDelivery(lead).id())).hasSize(2));
        assertThat(onlyDelivery(lead).status()).as("pending is not a final word").isEqualTo(DeliveryStatus.AWAITING);

        h.clock.advance(Duration.ofSeconds(30));
        h.engine.wake();
        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(onlyDelivery(lead).price()).isEqualByComparingTo("31.00");
        assertThat(h.leads.timeline(lead.id())).extracting(e -> e.type()).containsSubsequence("acknowledged",
                "delivered");
    }

    @Test
    void shouldApplyTheBuyersPolicyWhenAnAsyncBuyerNeverGivesItsFinalWord() {
        a.enqueue(json(202, "{\"status\":\"accepted\",\"lead_id\":\"Q-18\"}"));
        h.importBuyer(buyerFile("Silent", a.url("/leads").toString(), "\"mode\": \"async\", \"async\": "
                + "{\"reconcileAfter\": \"1h\", \"onTimeout\": \"rejected\"}"));
        h.start();
        Lead lead = h.acceptedLeads(1, Map.of()).get(0);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(onlyDelivery(lead).status()).isEqualTo(DeliveryStatus.AWAITING));
        assertThat(onlyDelivery(lead).nextAttemptAt()).isEqualTo(DeliveryHarness.T0.plus(Duration.ofHours(1)));
        h.clock.advance(Duration.ofHours(1));
        h.engine.wake();

        awaitStatus(lead, LeadStatus.UNSOLD);
        assertThat(onlyDelivery(lead).status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(onlyDelivery(lead).reason()).contains("no final word from Silent within 1h");
        assertThat(a.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldSellASharedLeadToAsManyBuyersAsTheRoutingSettingAllows() {
        for (int i = 0; i < 2; i++) {
            a.enqueue(json(200, "{\"status\":\"accepted\"}"));
            b.enqueue(json(200, "{\"status\":\"accepted\"}"));
        }
        h.importBuyer(buyerFile("First", a.url("/").toString(), "\"price\": \"30\", \"exclusive\": false"));
        h.importBuyer(buyerFile("Second", b.url("/").toString(), "\"price\": \"20\", \"exclusive\": false"));
        h.start();
        Lead both = h.acceptedLeads(1, Map.of()).get(0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.deliveries.deliveriesOf(both.id()))
                .extracting(DeliveryRow::status).containsExactly(DeliveryStatus.ACCEPTED, DeliveryStatus.ACCEPTED));

        h.maxShared.set(1);
        Lead once = h.acceptedLeads(1, Map.of()).get(0);
        awaitStatus(once, LeadStatus.DELIVERED);
        assertThat(h.deliveries.deliveriesOf(once.id())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.ACCEPTED));
        assertThat(b.getRequestCount()).isEqualTo(1);
    }
}
