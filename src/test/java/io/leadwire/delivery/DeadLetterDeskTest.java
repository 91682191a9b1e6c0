package io.leadwire.delivery;

import static io.leadwire.delivery.DeliveryHarness.buyerFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.quality.LeadJudge;
import io.leadwire.quality.QualityPolicy;
import io.leadwire.store.DeadLetterRepository;
import io.leadwire.store.DeadLetterRepository.Context;
import io.leadwire.store.DeadLetterRepository.Entry;
import io.leadwire.store.DeadLetterRepository.Query;
import io.leadwire.store.DeadLetterRepository.TimelineEntry;
import io.leadwire.store.DeliveryRepository.DeliveryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter desk on a real engine: leads go unsold through real routing and delivery to
 * local buyer servers, then the operator's actions send them again over HTTP.
 */
class DeadLetterDeskTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String OPERATOR = "ops.tester";

    @TempDir
    Path dir;

    private DeliveryHarness h;
    private DeadLetterRepository queue;
    private DeadLetterDesk desk;
    private final MockWebServer a = new MockWebServer();
    private final MockWebServer b = new MockWebServer();

    @BeforeEach
    void setUp() throws IOException {
        a.start(java.net.InetAddress.getLoopbackAddress(), 0);
        b.start(java.net.InetAddress.getLoopbackAddress(), 0);
        h = new DeliveryHarness(dir);
        queue = new DeadLetterRepository(h.db.dataSource(), h.json, h.clock, h.deliveries);
        desk = deskFor(OPERATOR);
    }

    private DeadLetterDesk deskFor(String operator) {
        return new DeadLetterDesk(queue, h.directory, h.engine, new LeadJudge(QualityPolicy.defaults(), h.clock),
                null, h.events, operator);
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

    private static MockResponse refused() {
        return json(400, "{\"errors\":[{\"message\":\"email is required\"}]}");
    }

    private static MockResponse accepted() {
        return json(200, "{\"status\":\"accepted\"}");
    }

    private void awaitStatus(Lead lead, LeadStatus status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(h.status(lead)).isEqualTo(status));
    }

    private List<Lead> unsold(int n, Map<String, String> extra) {
        List<Lead> leads = h.acceptedLeads(n, extra);
        leads.forEach(l -> awaitStatus(l, LeadStatus.UNSOLD));
        return leads;
    }

    private Entry entryOf(Lead lead) {
        return queue.page(Query.ALL, 0, 100).stream().filter(e -> e.lead().id().equals(lead.id())).findFirst()
                .orElseThrow();
    }

    private TimelineEntry last(Lead lead, String type) {
        List<TimelineEntry> events = queue.timeline(lead.id()).stream().filter(e -> e.type().equals(type)).toList();
        assertThat(events).as("a %s event", type).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private String buyerId(String name) {
        return h.buyers.find(name).orElseThrow().id();
    }

    @Test
    void shouldListTheLeadWithItsLastBuyerErrorAndContextWhenNoBuyerTakesIt() {
        a.enqueue(refused());
        a.enqueue(refused());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.importBuyer(buyerFile("Only CA", b.url("/").toString(), "\"filters\": [{\"field\": \"state\", "
                + "\"in\": [\"CA\"]}]"));
        h.start();
        Lead failed = unsold(1, Map.of()).get(0);
        h.clock.advance(Duration.ofMinutes(1));
        unsold(1, Map.of());

        List<Entry> page = queue.page(Query.ALL, 0, 10);
        assertThat(page).extracting(e -> e.lead().vendorLeadId()).containsExactly("L-2", "L-1");
        Entry e = entryOf(failed);
        assertThat(e.reason()).isEqualTo(DeadLetterRepository.WATERFALL_EXHAUSTED);
        assertThat(e.vendorName()).isEqualTo("Acme Leads");
        assertThat(e.lastBuyerName()).isEqualTo("Strict");
        assertThat(e.lastStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(e.errorClass()).isEqualTo("client_error");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.lastHttpStatus()).isEqualTo(400);
        assertThat(queue.page(new Query(DeadLetterRepository.WATERFALL_EXHAUSTED, null, null, null,
                DeadLetterRepository.Sort.OLDEST_FIRST), 0, 10))
                .extracting(x -> x.lead().vendorLeadId()).containsExactly("L-1", "L-2");
        assertThat(queue.countByReason(Query.ALL)).containsEntry(DeadLetterRepository.WATERFALL_EXHAUSTED, 2L);
        assertThat(queue.page(new Query(null, null, null, "ann1@", null), 0, 10)).hasSize(1);
        assertThat(queue.page(new Query(null, null, buyerId("Strict"), null, null), 0, 10)).hasSize(2);

        Context c = queue.context(e.seq()).orElseThrow();
        assertThat(c.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.buyerName()).isEqualTo("Strict");
            assertThat(d.lastAttempt().orElseThrow().record().responseBody()).contains("email is required");
            assertThat(d.lastAttempt().orElseThrow().record().requestBody()).contains("Ann1");
        });
        assertThat(c.rounds()).containsKeys(1, 2);
        assertThat(c.rounds().get(2)).contains("already_tried", "Only CA", "filter");
        assertThat(c.timeline()).extracting(TimelineEntry::type).containsSubsequence("routed", "delivery_failed",
                "waterfall", "unsold");
    }

    @Test
    void shouldSayNoBuyerWasEligibleWhenEveryBuyerFiltersTheLeadOut() {
        h.importBuyer(buyerFile("Only CA", b.url("/").toString(), "\"filters\": [{\"field\": \"state\", "
                + "\"in\": [\"CA\"]}]"));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);

        Entry e = entryOf(lead);
        assertThat(e.reason()).isEqualTo(DeadLetterRepository.NO_ELIGIBLE_BUYER);
        assertThat(e.lastBuyerId()).isNull();
        assertThat(e.detail()).contains("Only CA");
        assertThatThrownBy(() -> desk.replay(e.seq())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never offered to a buyer").hasMessageContaining("Replay to…");
        assertThat(queue.count(Query.ALL)).isEqualTo(1);
    }

    @Test
    void shouldDeliverWithTheSameIdempotencyKeyWhenReplayedToTheBuyerThatFailed() throws Exception {
        a.enqueue(refused());
        a.enqueue(json(200, "{\"status\":\"accepted\",\"lead_id\":\"A-77\"}"));
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);
        Entry e = entryOf(lead);

        DeadLetterRepository.Resolved r = desk.replay(e.seq());

        assertThat(r.deliveryId()).isEqualTo(e.lastDeliveryId());
        awaitStatus(lead, LeadStatus.DELIVERED);
        String first = a.takeRequest(5, TimeUnit.SECONDS).getHeader("Idempotency-Key");
        String second = a.takeRequest(5, TimeUnit.SECONDS).getHeader("Idempotency-Key");
        assertThat(second).isEqualTo(first).isEqualTo(e.lastDeliveryId());
        DeliveryRow row = h.deliveries.deliveriesOf(lead.id()).get(0);
        assertThat(row.status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(row.attempts()).as("attempts keep counting").isEqualTo(2);
        assertThat(queue.count(Query.ALL)).isZero();
        TimelineEntry replayed = last(lead, DeadLetterRepository.REPLAYED);
        assertThat(replayed.actor()).isEqualTo(OPERATOR);
        assertThat(replayed.detail()).startsWith("by ops.tester to Strict (round 3)")
                .contains("same idempotency key", "no cap unit reserved");
        assertThat(h.leads.timeline(lead.id())).extracting(ev -> ev.type())
                .containsSubsequence("unsold", "replayed", "delivered");
    }

    @Test
    void shouldCreateADeliveryForTheOtherBuyerWhenReplayedToIt() throws Exception {
        a.enqueue(refused());
        b.enqueue(accepted());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), "\"price\": \"30\""));
        h.importBuyer(buyerFile("Only CA", b.url("/").toString(), "\"price\": \"10\", \"filters\": "
                + "[{\"field\": \"state\", \"in\": [\"CA\"]}]"));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);
        Entry e = entryOf(lead);

        desk.replayTo(e.seq(), buyerId("Only CA"));

        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(b.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8()).contains("Ann1");
        List<DeliveryRow> rows = h.deliveries.deliveriesOf(lead.id());
        assertThat(rows).extracting(DeliveryRow::status).containsExactly(DeliveryStatus.FAILED,
                DeliveryStatus.ACCEPTED);
        assertThat(rows.get(1).idempotencyKey()).isEqualTo(rows.get(1).id());
        assertThat(rows.get(1).round()).isEqualTo(3);
        assertThat(h.deliveries.routingDecisions(lead.id()).get(3)).contains("\"replay\"", "ops.tester",
                "not reserved");
        assertThat(last(lead, DeadLetterRepository.REPLAYED).detail()).contains("to Only CA", "a new delivery");
    }

    @Test
    void shouldRefuseAReplayToASwitchedOffBuyerAndChangeNothing() {
        a.enqueue(refused());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);
        h.buyers.setEnabled("Strict", false, "tester");
        h.directory.refreshNow();

        assertThatThrownBy(() -> desk.replay(entryOf(lead).seq())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Strict is switched off");
        assertThat(h.status(lead)).isEqualTo(LeadStatus.UNSOLD);
        assertThat(queue.count(Query.ALL)).isEqualTo(1);
        assertThat(h.deliveries.deliveriesOf(lead.id()).get(0).status()).isEqualTo(DeliveryStatus.FAILED);
    }

    @Test
    void shouldStoreTheFixAndDeliverWhenEditedAndReplayed() throws Exception {
        a.enqueue(accepted());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        // The buyer's mapping requires first_name: the payload is never sent, the lead goes unsold.
        Lead lead = unsold(1, Map.of("first_name", "")).get(0);
        Entry e = entryOf(lead);
        assertThat(e.errorClass()).isEqualTo("invalid_payload");
        assertThat(e.lastHttpStatus()).isNull();

        Map<String, String> fields = new LinkedHashMap<>(DeadLetterDesk.editableFields(e.lead()));
        fields.put("first_name", "Annabel");
        desk.editAndReplay(e.seq(), fields, null);

        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(a.takeRequest(5, TimeUnit.SECONDS).getBody().readUtf8()).contains("\"first_name\":\"Annabel\"");
        assertThat(h.leads.findById(lead.id()).orElseThrow().firstName()).isEqualTo("Annabel");
        TimelineEntry edited = last(lead, DeadLetterRepository.EDITED);
        assertThat(edited.actor()).isEqualTo(OPERATOR);
        assertThat(edited.detail()).isEqualTo("by ops.tester: first_name changed").doesNotContain("Annabel");
        assertThat(h.leads.timeline(lead.id())).extracting(ev -> ev.type())
                .containsSubsequence("unsold", "edited", "replayed", "delivered");
    }

    @Test
    void shouldRefuseAnEditTheQualityJudgeFindsErrorsIn() {
        a.enqueue(refused());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);
        Entry e = entryOf(lead);
        Map<String, String> fields = new LinkedHashMap<>(DeadLetterDesk.editableFields(e.lead()));
        fields.put("email", "ann at example");

        assertThatThrownBy(() -> desk.editAndReplay(e.seq(), fields, null))
                .isInstanceOf(DeadLetterDesk.EditRefusedException.class)
                .hasMessageStartingWith("lead L-1 was not replayed and nothing was changed: Field 'email' is not a "
                        + "valid email address: 'ann at example'.")
                .hasMessageNotContaining("first_name");
        assertThat(h.leads.findById(lead.id()).orElseThrow().email()).isEqualTo("ann1@example.com");
        assertThat(queue.count(Query.ALL)).isEqualTo(1);
        assertThat(queue.timeline(lead.id())).extracting(TimelineEntry::type)
                .doesNotContain(DeadLetterRepository.EDITED);
    }

    @Test
    void shouldCloseTheEntryAndKeepTheLeadUnsoldWhenDiscarded() {
        a.enqueue(refused());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);
        long seq = entryOf(lead).seq();

        assertThatThrownBy(() -> desk.discard(seq, "  ")).hasMessageContaining("say why");
        desk.discard(seq, "Outside our market");

        assertThat(queue.count(Query.ALL)).isZero();
        assertThat(h.status(lead)).isEqualTo(LeadStatus.UNSOLD);
        TimelineEntry discarded = last(lead, DeadLetterRepository.DISCARDED);
        assertThat(discarded.actor()).isEqualTo(OPERATOR);
        assertThat(discarded.detail()).isEqualTo("by ops.tester: Outside our market");
        assertThatThrownBy(() -> desk.replay(seq)).isInstanceOf(DeadLetterRepository.NotOpenException.class)
                .hasMessageContaining("already handled by ops.tester (discarded: Outside our market)");
    }

    @Test
    void shouldReplayAllThreeReportingProgressWhenBulkReplayed() {
        for (int i = 0; i < 3; i++) {
            a.enqueue(refused());
        }
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        List<Lead> leads = unsold(3, Map.of());
        for (int i = 0; i < 3; i++) {
            a.enqueue(accepted());
        }
        List<Long> seqs = leads.stream().map(l -> entryOf(l).seq()).toList();
        List<String> progress = new ArrayList<>();

        List<DeadLetterRepository.Resolved> done = desk.replayAll(seqs, null, (n, total) -> progress.add(n + "/" + total));

        assertThat(progress).containsExactly("1/3", "2/3", "3/3");
        assertThat(done).extracting(DeadLetterRepository.Resolved::resolution).containsOnly("replayed to Strict");
        leads.forEach(l -> awaitStatus(l, LeadStatus.DELIVERED));
        assertThat(a.getRequestCount()).isEqualTo(6);
        leads.forEach(l -> assertThat(last(l, DeadLetterRepository.REPLAYED).actor()).isEqualTo(OPERATOR));
    }

    @Test
    void shouldChangeNothingWhenOneOfTheBulkWasResolvedMeanwhileBySomeoneElse() {
        for (int i = 0; i < 3; i++) {
            a.enqueue(refused());
        }
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        List<Lead> leads = unsold(3, Map.of());
        List<Long> seqs = leads.stream().map(l -> entryOf(l).seq()).toList();
        deskFor("other.operator").discard(seqs.get(2), "Fake lead");
        List<String> progress = new ArrayList<>();

        assertThatThrownBy(() -> desk.replayAll(seqs, null, (n, total) -> progress.add(n + "/" + total)))
                .isInstanceOf(DeadLetterRepository.NotOpenException.class)
                .hasMessageContaining("lead L-3 was already handled by other.operator (discarded: Fake lead)");

        assertThat(progress).containsExactly("1/3", "2/3");
        assertThat(queue.count(Query.ALL)).isEqualTo(2);
        for (Lead l : leads.subList(0, 2)) {
            assertThat(h.status(l)).isEqualTo(LeadStatus.UNSOLD);
            assertThat(h.deliveries.deliveriesOf(l.id())).extracting(DeliveryRow::status)
                    .containsExactly(DeliveryStatus.FAILED);
            assertThat(queue.timeline(l.id())).extracting(TimelineEntry::type)
                    .doesNotContain(DeadLetterRepository.REPLAYED);
        }
        assertThat(a.getRequestCount()).isEqualTo(3);
    }

    @Test
    void shouldOfferTheLeadToABuyerAddedSinceWhenRoutedAgain() throws Exception {
        a.enqueue(refused());
        b.enqueue(accepted());
        h.importBuyer(buyerFile("Strict", a.url("/").toString(), null));
        h.start();
        Lead lead = unsold(1, Map.of()).get(0);
        h.importBuyer(buyerFile("Newcomer", b.url("/").toString(), null));

        desk.routeAgain(entryOf(lead).seq());

        awaitStatus(lead, LeadStatus.DELIVERED);
        assertThat(b.getRequestCount()).isEqualTo(1);
        assertThat(a.getRequestCount()).as("the buyer already tried is skipped").isEqualTo(1);
        TimelineEntry again = last(lead, DeadLetterRepository.ROUTED_AGAIN);
        assertThat(again.actor()).isEqualTo(OPERATOR);
        assertThat(again.detail()).isEqualTo("by ops.tester: a fresh routing round; 1 buyer(s) already tried are "
                + "skipped");
        assertThat(queue.count(Query.ALL)).isZero();
    }
}
