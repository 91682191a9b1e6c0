package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.lead.DedupeKey;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadEvent;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.LeadRepository.LeadDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The store's side of de-duplication: the batched look-up, its locking, and an operator's link. */
class DuplicateStoreTest extends StoreTestBase {
    private static final DuplicateSearch BY_EMAIL = new DuplicateSearch(Duration.ofDays(30), true, Set.of(DedupeKey.EMAIL));
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);

    /** Accepts every lead; a repeat is quarantined. The email key is the lower-cased email. */
    private static final Function<Lead, JudgedLead> JUDGE = l -> new JudgedLead(
            new LeadDecision(LeadStatus.ACCEPTED, l.fields(), 80, "STANDARD", "{}", "accepted", "score 80"),
            l.email() == null ? null : l.email().toLowerCase(Locale.ROOT), null, new QualityMarks(false, false, false, 80),
            m -> new LeadDecision(LeadStatus.QUARANTINED, l.fields(), 80, "STANDARD", "{}", "quarantined",
                    "duplicate of " + m.originalId()));

    @Test
    void shouldLetExactlyOneCopyBeTheOriginalWhenTwoWorkersDecideCopiesAtOnce() throws Exception {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            List<Lead> batch = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                batch.add(StoreFixture.lead(acme, "C-" + i, Map.of("email", "person" + (i % 12) + "@example.com")));
            }
            f.leads.insertAll(batch);
            Callable<Integer> worker = () -> {
                int total = 0;
                int n;
                do {
                    n = f.leads.decideAll(LeadStatus.RECEIVED, 7, JUDGE, BY_EMAIL, CLOCK).size();
                    total += n;
                } while (n > 0);
                return total;
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> a = pool.submit(worker);
                Future<Integer> b = pool.submit(worker);
                assertThat(a.get() + b.get()).isEqualTo(240);
            } finally {
                pool.shutdownNow();
            }

            Map<String, List<String[]>> byEmail = new HashMap<>();
            try (Connection c = f.db.connection(); PreparedStatement ps = c.prepareStatement(
                    "SELECT email_key, id, duplicate_of, (SELECT COUNT(*) FROM lead r WHERE r.duplicate_of = l.id) "
                            + "FROM lead l ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byEmail.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new String[] {
                        rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
            assertThat(byEmail).hasSize(12).allSatisfy((email, rows) -> {
                String[] first = rows.get(0);
                assertThat(first[1]).as("the earliest copy of %s is the original", email).isNull();
                assertThat(first[2]).isEqualTo("19");
                assertThat(rows.subList(1, rows.size())).allSatisfy(r -> assertThat(r[1]).isEqualTo(first[0]));
            });
        }
    }

    @Test
    void shouldLookUpOriginalsThroughTheKeyIndexesWhenABatchIsDecided() throws Exception {
        try (StoreFixture f = fixture(); Connection c = f.db.connection()) {
            String plan = candidatePlan(c);
            assertThat(plan).as(plan).contains("IX_LEAD_EMAIL_KEY", "IX_LEAD_PHONE_KEY", "IX_LEAD_VENDOR_LEAD_ID")
                    .doesNotContain("TABLESCAN");
            // In the email and phone index conditions (unquoted; the WHERE clause quotes it): a key's
            // repeats are not read.
            assertThat(plan.split("DUPLICATE_OF IS NULL", -1)).hasSize(3);
        }
    }

    /** The database's plan for a decision batch's look-up of originals, upper case, every line. */
    static String candidatePlan(Connection c) throws java.sql.SQLException {
        Map<DedupeKey, Integer> sizes = new EnumMap<>(DedupeKey.class);
        sizes.put(DedupeKey.EMAIL, 4);
        sizes.put(DedupeKey.PHONE, 2);
        sizes.put(DedupeKey.VENDOR_LEAD_ID, 1);
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + Deduplicator.candidateSql(sizes))) {
            int p = 1;
            for (int n : List.of(4, 2, 1)) {
                for (int i = 0; i < n; i++) {
                    ps.setString(p++, "k" + i);
                }
                ps.setObject(p++, T0.atOffset(ZoneOffset.UTC));
            }
            // H2 answers one row; PostgreSQL one row per plan line.
            StringBuilder lines = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.append(rs.getString(1)).append('\n');
                }
            }
            return lines.toString().toUpperCase(Locale.ROOT);
        }
    }

    @Test
    void shouldPadInListsToPowersOfTwoWhenBuildingTheLookUp() {
        assertThat(List.of(1, 2, 3, 4, 5, 200, 256, 257)).extracting(Deduplicator::padded)
                .containsExactly(1, 2, 4, 4, 8, 256, 256, 512);
    }

    @Test
    void shouldRejectAndLinkBothTimelinesWhenAnOperatorLinksADuplicate() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Vendor beta = f.vendor("Beta");
            Lead original = StoreFixture.lead(acme, "A-1", Map.of("email", "ann@example.com"));
            Lead copy = StoreFixture.lead(beta, "B-1", Map.of("email", "ann.lee@example.com"));
            f.leads.insertAll(List.of(original, copy));
            f.leads.decideAll(LeadStatus.RECEIVED, 10, JUDGE, BY_EMAIL, CLOCK);
            Instant at = T0.plus(Duration.ofHours(2));

            Lead linked = f.leads.linkDuplicate(copy.id(), original.id(), "mara", at);

            assertThat(linked.status()).isEqualTo(LeadStatus.REJECTED);
            assertThat(f.leads.dedupeState(copy.id()).orElseThrow().duplicateOf()).isEqualTo(original.id());
            assertThat(f.leads.dedupeState(original.id()).orElseThrow().repeatCount()).isEqualTo(1);
            LeadEvent onCopy = last(f.leads.timeline(copy.id()));
            assertThat(onCopy.type()).isEqualTo("linked_duplicate");
            assertThat(onCopy.at()).isEqualTo(at);
            assertThat(onCopy.detail()).isEqualTo("Rejected by mara as a duplicate of lead " + original.id()
                    + " (vendor 'Acme', their lead A-1).");
            LeadEvent onOriginal = last(f.leads.timeline(original.id()));
            assertThat(onOriginal.type()).isEqualTo("repeat_source");
            assertThat(onOriginal.detail()).isEqualTo("Repeated by vendor 'Beta' (their lead B-1, lead " + copy.id()
                    + "), linked by mara.");
        }
    }

    @Test
    void shouldLinkToTheRootWhenTheChosenOriginalIsItselfADuplicate() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Lead root = StoreFixture.lead(acme, "A-1", Map.of("email", "ann@example.com"));
            Lead repeat = StoreFixture.lead(acme, "A-2", Map.of("email", "ann@example.com"));
            Lead third = StoreFixture.lead(acme, "A-3", Map.of("email", "other@example.com"));
            f.leads.insertAll(List.of(root, repeat, third));
            f.leads.decideAll(LeadStatus.RECEIVED, 10, JUDGE, BY_EMAIL, CLOCK);

            f.leads.linkDuplicate(third.id(), repeat.id(), "mara", T0.plusSeconds(60));

            assertThat(f.leads.dedupeState(third.id()).orElseThrow().duplicateOf()).isEqualTo(root.id());
            assertThat(f.leads.dedupeState(root.id()).orElseThrow().repeatCount()).isEqualTo(2);
        }
    }

    @Test
    void shouldMoveTheRepeatsOverWhenALeadWithRepeatsIsLinkedToAnother() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Lead older = StoreFixture.lead(acme, "A-1", Map.of("email", "ann@old.example"));
            Lead hub = StoreFixture.lead(acme, "A-2", Map.of("email", "ann@example.com"));
            Lead repeat = StoreFixture.lead(acme, "A-3", Map.of("email", "ann@example.com"));
            f.leads.insertAll(List.of(older, hub, repeat));
            f.leads.decideAll(LeadStatus.RECEIVED, 10, JUDGE, BY_EMAIL, CLOCK);

            f.leads.linkDuplicate(hub.id(), older.id(), "mara", T0.plusSeconds(60));

            assertThat(f.leads.dedupeState(repeat.id()).orElseThrow().duplicateOf()).isEqualTo(older.id());
            assertThat(f.leads.dedupeState(hub.id()).orElseThrow().repeatCount()).isZero();
            assertThat(f.leads.dedupeState(older.id()).orElseThrow().repeatCount()).isEqualTo(2);
            assertThat(last(f.leads.timeline(hub.id())).detail()).endsWith("its 1 repeat(s) now point to that lead too.");
        }
    }

    @Test
    void shouldChangeNothingWhenTheSameLinkIsMadeTwice() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Lead a = StoreFixture.lead(acme, "A-1", Map.of("email", "a@example.com"));
            Lead b = StoreFixture.lead(acme, "A-2", Map.of("email", "b@example.com"));
            f.leads.insertAll(List.of(a, b));
            f.leads.linkDuplicate(b.id(), a.id(), "mara", T0);

            f.leads.linkDuplicate(b.id(), a.id(), "mara", T0.plusSeconds(5));

            assertThat(f.leads.dedupeState(a.id()).orElseThrow().repeatCount()).isEqualTo(1);
            assertThat(f.leads.timeline(b.id())).extracting(LeadEvent::type).containsExactly("received", "linked_duplicate");
        }
    }

    @Test
    void shouldSayWhatIsWrongWhenALinkCannotBeMade() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Lead a = StoreFixture.lead(acme, "A-1", Map.of("email", "a@example.com"));
            Lead b = StoreFixture.lead(acme, "A-2", Map.of("email", "b@example.com"));
            f.leads.insertAll(List.of(a, b));
            f.leads.linkDuplicate(b.id(), a.id(), "mara", T0);

            assertThatThrownBy(() -> f.leads.linkDuplicate(a.id(), a.id(), "mara", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("itself");
            assertThatThrownBy(() -> f.leads.linkDuplicate(a.id(), "no-such-lead", "mara", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("There is no lead no-such-lead.");
            assertThatThrownBy(() -> f.leads.linkDuplicate(a.id(), b.id(), "mara", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the other way round");
            assertThatThrownBy(() -> f.leads.linkDuplicate(a.id(), b.id(), " ", T0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("operator");
            assertThat(f.leads.findById(a.id()).orElseThrow().status()).isEqualTo(LeadStatus.RECEIVED);
        }
    }

    private static LeadEvent last(List<LeadEvent> timeline) {
        return timeline.get(timeline.size() - 1);
    }
}
