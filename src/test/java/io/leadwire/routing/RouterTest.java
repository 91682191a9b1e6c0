package io.leadwire.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Friday 2024-03-08 10:00 in New York. */
    private static final Instant NOW = Instant.parse("2024-03-08T15:00:00Z");
    private static final Predicate<String> NO_BREAKER = id -> false;
    private static final Map<String, String> LEAD = Map.of("country", "US", "email", "a@b.example");
    private static final String CERT = "https://cert.trustedform.com/0123456789abcdef0123456789abcdef01234567";
    private static final String TOKEN = "1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D";

    private final Router router = new Router();

    static RoutingCandidate buyer(String id, String price, int priority, int weight) {
        return new RoutingCandidate(id, "Buyer " + id, new BigDecimal(price), priority, weight, false,
                BuyerFilters.none(), BuyerSchedule.always(), false, true);
    }

    private static RoutingCandidate withFilters(RoutingCandidate c, BuyerFilters f) {
        return new RoutingCandidate(c.buyerId(), c.name(), c.price(), c.priority(), c.weight(), c.exclusive(), f,
                c.schedule(), c.consentRequired(), c.enabled());
    }

    private static List<String> ids(RoutingPlan plan) {
        return plan.ordered().stream().map(RoutingCandidate::buyerId).toList();
    }

    private RoutingPlan plan(List<RoutingCandidate> candidates) {
        return router.plan(LEAD, 80, candidates, NOW, NO_BREAKER, Set.of());
    }

    @Test
    void shouldOrderByPriceThenPriorityWhenBuyersDiffer() {
        RoutingPlan plan = plan(List.of(buyer("a", "10.00", 2, 1), buyer("b", "12.50", 5, 1), buyer("c", "10", 1, 1),
                buyer("d", "8", 1, 1)));
        assertThat(ids(plan)).containsExactly("b", "c", "a", "d");
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.first()).hasValueSatisfying(c -> assertThat(c.buyerId()).isEqualTo("b"));
    }

    @Test
    void shouldGiveTiedBuyersShareByWeightWhenPlanningManyLeads() {
        List<RoutingCandidate> buyers = List.of(buyer("a", "10", 1, 3), buyer("b", "10", 1, 1));
        Map<String, Integer> firsts = new HashMap<>();
        List<String> sequence = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RoutingPlan plan = plan(buyers);
            assertThat(plan.ordered()).hasSize(2);
            String first = plan.ordered().get(0).buyerId();
            firsts.merge(first, 1, Integer::sum);
            if (i < 8) {
                sequence.add(first + plan.ordered().get(1).buyerId());
            }
        }
        assertThat(firsts).isEqualTo(Map.of("a", 750, "b", 250));
        assertThat(sequence).as("smooth: spread out, the other buyer second for the waterfall")
                .containsExactly("ab", "ab", "ba", "ab", "ab", "ab", "ba", "ab");
    }

    @Test
    void shouldGiveExactSharesWhenThreeBuyersTie() {
        List<RoutingCandidate> buyers = List.of(buyer("x", "5", 1, 2), buyer("y", "5", 1, 5), buyer("z", "5", 1, 3));
        Map<String, Integer> firsts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            firsts.merge(plan(buyers).ordered().get(0).buyerId(), 1, Integer::sum);
        }
        assertThat(firsts).isEqualTo(Map.of("x", 200, "y", 500, "z", 300));
    }

    @Test
    void shouldRotateOnlyWithinTieWhenPriceOrPriorityDiffers() {
        List<RoutingCandidate> buyers = List.of(buyer("top", "20", 1, 1), buyer("a", "10", 1, 1),
                buyer("b", "10", 1, 1), buyer("late", "10", 2, 1));
        assertThat(ids(plan(buyers))).containsExactly("top", "a", "b", "late");
        assertThat(ids(plan(buyers))).containsExactly("top", "b", "a", "late");
        assertThat(ids(plan(buyers))).containsExactly("top", "a", "b", "late");
    }

    @Test
    void shouldKeepSeparateStateWhenTieGroupHasOtherMembers() {
        RoutingCandidate a = buyer("a", "10", 1, 1);
        RoutingCandidate b = buyer("b", "10", 1, 1);
        RoutingCandidate c = buyer("c", "10", 1, 1);
        assertThat(ids(plan(List.of(a, b)))).startsWith("a");
        // b's breaker opened: a group of a and c, whose turn does not depend on the a-b group.
        assertThat(ids(router.plan(LEAD, 80, List.of(a, b, c), NOW, "b"::equals, Set.of()))).containsExactly("a", "c");
        assertThat(ids(plan(List.of(a, b)))).startsWith("b");
    }

    @Test
    void shouldRepeatSameOrdersWhenTwoRoutersGetSameCalls() {
        List<RoutingCandidate> buyers = List.of(buyer("a", "10", 1, 2), buyer("b", "10", 1, 3), buyer("c", "10", 1, 1));
        Router one = new Router();
        Router two = new Router();
        for (int i = 0; i < 50; i++) {
            assertThat(ids(one.plan(LEAD, 80, buyers, NOW, NO_BREAKER, Set.of())))
                    .isEqualTo(ids(two.plan(LEAD, 80, buyers, NOW, NO_BREAKER, Set.of())));
        }
    }

    @Test
    void shouldKeepExactSharesWhenPlannedFromSeveralThreads() throws Exception {
        List<RoutingCandidate> buyers = List.of(buyer("a", "10", 1, 3), buyer("b", "10", 1, 1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Integer>>> parts = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                parts.add(pool.submit(() -> {
                    Map<String, Integer> firsts = new HashMap<>();
                    for (int i = 0; i < 250; i++) {
                        firsts.merge(plan(buyers).ordered().get(0).buyerId(), 1, Integer::sum);
                    }
                    return firsts;
                }));
            }
            Map<String, Integer> total = new HashMap<>();
            for (Future<Map<String, Integer>> part : parts) {
                part.get().forEach((k, v) -> total.merge(k, v, Integer::sum));
            }
            assertThat(total).isEqualTo(Map.of("a", 750, "b", 250));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldSkipWithReasonsWhenBuyersCannotTakeLead() {
        RoutingCandidate off = new RoutingCandidate("off", "Off", BigDecimal.TEN, 1, 1, false, null, null, false, false);
        RoutingCandidate tried = buyer("tried", "30", 1, 1);
        RoutingCandidate consent = new RoutingCandidate("tcpa", "Strict", BigDecimal.TEN, 1, 1, false, null, null, true,
                true);
        RoutingCandidate picky = withFilters(buyer("picky", "25", 1, 1),
                BuyerFilters.of(List.of(new BuyerFilter.Range("score", new BigDecimal(90), null))));
        RoutingCandidate closed = new RoutingCandidate("night", "Night owl", BigDecimal.TEN, 1, 1, false, null,
                BuyerSchedule.of(ZoneId.of("America/New_York"), List.of(BuyerSchedule.Window.daily(LocalTime.of(20, 0),
                        LocalTime.of(6, 0)))), false, true);
        RoutingCandidate broken = buyer("broken", "40", 1, 1);
        RoutingCandidate good = buyer("good", "1", 1, 1);
        RoutingPlan plan = router.plan(LEAD, 80, List.of(off, tried, consent, picky, closed, broken, good), NOW,
                "broken"::equals, Set.of("tried", "off"));
        assertThat(ids(plan)).containsExactly("good");
        assertThat(plan.skipped()).containsExactly(
                new Skip("off", "Off", SkipReason.DISABLED, "buyer is switched off"),
                new Skip("tried", "Buyer tried", SkipReason.ALREADY_TRIED, "offered this lead before"),
                new Skip("tcpa", "Strict", SkipReason.CONSENT_MISSING, "buyer requires consent proof; the lead has no "
                        + "valid trustedform_cert_url, xxTrustedFormCertUrl, jornaya_leadid, leadid_token, universal_leadid"),
                new Skip("picky", "Buyer picky", SkipReason.FILTER, "score 80 below 90"),
                new Skip("night", "Night owl", SkipReason.SCHEDULE,
                        "closed: Friday 10:00 America/New_York outside every day 20:00–06:00 next day"),
                new Skip("broken", "Buyer broken", SkipReason.BREAKER_OPEN, "circuit breaker open after delivery failures"));
    }

    @Test
    void shouldOfferToConsentBuyerWhenLeadCarriesWellFormedProof() {
        RoutingCandidate strict = new RoutingCandidate("tcpa", "Strict", BigDecimal.TEN, 1, 1, false, null, null, true,
                true);
        assertThat(ids(router.plan(Map.of("trustedform_cert_url", CERT), null, List.of(strict), NOW, NO_BREAKER,
                Set.of()))).containsExactly("tcpa");
        assertThat(ids(router.plan(Map.of("jornaya_leadid", TOKEN), null, List.of(strict), NOW, NO_BREAKER,
                Set.of()))).containsExactly("tcpa");
        assertThat(router.plan(Map.of("trustedform_cert_url", "https://example.com/cert"), null, List.of(strict), NOW,
                NO_BREAKER, Set.of()).skipped()).extracting(Skip::reason).containsExactly(SkipReason.CONSENT_MISSING);
    }

    @Test
    void shouldReadConsentFromConfiguredFieldsWhenPolicyNamesOthers() {
        Router custom = new Router(List.of("tf_cert"), List.of());
        RoutingCandidate strict = new RoutingCandidate("tcpa", "Strict", BigDecimal.TEN, 1, 1, false, null, null, true,
                true);
        assertThat(ids(custom.plan(Map.of("tf_cert", CERT), null, List.of(strict), NOW, NO_BREAKER, Set.of())))
                .containsExactly("tcpa");
        assertThat(custom.plan(Map.of("jornaya_leadid", TOKEN), null, List.of(strict), NOW, NO_BREAKER, Set.of())
                .skipped()).singleElement().satisfies(s -> assertThat(s.message()).endsWith("no valid tf_cert"));
    }

    @Test
    void shouldRefuseCandidatesWhenTwoShareAnId() {
        assertThatThrownBy(() -> plan(List.of(buyer("a", "1", 1, 1), buyer("a", "2", 1, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("two candidates have the buyer id 'a'");
    }

    @Test
    void shouldRefuseCandidateWhenWeightOrPriceIsInvalid() {
        assertThatThrownBy(() -> buyer("a", "1", 1, 0)).hasMessage("weight must be at least 1: 0");
        assertThatThrownBy(() -> buyer("a", "-1", 1, 1)).hasMessage("price must not be negative: -1");
    }

    @Test
    void shouldCarryCapSkipAndSummaryWhenCallerFindsCapReached() {
        RoutingCandidate a = buyer("a", "12.50", 1, 1);
        RoutingCandidate b = withFilters(buyer("b", "11", 2, 1),
                BuyerFilters.of(List.of(new BuyerFilter.OneOf("country", List.of("CA")))));
        RoutingCandidate c = buyer("c", "9", 1, 1);
        RoutingPlan plan = plan(List.of(a, b, c));
        CapWindow day = new CapWindow("day", Instant.parse("2024-03-08T05:00:00Z"), 500);
        RoutingPlan after = plan.withSkip(Skip.capReached(a, day, 500));
        assertThat(ids(after)).containsExactly("c");
        assertThat(after.skipped()).extracting(Skip::reason).containsExactly(SkipReason.FILTER, SkipReason.CAP_REACHED);
        assertThat(after.toJson(JSON).toString()).isEqualTo("{\"ordered\":[{\"buyer\":\"c\",\"name\":\"Buyer c\","
                + "\"price\":9,\"priority\":1}],\"skipped\":["
                + "{\"buyer\":\"b\",\"name\":\"Buyer b\",\"reason\":\"filter\",\"message\":\"country 'US' not in [CA]\"},"
                + "{\"buyer\":\"a\",\"name\":\"Buyer a\",\"reason\":\"cap_reached\","
                + "\"message\":\"day cap 500 reached (500 since 2024-03-08T05:00:00Z)\"}]}");
        assertThat(plan.toJson(JSON).get("ordered").get(0).get("price").decimalValue()).isEqualByComparingTo("12.50");
    }

    @Test
    void shouldFindReasonByStoredCodeWhenReadingDecisionBack() {
        for (SkipReason r : SkipReason.values()) {
            assertThat(SkipReason.ofCode(r.code())).hasValue(r);
        }
        assertThat(SkipReason.values()).extracting(SkipReason::code).containsExactly("disabled", "already_tried",
                "consent_missing", "filter", "schedule", "breaker_open", "cap_reached");
        assertThat(SkipReason.ofCode("nope")).isEmpty();
    }

    @Test
    void shouldPlanNothingWhenNoCandidates() {
        RoutingPlan plan = plan(List.of());
        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.first()).isEmpty();
        assertThat(plan.toJson(JSON).toString()).isEqualTo("{\"ordered\":[],\"skipped\":[]}");
    }
}
