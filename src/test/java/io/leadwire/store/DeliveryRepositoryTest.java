package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.DeliveryRepository.AttemptRecord;
import io.leadwire.store.DeliveryRepository.CapSlot;
import io.leadwire.store.DeliveryRepository.DeliveryResult;
import io.leadwire.store.DeliveryRepository.DueDelivery;
import io.leadwire.store.DeliveryRepository.Routed;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryRepositoryTest extends StoreTestBase {
    private static final Instant T0 = StoreFixture.T0;
    private final StoreFixture store = fixture();
    private final DeliveryRepository deliveries = new DeliveryRepository(store.db.dataSource(), new ObjectMapper());
    private final BuyerRepository buyers = new BuyerRepository(store.db.dataSource());
    private final Vendor vendor = store.vendor("Acme");

    @AfterEach
    void close() {
        store.close();
    }

    private List<Lead> accepted(int n) {
        List<Lead> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(StoreFixture.lead(vendor, "L-" + i, Map.of("lead_id", "L-" + i, "country", "US"),
                    LeadStatus.ACCEPTED, T0.plusMillis(i)));
        }
        store.leads.insertAll(out);
        return out;
    }

    @Test
    void shouldNeverOversellACapWhenManyWorkersRouteAtOnce() throws Exception {
        List<Lead> leads = accepted(60);
        String buyerId = buyers.save("Capped", "{}", true, "test", T0).id();
        List<CapSlot> day = List.of(new CapSlot("day", Instant.parse("2026-03-06T05:00:00Z"), 25));
        AtomicInteger created = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Callable<Integer> worker = () -> {
                go.await();
                int mine = 0;
                List<Routed> batch;
                do {
                    batch = deliveries.routeAccepted(3, T0, (lead, score, round) -> {
                        if (round.reserveCaps(buyerId, day)) {
                            round.createDelivery(buyerId, 1, T0, day);
                            round.moveLead(LeadStatus.ROUTED, "routed", "to Capped");
                            created.incrementAndGet();
                            return LeadStatus.ROUTED;
                        }
                        round.deadLetter("no_buyer", "cap reached");
                        round.moveLead(LeadStatus.UNSOLD, "unsold", "cap reached");
                        return LeadStatus.UNSOLD;
                    });
                    mine += batch.size();
                } while (!batch.isEmpty());
                return mine;
            };
            futures.add(pool.submit(worker));
        }
        go.countDown();
        int routed = 0;
        for (Future<Integer> f : futures) {
            routed += f.get();
        }
        pool.shutdown();

        assertThat(routed).isEqualTo(leads.size());
        assertThat(created).hasValue(25);
        assertThat(deliveries.capUse(buyerId, day)).containsEntry("day", 25);
        assertThat(deliveries.countByStatus()).containsEntry(DeliveryStatus.PENDING, 25L);
        assertThat(store.leads.countByStatus()).containsEntry(LeadStatus.ROUTED, 25L)
                .containsEntry(LeadStatus.UNSOLD, 35L);
    }

    @Test
    void shouldReserveNothingWhenOneOfSeveralWindowsIsFull() {
        accepted(1);
        String buyerId = buyers.save("Two windows", "{}", true, "test", T0).id();
        CapSlot hour = new CapSlot("hour", T0, 0);
        CapSlot day = new CapSlot("day", T0.minus(Duration.ofHours(9)), 10);
        deliveries.routeAccepted(1, T0, (lead, score, round) -> {
            assertThat(round.reserveCaps(buyerId, List.of(day, hour))).isFalse();
            round.moveLead(LeadStatus.UNSOLD, "unsold", "caps");
            return LeadStatus.UNSOLD;
        });
        assertThat(deliveries.capUse(buyerId, List.of(day))).containsEntry("day", 0);
    }

    @Test
    void shouldClaimDueDeliveriesOnceAndReclaimThemWhenTheLeaseRunsOut() {
        accepted(2);
        String buyerId = buyers.save("B", "{}", true, "test", T0).id();
        routeAllTo(buyerId, List.of());

        List<DueDelivery> first = deliveries.claimDue(buyerId, 10, T0, T0.plusSeconds(20));
        assertThat(first).hasSize(2).allSatisfy(d -> {
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.idempotencyKey()).isEqualTo(d.id());
            assertThat(d.lead().field("country")).isEqualTo("US");
        });
        assertThat(deliveries.claimDue(buyerId, 10, T0.plusSeconds(5), T0.plusSeconds(25))).isEmpty();

        // The engine that claimed them died: after the lease they come again, same key, attempt 2.
        List<DueDelivery> again = deliveries.claimDue(buyerId, 10, T0.plusSeconds(21), T0.plusSeconds(41));
        assertThat(again).extracting(DueDelivery::id).containsExactlyInAnyOrderElementsOf(
                first.stream().map(DueDelivery::id).toList());
        assertThat(again).allSatisfy(d -> assertThat(d.attempt()).isEqualTo(2));
    }

    @Test
    void shouldClaimTheEarliestDueFirstAndMakeUpForRowsAnotherEngineHolds() throws Exception {
        accepted(60);
        String buyerId = buyers.save("B", "{}", true, "test", T0).id();
        // Each lead's delivery due one second after the previous one's.
        AtomicInteger n = new AtomicInteger();
        deliveries.routeAccepted(100, T0, (lead, score, round) -> {
            round.createDelivery(buyerId, 1, T0.plusSeconds(n.getAndIncrement()), List.of());
            round.recordDecision(buyerId, "{}");
            round.moveLead(LeadStatus.ROUTED, "routed", "to B");
            return LeadStatus.ROUTED;
        });
        Instant now = T0.plusSeconds(3600);
        List<String> byDue = new ArrayList<>();
        try (java.sql.Connection c = store.db.connection();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT id FROM delivery ORDER BY next_attempt_at")) {
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byDue.add(rs.getString(1));
                }
            }
        }
        assertThat(byDue).hasSize(60);

        List<DueDelivery> first = deliveries.claimDue(buyerId, 10, now, now.plusSeconds(20));
        assertThat(first).extracting(DueDelivery::id).containsExactlyElementsOf(byDue.subList(0, 10));

        // Another engine holds the next five (its claim is not yet committed): this one takes the
        // ten after them, the earliest it can have.
        try (java.sql.Connection other = store.db.connection()) {
            other.setAutoCommit(false);
            try (java.sql.PreparedStatement lock = other.prepareStatement(
                    "SELECT id FROM delivery WHERE id IN (?, ?, ?, ?, ?) FOR UPDATE")) {
                for (int i = 0; i < 5; i++) {
                    lock.setString(i + 1, byDue.get(10 + i));
                }
                lock.executeQuery().close();
            }
            List<DueDelivery> second = deliveries.claimDue(buyerId, 10, now, now.plusSeconds(20));
            assertThat(second).extracting(DueDelivery::id).containsExactlyElementsOf(byDue.subList(15, 25));
            other.rollback();
        }
        List<DueDelivery> third = deliveries.claimDue(buyerId, 100, now, now.plusSeconds(20));
        assertThat(third).extracting(DueDelivery::id).containsExactlyElementsOf(
                concat(byDue.subList(10, 15), byDue.subList(25, 60)));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void shouldMarkTheLeadDeliveredWhenTheBuyerAccepts() {
        Lead lead = accepted(1).get(0);
        String buyerId = buyers.save("B", "{}", true, "test", T0).id();
        routeAllTo(buyerId, List.of());
        DueDelivery due = deliveries.claimDue(buyerId, 1, T0, T0.plusSeconds(20)).get(0);

        var changes = deliveries.record(List.of(new DeliveryResult(due.id(), lead.id(), DeliveryStatus.ACCEPTED,
                List.of(attempt(1, 200, "accepted")), null, "B-77", new BigDecimal("12.50"), null, null, "delivered",
                "to B")), T0.plusMillis(30));

        assertThat(changes).containsExactly(new DeliveryRepository.LeadChange(lead.id(), LeadStatus.DELIVERED));
        assertThat(store.leads.findById(lead.id()).orElseThrow().status()).isEqualTo(LeadStatus.DELIVERED);
        var row = deliveries.delivery(due.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.ACCEPTED);
        assertThat(row.buyerLeadId()).isEqualTo("B-77");
        assertThat(row.price()).isEqualByComparingTo("12.50");
        assertThat(row.finishedAt()).isEqualTo(T0.plusMillis(30));
        assertThat(deliveries.attempts(due.id())).singleElement().satisfies(a -> {
            assertThat(a.record().responseStatus()).isEqualTo(200);
            assertThat(a.record().requestBody()).isEqualTo("{\"a\":1}");
        });
        assertThat(store.leads.timeline(lead.id())).extracting(e -> e.type()).contains("delivered");
    }

    @Test
    void shouldGiveBackTheCapAndReturnTheLeadToRoutingWhenTheBuyerRejects() {
        Lead lead = accepted(1).get(0);
        String buyerId = buyers.save("B", "{}", true, "test", T0).id();
        List<CapSlot> day = List.of(new CapSlot("day", T0, 5));
        routeAllTo(buyerId, day);
        assertThat(deliveries.capUse(buyerId, day)).containsEntry("day", 1);
        DueDelivery due = deliveries.claimDue(buyerId, 1, T0, T0.plusSeconds(20)).get(0);

        var changes = deliveries.record(List.of(new DeliveryResult(due.id(), lead.id(), DeliveryStatus.REJECTED,
                List.of(attempt(1, 422, "rejected")), null, null, null, "state not served", null, "delivery_rejected",
                "B: state not served")), T0.plusMillis(30));

        assertThat(changes).containsExactly(new DeliveryRepository.LeadChange(lead.id(), LeadStatus.ACCEPTED));
        assertThat(deliveries.capUse(buyerId, day)).containsEntry("day", 0);
        assertThat(store.leads.timeline(lead.id())).extracting(e -> e.type())
                .contains("delivery_rejected", "waterfall");
        // The next round sees the rejected buyer among the past deliveries.
        deliveries.routeAccepted(1, T0.plusSeconds(1), (l, score, round) -> {
            assertThat(round.round()).isEqualTo(2);
            assertThat(round.pastDeliveries()).singleElement()
                    .satisfies(p -> assertThat(p.status()).isEqualTo(DeliveryStatus.REJECTED));
            round.moveLead(LeadStatus.UNSOLD, "unsold", "no other buyer");
            return LeadStatus.UNSOLD;
        });
    }

    @Test
    void shouldKeepTheNewerClaimWhenALateResultOfALostClaimArrives() {
        Lead lead = accepted(1).get(0);
        String buyerId = buyers.save("B", "{}", true, "test", T0).id();
        routeAllTo(buyerId, List.of());
        // Engine A claims and sends; its process stalls past the lease, so engine B takes the delivery over.
        DueDelivery byA = deliveries.claimDue(buyerId, 1, T0, T0.plusSeconds(20)).get(0);
        DueDelivery byB = deliveries.claimDue(buyerId, 1, T0.plusSeconds(21), T0.plusSeconds(41)).get(0);
        assertThat(byB.attempt()).isEqualTo(byA.attempt() + 1);

        // A's late word (a rejection) must not overwrite B's claim, move the lead or open the waterfall.
        DeliveryResult late = new DeliveryResult(byA.id(), lead.id(), DeliveryStatus.REJECTED,
                List.of(attempt(byA.attempt(), 422, "rejected")), null, null, null, "late", null, "delivery_rejected",
                "B: late").underClaim(byA.attempt());
        List<DeliveryResult> dropped = new ArrayList<>();
        assertThat(deliveries.record(List.of(late), T0.plusSeconds(22), dropped::add)).isEmpty();
        assertThat(dropped).as("the engine is told, so it announces no change").containsExactly(late);
        var row = deliveries.delivery(byA.id()).orElseThrow();
        assertThat(row.status()).isEqualTo(DeliveryStatus.SENDING);
        assertThat(row.attempts()).isEqualTo(byB.attempt());
        assertThat(store.leads.findById(lead.id()).orElseThrow().status()).isEqualTo(LeadStatus.ROUTED);
        assertThat(store.leads.timeline(lead.id())).extracting(e -> e.type()).doesNotContain("delivery_rejected");
        assertThat(deliveries.attempts(byA.id())).as("what A sent stays in the log").hasSize(1);

        // B's own result is recorded as usual.
        assertThat(deliveries.record(List.of(new DeliveryResult(byB.id(), lead.id(), DeliveryStatus.ACCEPTED,
                List.of(attempt(byB.attempt(), 200, "accepted")), null, "B-1", new BigDecimal("9.00"), null, null,
                "delivered", "to B").underClaim(byB.attempt())), T0.plusSeconds(23)))
                .containsExactly(new DeliveryRepository.LeadChange(lead.id(), LeadStatus.DELIVERED));
        assertThat(deliveries.delivery(byA.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.ACCEPTED);

        // A result that arrives after the delivery was settled (by B here, or by a callback) changes nothing.
        assertThat(deliveries.record(List.of(new DeliveryResult(byB.id(), lead.id(), DeliveryStatus.RETRY,
                List.of(), T0.plusSeconds(60), null, null, "again", "unavailable", null, null)
                .underClaim(byB.attempt())), T0.plusSeconds(24))).isEmpty();
        assertThat(deliveries.delivery(byA.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.ACCEPTED);
    }

    @Test
    void shouldScheduleARetryWithoutMovingTheLead() {
        Lead lead = accepted(1).get(0);
        String buyerId = buyers.save("B", "{}", true, "test", T0).id();
        routeAllTo(buyerId, List.of());
        DueDelivery due = deliveries.claimDue(buyerId, 1, T0, T0.plusSeconds(20)).get(0);
        Instant retryAt = T0.plusSeconds(2);

        assertThat(deliveries.record(List.of(new DeliveryResult(due.id(), lead.id(), DeliveryStatus.RETRY,
                List.of(attempt(1, 503, "error")), retryAt, null, null, "HTTP 503", "unavailable", "retry_scheduled", "in 2 s")),
                T0)).isEmpty();

        assertThat(deliveries.claimDue(buyerId, 1, T0.plusSeconds(1), T0.plusSeconds(30))).isEmpty();
        assertThat(deliveries.nextDue(buyerId)).contains(retryAt);
        assertThat(deliveries.claimDue(buyerId, 1, retryAt, retryAt.plusSeconds(20))).singleElement()
                .satisfies(d -> assertThat(d.attempt()).isEqualTo(2));
        assertThat(store.leads.findById(lead.id()).orElseThrow().status()).isEqualTo(LeadStatus.ROUTED);
    }

    private void routeAllTo(String buyerId, List<CapSlot> slots) {
        deliveries.routeAccepted(100, T0, (lead, score, round) -> {
            assertThat(round.reserveCaps(buyerId, slots)).isTrue();
            round.createDelivery(buyerId, 1, T0, slots);
            round.recordDecision(buyerId, "{\"chosen\":[\"" + buyerId + "\"]}");
            round.moveLead(LeadStatus.ROUTED, "routed", "to B");
            return LeadStatus.ROUTED;
        });
    }

    private static AttemptRecord attempt(int n, int status, String outcome) {
        return new AttemptRecord(n, T0, 12L, "POST", "http://127.0.0.1:1/leads", "Content-Type: application/json",
                "{\"a\":1}", status, "Content-Type: application/json", "{}", outcome, null, null, false, null);
    }
}
