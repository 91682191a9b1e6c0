package io.leadwire.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link Router#plan} over generated buyers, leads and moments. */
class RouterProperties {
    private static final List<String> COUNTRIES = List.of("US", "CA", "GB", "FR");
    private static final String CERT = "https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567";
    private static final BuyerSchedule OFFICE = BuyerSchedule.of(ZoneId.of("America/New_York"),
            List.of(BuyerSchedule.Window.daily(LocalTime.of(9, 0), LocalTime.of(17, 0))));

    /** One generated call of the router. */
    record Scenario(List<RoutingCandidate> candidates, Map<String, String> fields, Integer score, Instant now,
            Set<String> breakerOpen, Set<String> tried) {
    }

    @Property(tries = 500)
    void shouldOfferOnlyBuyersWhoseFiltersScheduleAndStatePassWhenPlanning(@ForAll("scenarios") Scenario s) {
        RoutingPlan plan = new Router().plan(s.fields(), s.score(), s.candidates(), s.now(), s.breakerOpen()::contains,
                s.tried());
        for (RoutingCandidate c : plan.ordered()) {
            assertThat(c.enabled()).isTrue();
            assertThat(c.filters().whyNot(s.fields(), s.score())).isEmpty();
            assertThat(c.schedule().whyClosed(s.now())).isEmpty();
            assertThat(s.breakerOpen()).doesNotContain(c.buyerId());
            assertThat(s.tried()).doesNotContain(c.buyerId());
            assertThat(!c.consentRequired() || s.fields().containsKey("trustedform_cert_url")).isTrue();
        }
    }

    @Property(tries = 500)
    void shouldAccountForEveryCandidateOnceWhenPlanning(@ForAll("scenarios") Scenario s) {
        RoutingPlan plan = new Router().plan(s.fields(), s.score(), s.candidates(), s.now(), s.breakerOpen()::contains,
                s.tried());
        List<String> seen = new ArrayList<>();
        plan.ordered().forEach(c -> seen.add(c.buyerId()));
        plan.skipped().forEach(k -> seen.add(k.buyerId()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(
                s.candidates().stream().map(RoutingCandidate::buyerId).toList());
        for (Skip k : plan.skipped()) {
            RoutingCandidate c = s.candidates().stream().filter(x -> x.buyerId().equals(k.buyerId())).findFirst()
                    .orElseThrow();
            switch (k.reason()) {
                case FILTER -> assertThat(c.filters().whyNot(s.fields(), s.score())).hasValue(k.message());
                case SCHEDULE -> assertThat(c.schedule().whyClosed(s.now())).hasValue(k.message());
                case DISABLED -> assertThat(c.enabled()).isFalse();
                case BREAKER_OPEN -> assertThat(s.breakerOpen()).contains(c.buyerId());
                case ALREADY_TRIED -> assertThat(s.tried()).contains(c.buyerId());
                case CONSENT_MISSING -> assertThat(c.consentRequired()).isTrue();
                default -> throw new AssertionError("the router never reports " + k.reason());
            }
        }
    }

    @Property(tries = 300)
    void shouldSortByPriceDescendingThenPriorityWhenPlanningRepeatedly(@ForAll("scenarios") Scenario s) {
        Router router = new Router();
        for (int round = 0; round < 5; round++) {
            List<RoutingCandidate> ordered = router.plan(s.fields(), s.score(), s.candidates(), s.now(),
                    s.breakerOpen()::contains, s.tried()).ordered();
            for (int i = 1; i < ordered.size(); i++) {
                RoutingCandidate before = ordered.get(i - 1);
                RoutingCandidate after = ordered.get(i);
                int byPrice = before.price().compareTo(after.price());
                assertThat(byPrice).isGreaterThanOrEqualTo(0);
                if (byPrice == 0) {
                    assertThat(before.priority()).isLessThanOrEqualTo(after.priority());
                }
            }
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<List<RoutingCandidate>> candidates = candidate().list().ofMaxSize(8).map(list -> {
            List<RoutingCandidate> unique = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                RoutingCandidate c = list.get(i);
                unique.add(new RoutingCandidate("b" + i, c.name(), c.price(), c.priority(), c.weight(), c.exclusive(),
                        c.filters(), c.schedule(), c.consentRequired(), c.enabled()));
            }
            return unique;
        });
        Arbitrary<Map<String, String>> fields = Combinators.combine(
                Arbitraries.of(COUNTRIES).injectNull(0.2),
                Arbitraries.of("1000", "5000-10000", "25000+", "lots").injectNull(0.2),
                Arbitraries.of(true, false)).as((country, capital, consent) -> {
                    Map<String, String> m = new HashMap<>();
                    if (country != null) {
                        m.put("country", country);
                    }
                    if (capital != null) {
                        m.put("capital_available", capital);
                    }
                    if (consent) {
                        m.put("trustedform_cert_url", CERT);
                    }
                    return Map.copyOf(m);
                });
        Arbitrary<Integer> score = Arbitraries.integers().between(0, 100).injectNull(0.1);
        Arbitrary<Instant> now = Arbitraries.longs().between(1_704_067_200L, 1_735_689_599L).map(Instant::ofEpochSecond);
        Arbitrary<Set<String>> ids = Arbitraries.integers().between(0, 7).map(i -> "b" + i).set().ofMaxSize(3);
        return Combinators.combine(candidates, fields, score, now, ids, ids).as(Scenario::new);
    }

    private static Arbitrary<RoutingCandidate> candidate() {
        Arbitrary<BigDecimal> price = Arbitraries.of("5", "10", "10.00", "12.5").map(BigDecimal::new);
        Arbitrary<Integer> priority = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> weight = Arbitraries.integers().between(1, 4);
        Arbitrary<BuyerFilters> filters = filter().list().ofMaxSize(3).map(BuyerFilters::of);
        Arbitrary<BuyerSchedule> schedule = Arbitraries.of(BuyerSchedule.always(), OFFICE);
        Arbitrary<Boolean> consent = Arbitraries.of(true, false, false);
        Arbitrary<Boolean> enabled = Arbitraries.of(true, true, true, false);
        return Combinators.combine(price, priority, weight, filters, schedule, consent, enabled)
                .as((p, pr, w, f, sc, co, en) -> new RoutingCandidate("tmp", "Buyer", p, pr, w, false, f, sc, co, en));
    }

    private static Arbitrary<BuyerFilter> filter() {
        Arbitrary<BuyerFilter> score = Arbitraries.integers().between(0, 100)
                .map(min -> new BuyerFilter.Range("score", BigDecimal.valueOf(min), null));
        Arbitrary<BuyerFilter> capital = Arbitraries.of(1000, 5000, 20000)
                .map(min -> new BuyerFilter.Range("capital_available", BigDecimal.valueOf(min), null));
        Arbitrary<BuyerFilter> in = Arbitraries.of(COUNTRIES).set().ofMinSize(1)
                .map(set -> new BuyerFilter.OneOf("country", set.stream().sorted().collect(Collectors.toList())));
        Arbitrary<BuyerFilter> notIn = Arbitraries.of(COUNTRIES).set().ofMinSize(1)
                .map(set -> new BuyerFilter.NoneOf("country", new ArrayList<>(new HashSet<>(set))));
        Arbitrary<BuyerFilter> expr = Arbitraries.of(
                new BuyerFilter.Condition("score >= 50"),
                new BuyerFilter.Condition("country == 'US' or capital_available is not null"));
        return Arbitraries.oneOf(score, capital, in, notIn, expr);
    }
}
