package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static io.leadwire.store.StoreFixture.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.LeadRepository.Duplicate;
import io.leadwire.store.LeadRepository.InsertResult;
import io.leadwire.store.LeadRepository.Inserted;
import io.leadwire.store.LeadRepository.LeadQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LeadRepository on a real (in-memory) H2 with the Flyway schema. */
class LeadRepositoryTest extends StoreTestBase {
    private StoreFixture store;
    private LeadRepository leads;
    private Vendor acme;
    private Vendor other;

    @BeforeEach
    void open() {
        store = fixture();
        leads = store.leads;
        acme = store.vendor("Acme");
        other = store.vendor("Other");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void shouldInsertEveryLeadWithItsReceivedEventWhenTheBatchHasNoDuplicates() {
        List<Lead> batch = List.of(lead(acme, "A-1"), lead(acme, "A-2"), lead(other, "A-1"));

        List<InsertResult> results = leads.insertAll(batch);

        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(Inserted.class));
        for (Lead l : batch) {
            Lead stored = leads.findById(l.id()).orElseThrow();
            assertThat(stored.vendorLeadId()).isEqualTo(l.vendorLeadId());
            assertThat(stored.receivedAt()).isEqualTo(T0);
            assertThat(stored.seq()).isPositive();
            assertThat(leads.timeline(l.id())).extracting(LeadEvent::type).containsExactly("received");
        }
        assertThat(leads.count(LeadQuery.ALL)).isEqualTo(3);
    }

    @Test
    void shouldKeepFieldsAndIndexedColumnsWhenStored() {
        Lead l = lead(acme, "F-1", Map.of("lead_id", "F-1", "first_name", "María-José", "last_name", "O'Neil",
                "email", "mj@example.org", "phone", "+15125550147", "country", "United States", "custom", "x"));
        leads.insertAll(List.of(l));

        Lead stored = leads.findByVendorLeadId(acme.id(), "F-1").orElseThrow();
        assertThat(stored.fields()).isEqualTo(l.fields());
        assertThat(stored.displayName()).isEqualTo("María-José O'Neil");
        assertThat(stored.rawPayload()).isEqualTo(l.rawPayload());
        assertThat(stored.remoteIp()).isEqualTo("127.0.0.1");
        assertThat(leads.findByVendorLeadId(other.id(), "F-1")).isEmpty();
        assertThat(leads.findById("no-such-id")).isEmpty();
    }

    @Test
    void shouldClipOverlongIndexedColumnsButKeepTheFullFieldWhenAFieldIsHuge() {
        String longName = "N".repeat(5_000);
        Lead l = lead(acme, "LONG-1", Map.of("lead_id", "LONG-1", "first_name", longName, "phone", "9".repeat(100)));
        assertThat(leads.insertAll(List.of(l))).singleElement().isInstanceOf(Inserted.class);
        assertThat(leads.findById(l.id()).orElseThrow().firstName()).isEqualTo(longName);
    }

    @Test
    void shouldFallBackToOneByOneAndReportTheOriginalWhenTheBatchHoldsAStoredLeadId() {
        Lead original = lead(acme, "D-1");
        leads.insertAll(List.of(original));
        Lead before = lead(acme, "D-0");
        Lead again = lead(acme, "D-1");
        Lead after = lead(acme, "D-2");

        List<InsertResult> results = leads.insertAll(List.of(before, again, after));

        assertThat(results.get(0)).isEqualTo(new Inserted(before));
        assertThat(results.get(1)).isEqualTo(new Duplicate(original.id()));
        assertThat(results.get(2)).isEqualTo(new Inserted(after));
        assertThat(leads.findById(again.id())).isEmpty();
        assertThat(leads.count(LeadQuery.ALL)).isEqualTo(3);
        assertThat(leads.timeline(before.id())).hasSize(1);
        assertThat(leads.timeline(after.id())).hasSize(1);
    }

    @Test
    void shouldStoreTheFirstAndReportTheRestAsItsDuplicatesWhenTheBatchRepeatsALeadId() {
        Lead first = lead(acme, "B-1");
        Lead second = lead(acme, "B-1");
        Lead third = lead(acme, "B-1");

        List<InsertResult> results = leads.insertAll(List.of(first, second, third));

        assertThat(results).containsExactly(new Inserted(first), new Duplicate(first.id()), new Duplicate(first.id()));
        assertThat(leads.count(LeadQuery.ALL)).isEqualTo(1);
    }

    @Test
    void shouldReportTheStoredOriginalForEveryCopyWhenTheBatchRepeatsAnAlreadyStoredLeadId() {
        Lead original = lead(acme, "R-1");
        leads.insertAll(List.of(original));

        List<InsertResult> results = leads.insertAll(List.of(lead(acme, "R-1"), lead(acme, "R-1"), lead(acme, "R-2")));

        assertThat(results.get(0)).isEqualTo(new Duplicate(original.id()));
        assertThat(results.get(1)).isEqualTo(new Duplicate(original.id()));
        assertThat(results.get(2)).isInstanceOf(Inserted.class);
    }

