package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadwire.lead.DedupeKey;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.LeadRepository.LeadDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The quality figures as decision batches add to them, read back per hour, day and vendor. */
class QualityFiguresRepositoryTest extends StoreTestBase {
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC);
    private static final DuplicateSearch BY_EMAIL = new DuplicateSearch(Duration.ofDays(30), true, Set.of(DedupeKey.EMAIL));

    /**
     * Decides each lead by its fields: {@code status}, {@code score} ("none" for no score) and the
     * marks {@code bad_email}, {@code bad_phone}, {@code geo}; a repeat (same email) keeps its status.
     */
    private static final Function<Lead, JudgedLead> JUDGE = l -> {
        LeadStatus status = LeadStatus.valueOf(l.field("status"));
        Integer score = l.field("score").equals("none") ? null : Integer.valueOf(l.field("score"));
        LeadDecision d = new LeadDecision(status, l.fields(), score, null, "{}", status.wireName(), "");
        return new JudgedLead(d, l.email(), null, new QualityMarks(l.fields().containsKey("bad_email"),
                l.fields().containsKey("bad_phone"), l.fields().containsKey("geo"), score), m -> d);
    };

    @Test
    void shouldCountAKnownMixPerVendorAndHourWhenBatchesAreDecided() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Vendor beta = f.vendor("Beta");
            Instant h14 = T0.plusSeconds(600); // 14:10
            Instant h15 = T0.plus(Duration.ofMinutes(75)); // 15:15
            f.leads.insertAll(List.of(
                    lead(acme, "A-1", h14, "ACCEPTED", "95", "a1@example.com"),
                    lead(acme, "A-2", h14, "ACCEPTED", "100", "a2@example.com"),
                    lead(acme, "A-3", h14, "QUARANTINED", "42", "a3@example.com", "bad_email"),
                    lead(acme, "A-4", h14, "QUARANTINED", "55", "a4@example.com", "bad_phone", "geo"),
                    lead(acme, "A-5", h14, "REJECTED", "9", "a5@example.com", "bad_email", "bad_phone")));
            f.leads.decideAll(LeadStatus.RECEIVED, 100, JUDGE, BY_EMAIL, CLOCK);
            // A second batch into the same hour (the row is updated), another hour and another vendor.
            f.leads.insertAll(List.of(
                    lead(acme, "A-6", h14, "ACCEPTED", "70", "a1@example.com"),
                    lead(acme, "A-7", h15, "QUARANTINED", "none", "a7@example.com"),
                    lead(beta, "B-1", h14, "ACCEPTED", "88", "b1@example.com", "geo")));
            f.leads.decideAll(LeadStatus.RECEIVED, 100, JUDGE, BY_EMAIL, CLOCK);

            List<QualityFigures> hourly = new QualityFiguresRepository(f.db.dataSource())
                    .hourly(T0, T0.plus(Duration.ofDays(1)));

            assertThat(hourly).extracting(QualityFigures::vendorName, QualityFigures::bucketStart)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("Acme", T0),
                            org.assertj.core.groups.Tuple.tuple("Beta", T0),
                            org.assertj.core.groups.Tuple.tuple("Acme", T0.plus(Duration.ofHours(1))));
            QualityFigures acme14 = hourly.get(0);
            assertThat(acme14.bucketEnd()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(List.of(acme14.decided(), acme14.accepted(), acme14.quarantined(), acme14.rejected(),
                    acme14.duplicates(), acme14.invalidEmail(), acme14.invalidPhone(), acme14.geoMismatch(),
                    acme14.scored(), acme14.scoreSum())).containsExactly(6L, 3L, 2L, 1L, 1L, 2L, 2L, 1L, 6L, 371L);
            assertThat(acme14.scoreHistogram()).containsExactly(1L, 0L, 0L, 0L, 1L, 1L, 0L, 1L, 0L, 2L);
            assertThat(acme14.passRate()).isCloseTo(0.5, within(1e-9));
            assertThat(acme14.duplicateShare()).isCloseTo(1 / 6.0, within(1e-9));
            assertThat(acme14.invalidEmailShare()).isCloseTo(2 / 6.0, within(1e-9));
            assertThat(acme14.invalidPhoneShare()).isCloseTo(2 / 6.0, within(1e-9));
            assertThat(acme14.geoMismatchShare()).isCloseTo(1 / 6.0, within(1e-9));
            assertThat(acme14.meanScore()).isCloseTo(371 / 6.0, within(1e-9));
            QualityFigures acme15 = hourly.get(2);
            assertThat(acme15.decided()).isEqualTo(1);
            assertThat(acme15.scored()).isZero();
            assertThat(acme15.meanScore()).isZero();
            assertThat(hourly.get(1).geoMismatchShare()).isEqualTo(1.0);

            // The same counts in the performance figures' buckets: a day, and the minute 14:10.
            FiguresRepository figures = new FiguresRepository(f.db.dataSource(), CLOCK);
            assertThat(qualitySums(figures, acme, FiguresRepository.Grain.DAY, T0.minus(Duration.ofHours(14)),
                    T0.plus(Duration.ofHours(10)))).containsEntry("q.decided", 7L).containsEntry("q.accepted", 3L)
                    .containsEntry("q.quarantined", 3L).containsEntry("q.rejected", 1L)
                    .containsEntry("q.duplicates", 1L).containsEntry("q.invalid_email", 2L)
                    .containsEntry("q.invalid_phone", 2L).containsEntry("q.geo_mismatch", 1L);
            assertThat(qualitySums(figures, acme, FiguresRepository.Grain.MINUTE, h14, h14.plusSeconds(60)))
                    .containsEntry("q.decided", 6L).containsEntry("q.accepted", 3L);
        }
    }

    private static java.util.Map<String, Long> qualitySums(FiguresRepository figures, Vendor v,
                                                           FiguresRepository.Grain grain, Instant from, Instant to) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        figures.rows(FiguresRepository.Subject.VENDOR, List.of(v.id()), grain, from, to, List.of("q."))
                .forEach(r -> out.merge(r.metric(), r.amount().longValue(), Long::sum));
        return out;
    }

    @Test
    void shouldAddHoursUpToDaysAndTotalsWhenReadPerDayOrVendor() {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            Instant day1Late = Instant.parse("2026-03-06T23:30:00Z");
            Instant day2Early = Instant.parse("2026-03-07T00:30:00Z");
            f.leads.insertAll(List.of(
                    lead(acme, "A-1", T0, "ACCEPTED", "90", "a1@example.com"),
                    lead(acme, "A-2", day1Late, "QUARANTINED", "20", "a2@example.com"),
                    lead(acme, "A-3", day2Early, "ACCEPTED", "61", "a3@example.com")));
            f.leads.decideAll(LeadStatus.RECEIVED, 100, JUDGE, BY_EMAIL, CLOCK);
            QualityFiguresRepository figures = new QualityFiguresRepository(f.db.dataSource());
            Instant from = Instant.parse("2026-03-06T00:00:00Z");
            Instant to = Instant.parse("2026-03-08T00:00:00Z");

            List<QualityFigures> utcDays = figures.daily(from, to, ZoneOffset.UTC);
            List<QualityFigures> berlinDays = figures.daily(from, to, ZoneId.of("Europe/Berlin"));
            List<QualityFigures> totals = figures.totals(from, to);

            assertThat(utcDays).extracting(QualityFigures::bucketStart, QualityFigures::decided).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(from, 2L),
                    org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-07T00:00:00Z"), 1L));
            assertThat(utcDays.get(0).bucketEnd()).isEqualTo(Instant.parse("2026-03-07T00:00:00Z"));
            assertThat(utcDays.get(0).passRate()).isEqualTo(0.5);
            // 23:30 UTC is already the 7th in Berlin (UTC+1 in March).
            assertThat(berlinDays).extracting(QualityFigures::bucketStart, QualityFigures::decided).containsExactly(
                    org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-05T23:00:00Z"), 1L),
                    org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-06T23:00:00Z"), 2L));
            assertThat(totals).singleElement().satisfies(t -> {
                assertThat(t.decided()).isEqualTo(3);
                assertThat(t.accepted()).isEqualTo(2);
                assertThat(t.bucketStart()).isEqualTo(from);
                assertThat(t.bucketEnd()).isEqualTo(to);
                assertThat(t.scoreHistogram()).containsExactly(0L, 0L, 1L, 0L, 0L, 0L, 1L, 0L, 0L, 1L);
            });
            assertThat(figures.hourly(to, to.plus(Duration.ofDays(1)))).isEmpty();
        }
    }

    @Test
    void shouldLoseNoCountWhenTwoWorkersAddToTheSameHourAtOnce() throws Exception {
        try (StoreFixture f = fixture()) {
            Vendor acme = f.vendor("Acme");
            List<Lead> batch = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                batch.add(lead(acme, "C-" + i, T0, i % 3 == 0 ? "QUARANTINED" : "ACCEPTED", "75", "c" + i + "@example.com"));
            }
            f.leads.insertAll(batch);
            // No de-duplication, so no lock: the batches of the two workers really overlap.
            Callable<Integer> worker = () -> {
                int total = 0;
                int n;
                do {
                    n = f.leads.decideAll(LeadStatus.RECEIVED, 5, JUDGE, DuplicateSearch.NONE, CLOCK).size();
                    total += n;
                } while (n > 0);
                return total;
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<Integer> a = pool.submit(worker);
                Future<Integer> b = pool.submit(worker);
                assertThat(a.get() + b.get()).isEqualTo(300);
            } finally {
                pool.shutdownNow();
            }

            QualityFigures h = new QualityFiguresRepository(f.db.dataSource()).hourly(T0, T0.plusSeconds(3600)).get(0);
            assertThat(h.decided()).isEqualTo(300);
            assertThat(h.accepted()).isEqualTo(200);
            assertThat(h.quarantined()).isEqualTo(100);
            assertThat(h.scoreHistogram().get(7)).isEqualTo(300);
        }
    }

    @Test
    void shouldPutEachScoreInItsTenPointBucketWhenCounting() {
        assertThat(List.of(0, 9, 10, 59, 60, 89, 90, 99, 100)).extracting(QualityFigures::scoreBucket)
                .containsExactly(0, 0, 1, 5, 6, 8, 9, 9, 9);
    }

    private static Lead lead(Vendor v, String id, Instant at, String status, String score, String email,
                             String... marks) {
        Map<String, String> fields = new java.util.HashMap<>(Map.of("status", status, "score", score, "email", email));
        for (String m : marks) {
            fields.put(m, "1");
        }
        return StoreFixture.lead(v, id, fields, LeadStatus.RECEIVED, at);
    }
}