    @Test
    void shouldStoreEachLeadIdOnceWhenWritersRaceOnTheSameIds() throws Exception {
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<InsertResult>>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Callable<List<InsertResult>> task = () -> {
                    List<Lead> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        batch.add(lead(acme, "RACE-" + i));
                    }
                    go.await();
                    return leads.insertAll(batch);
                };
                futures.add(pool.submit(task));
            }
            go.countDown();
            List<InsertResult> all = new ArrayList<>();
            for (Future<List<InsertResult>> f : futures) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(all.stream().filter(r -> r instanceof Inserted)).hasSize(50);
            assertThat(leads.count(LeadQuery.ALL)).isEqualTo(50);
            for (InsertResult r : all) {
                if (r instanceof Duplicate d) {
                    assertThat(leads.findById(d.originalId())).isPresent();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldPageNewestFirstWhenListing() {
        List<Lead> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(lead(acme, "P-" + i));
        }
        leads.insertAll(batch);

        List<Lead> first = leads.page(LeadQuery.ALL, 0, 10);
        List<Lead> third = leads.page(LeadQuery.ALL, 20, 10);

        assertThat(first).extracting(Lead::vendorLeadId).startsWith("P-24", "P-23").hasSize(10);
        assertThat(third).extracting(Lead::vendorLeadId).containsExactly("P-4", "P-3", "P-2", "P-1", "P-0");
        assertThat(leads.page(LeadQuery.ALL, 30, 10)).isEmpty();
        assertThat(first.get(0).seq()).isGreaterThan(first.get(1).seq());
    }

    @Test
    void shouldFilterByVendorAndStatusWhenQueried() {
        leads.insertAll(List.of(
                lead(acme, "S-1", Map.of(), LeadStatus.RECEIVED, T0),
                lead(acme, "S-2", Map.of(), LeadStatus.ACCEPTED, T0),
                lead(other, "S-3", Map.of(), LeadStatus.ACCEPTED, T0),
                lead(other, "S-4", Map.of(), LeadStatus.QUARANTINED, T0)));

        assertThat(leads.page(new LeadQuery(acme.id(), null, null), 0, 10)).extracting(Lead::vendorLeadId)
                .containsExactly("S-2", "S-1");
        assertThat(leads.page(new LeadQuery(null, LeadStatus.ACCEPTED, null), 0, 10)).extracting(Lead::vendorLeadId)
                .containsExactly("S-3", "S-2");
        assertThat(leads.count(new LeadQuery(other.id(), LeadStatus.ACCEPTED, null))).isEqualTo(1);
        assertThat(leads.count(new LeadQuery(null, LeadStatus.DELIVERED, null))).isZero();
        assertThat(leads.countByStatus()).containsOnly(
                Map.entry(LeadStatus.RECEIVED, 1L), Map.entry(LeadStatus.ACCEPTED, 2L),
                Map.entry(LeadStatus.QUARANTINED, 1L));
    }

    @Test
    void shouldFindByNameEmailPhoneCountryOrIdsIgnoringCaseWhenSearchingText() {
        Lead mj = lead(acme, "INS-77", Map.of("first_name", "María-José", "last_name", "O'Neil",
                "email", "MJ.Oneil@Example.org", "phone", "+15125550147", "country", "United States"));
        Lead john = lead(acme, "FL-2026", Map.of("first_name", "John", "last_name", "Smith",
                "email", "john@example.com", "country", "United Kingdom"));
        leads.insertAll(List.of(mj, john));

        assertThat(search("maría")).containsExactly("INS-77");
        assertThat(search("o'neil")).containsExactly("INS-77");
        assertThat(search("mj.oneil@example")).containsExactly("INS-77");
        assertThat(search("5550147")).containsExactly("INS-77");
        assertThat(search("united")).containsExactlyInAnyOrder("INS-77", "FL-2026");
        assertThat(search("  fl-2026 ")).containsExactly("FL-2026");
        assertThat(search(john.id())).containsExactly("FL-2026");
        assertThat(search("nobody")).isEmpty();
        assertThat(search("   ")).hasSize(2);
        assertThat(leads.count(new LeadQuery(null, null, "smith"))).isEqualTo(1);
    }

    @Test
    void shouldMatchPercentUnderscoreAndBackslashLiterallyWhenSearchingText() {
        leads.insertAll(List.of(
                lead(acme, "PCT", Map.of("first_name", "100% Leads")),
                lead(acme, "NOPCT", Map.of("first_name", "100 Leads")),
                lead(acme, "UND", Map.of("email", "a_b@example.com")),
                lead(acme, "NOUND", Map.of("email", "axb@example.com")),
                lead(acme, "BSL", Map.of("last_name", "back\\slash"))));

        assertThat(search("%")).containsExactly("PCT");
        assertThat(search("100%")).containsExactly("PCT");
        assertThat(search("_")).containsExactly("UND");
        assertThat(search("a_b")).containsExactly("UND");
        assertThat(search("\\")).containsExactly("BSL");
    }

    @Test
    void shouldCountLeadsPerVendorSinceAnInstantWhenAsked() {
        leads.insertAll(List.of(
                lead(acme, "C-1", Map.of(), LeadStatus.RECEIVED, T0.minusSeconds(3600)),
                lead(acme, "C-2", Map.of(), LeadStatus.RECEIVED, T0),
                lead(acme, "C-3", Map.of(), LeadStatus.RECEIVED, T0.plusSeconds(60)),
                lead(other, "C-4", Map.of(), LeadStatus.RECEIVED, T0.plusSeconds(60))));

        assertThat(leads.countByVendorSince(T0)).containsOnly(Map.entry(acme.id(), 2L), Map.entry(other.id(), 1L));
        assertThat(leads.countSince(T0)).isEqualTo(3);
        assertThat(leads.countSince(T0.plusSeconds(3600))).isZero();
    }

    @Test
    void shouldReturnAnEmptyTimelineWhenTheLeadIsUnknown() {
        assertThat(leads.timeline("unknown")).isEmpty();
    }

    @Test
    void shouldDescribeHowTheLeadArrivedWhenWritingTheReceivedEvent() {
        Lead l = lead(acme, "TL-1");
        leads.insertAll(List.of(l));

        LeadEvent e = leads.timeline(l.id()).get(0);
        assertThat(e.leadId()).isEqualTo(l.id());
        assertThat(e.at()).isEqualTo(T0);
        assertThat(e.detail()).isEqualTo("via application/json from 127.0.0.1");
    }

    private List<String> search(String text) {
        return leads.page(new LeadQuery(null, null, text), 0, 50).stream().map(Lead::vendorLeadId).toList();
    }

    @Test
    void shouldDecideEachReceivedLeadExactlyOnceWhenTwoWorkersClaimAtOnce() throws Exception {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            java.util.List<Lead> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) {
                batch.add(StoreFixture.lead(acme, "Q-" + i));
            }
            f.leads.insertAll(batch);
            java.util.Map<String, Integer> decisions = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.Callable<Integer> worker = () -> {
                int total = 0;
                int n;
                do {
                    n = f.leads.decideAll(LeadStatus.RECEIVED, 25, l -> {
                        decisions.merge(l.id(), 1, Integer::sum);
                        return new LeadRepository.LeadDecision(LeadStatus.ACCEPTED, l.fields(), 70, "STANDARD",
                                "{}", "accepted", "score 70");
                    }, java.time.Clock.fixed(StoreFixture.T0, java.time.ZoneOffset.UTC)).size();
                    total += n;
                } while (n > 0);
                return total;
            };
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var a = pool.submit(worker);
                var b = pool.submit(worker);
                assertThat(a.get() + b.get()).isEqualTo(400);
            } finally {
                pool.shutdownNow();
            }

            assertThat(decisions).hasSize(400).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
            assertThat(f.leads.countByStatus()).containsExactly(java.util.Map.entry(LeadStatus.ACCEPTED, 400L));
            Lead one = f.leads.findByVendorLeadId(acme.id(), "Q-7").orElseThrow();
            assertThat(f.leads.timeline(one.id())).extracting(LeadEvent::type).containsExactly("received", "accepted");
            assertThat(f.leads.verdictJson(one.id())).contains("{}");
        }
    }

    @Test
    void shouldLeaveLeadsReceivedWhenTheDecisionFails() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            f.leads.insertAll(java.util.List.of(StoreFixture.lead(acme, "F-1"), StoreFixture.lead(acme, "F-2")));

            assertThatThrownBy(() -> f.leads.decideAll(LeadStatus.RECEIVED, 10, l -> {
                throw new IllegalStateException("boom");
            }, java.time.Clock.fixed(StoreFixture.T0, java.time.ZoneOffset.UTC))).isInstanceOf(IllegalStateException.class);

            assertThat(f.leads.countByStatus()).containsExactly(java.util.Map.entry(LeadStatus.RECEIVED, 2L));
        }
    }

    @Test
    void shouldStampTheDecisionWhenEachLeadIsDecidedNotWhenTheBatchStarted() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            f.leads.insertAll(java.util.List.of(StoreFixture.lead(acme, "S-1")));
            java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                    new java.util.concurrent.atomic.AtomicReference<>(T0.minusSeconds(60));
            java.time.Clock clock = new java.time.Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public java.time.Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public java.time.Instant instant() {
                    return now.get();
                }
            };

            f.leads.decideAll(LeadStatus.RECEIVED, 10, l -> {
                now.set(T0.plusMillis(7)); // judging happens after the lead was received at T0
                return new LeadRepository.LeadDecision(LeadStatus.ACCEPTED, l.fields(), 90, "HOT", "{}", "accepted",
                        "score 90");
            }, clock);

            Lead lead = f.leads.findByVendorLeadId(acme.id(), "S-1").orElseThrow();
            assertThat(f.leads.timeline(lead.id())).extracting(LeadEvent::at)
                    .containsExactly(T0, T0.plusMillis(7));
        }
    }
}
