package io.leadwire.metrics;

import static io.leadwire.metrics.AlertWorld.END;
import static io.leadwire.metrics.AlertWorld.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.State;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.FiguresRepository.Subject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every alert rule on seeded figures with a fake clock: fires at its threshold, not below; counts; resolves. */
class AlertEvaluatorTest {
    private static final Duration CALL = Duration.ofSeconds(1);
    private final AlertWorld w = new AlertWorld();

    @AfterEach
    void tearDown() {
        w.close();
    }

    private static Instant minutesBeforeEnd(long m) {
        return END.minus(Duration.ofMinutes(m));
    }

    /** The 24 h baseline of the default 15-minute window: [END - 15m - 24h, END - 15m). */
    private void baselineSold(String buyerId, long perMinute) {
        w.everyMinute(Subject.BUYER, buyerId, minutesBeforeEnd(15).minus(Duration.ofHours(24)), minutesBeforeEnd(15),
                "sold", perMinute);
    }

    @Test
    void shouldRaiseDeliveryRateDropAtTenPercentBelowTheDayAverageAndNotAbove() {
        w.only(AlertRule.DELIVERY_RATE);
        w.evaluator();
        var atThreshold = w.buyer("Atlas Insurance", true, CALL);
        var justAbove = w.buyer("Birch Loans", true, CALL);
        baselineSold(atThreshold.id(), 2);
        baselineSold(justAbove.id(), 2);
        // 2/min for a day; in the 15-minute window 27 sales (1.8/min, exactly 10 % lower) and 28 (6.7 % lower).
        w.spread(Subject.BUYER, atThreshold.id(), minutesBeforeEnd(15), END, "sold", 27);
        w.spread(Subject.BUYER, justAbove.id(), minutesBeforeEnd(15), END, "sold", 28);
        // The minute still filling is not part of the window: a sale in it changes nothing.
        w.add(Subject.BUYER, atThreshold.id(), NOW, "sold", 5);

        AlertEvaluator.Round round = w.evaluator().evaluate();

        assertThat(round.opened()).extracting(AlertRow::rule, AlertRow::subjectName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("delivery_rate", "Atlas Insurance"));
        assertThat(round.opened().get(0).message()).contains("sold 27 in the last 15 min", "10 % below");
        // Both together: 55 against 4/min = 8.3 % lower, so the overall rate does not alarm.
        assertThat(w.unresolved(AlertRule.DELIVERY_RATE)).hasSize(1);
    }

    @Test
    void shouldRaiseTheOverallDeliveryRateForAllBuyersTogether() {
        w.only(AlertRule.DELIVERY_RATE);
        w.evaluator();
        var a = w.buyer("Atlas Insurance", true, CALL);
        var b = w.buyer("Birch Loans", true, CALL);
        baselineSold(a.id(), 2);
        baselineSold(b.id(), 2);
        w.spread(Subject.BUYER, a.id(), minutesBeforeEnd(15), END, "sold", 27);
        w.spread(Subject.BUYER, b.id(), minutesBeforeEnd(15), END, "sold", 27);

        w.evaluator().evaluate();

        assertThat(w.unresolved(AlertRule.DELIVERY_RATE)).extracting(AlertRow::subjectKind, AlertRow::subjectName)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("buyer", "Atlas Insurance"),
                        org.assertj.core.groups.Tuple.tuple("buyer", "Birch Loans"),
                        org.assertj.core.groups.Tuple.tuple("total", "All buyers"));
    }

    @Test
    void shouldCountARefiringAlertInsteadOfOpeningAnotherAndResolveItAfterAClearWindow() {
        w.only(AlertRule.DELIVERY_RATE);
        w.evaluator();
        var a = w.buyer("Atlas Insurance", true, CALL);
        baselineSold(a.id(), 2);
        w.spread(Subject.BUYER, a.id(), minutesBeforeEnd(15), END, "sold", 20);
        // From now on the buyer sells at its usual pace again.
        w.everyMinute(Subject.BUYER, a.id(), END, END.plus(Duration.ofMinutes(40)), "sold", 2);

        // One buyer: its own alert and the overall one.
        assertThat(w.evaluator().evaluate().opened()).hasSize(2);
        w.clock.advance(Duration.ofSeconds(30));
        AlertEvaluator.Round again = w.evaluator().evaluate();
        assertThat(again.opened()).isEmpty();
        assertThat(again.stillFiring()).isEqualTo(2);
        assertThat(w.unresolved(AlertRule.DELIVERY_RATE)).hasSize(2).allSatisfy(alert -> {
            assertThat(alert.count()).isEqualTo(2);
            assertThat(alert.firstAt()).isEqualTo(NOW);
            assertThat(alert.lastAt()).isEqualTo(NOW.plusSeconds(30));
        });
        assertThat(w.all()).hasSize(2);

        // 15 minutes on, the window holds the usual pace: clear, but not yet for a whole window.
        w.clock.set(NOW.plus(Duration.ofMinutes(15)));
        assertThat(w.evaluator().evaluate().resolved()).isEmpty();
        assertThat(w.unresolved(AlertRule.DELIVERY_RATE)).hasSize(2);
        // Clear for the 15-minute window since it was last seen: resolved.
        w.clock.set(NOW.plus(Duration.ofMinutes(15)).plusSeconds(30));
        assertThat(w.evaluator().evaluate().resolved()).hasSize(2);
        assertThat(w.all()).hasSize(2).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(State.RESOLVED);
            assertThat(r.resolvedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)).plusSeconds(30));
        });
    }

    @Test
    void shouldNotRaiseDeliveryRateWhenTheExpectedSalesAreBelowTheMinimumVolume() {
        w.only(AlertRule.DELIVERY_RATE);
        w.evaluator();
        var a = w.buyer("Atlas Insurance", true, CALL);
        // 0.5 sales a minute expected: 7.5 in 15 minutes, below the default minimum of 10.
        w.everyMinute(Subject.BUYER, a.id(), minutesBeforeEnd(15).minus(Duration.ofHours(24)), minutesBeforeEnd(15),
                "sold", 0);
        w.spread(Subject.BUYER, a.id(), minutesBeforeEnd(15).minus(Duration.ofHours(24)), minutesBeforeEnd(15), "sold",
                720);

        assertThat(w.evaluator().evaluate().opened()).isEmpty();

        w.rule(AlertRule.DELIVERY_RATE, r -> new AlertSettings.RuleSettings(true, r.threshold(), r.window(), 5));
        assertThat(w.evaluator().evaluate().opened()).extracting(AlertRow::subjectName)
                .containsExactly("Atlas Insurance", "All buyers");
    }

    @Test
    void shouldRaiseErrorRateWhenTheErrorShareDoublesTheDayShareAndNotBelow() {
        w.only(AlertRule.ERROR_RATE);
        w.evaluator();
        var doubled = w.buyer("Atlas Insurance", true, CALL);
        var almost = w.buyer("Birch Loans", true, CALL);
        var tiny = w.buyer("Cedar Auto", true, CALL);
        for (var b : new AlertSubjects.BuyerInfo[] {doubled, almost}) {
            // 5 % errors over the day before the window.
            w.spread(Subject.BUYER, b.id(), minutesBeforeEnd(15 + 600), minutesBeforeEnd(15 + 500), "attempts", 1000);
            w.spread(Subject.BUYER, b.id(), minutesBeforeEnd(15 + 600), minutesBeforeEnd(15 + 500), "att.error", 50);
        }
        w.spread(Subject.BUYER, doubled.id(), minutesBeforeEnd(15), END, "attempts", 100);
        w.spread(Subject.BUYER, doubled.id(), minutesBeforeEnd(15), END, "att.error", 10);
        w.spread(Subject.BUYER, almost.id(), minutesBeforeEnd(15), END, "attempts", 100);
        w.spread(Subject.BUYER, almost.id(), minutesBeforeEnd(15), END, "att.error", 9);
        // All of 19 attempts failing is below the minimum sample of 20.
        w.spread(Subject.BUYER, tiny.id(), minutesBeforeEnd(15), END, "attempts", 19);
        w.spread(Subject.BUYER, tiny.id(), minutesBeforeEnd(15), END, "att.error", 19);

        AlertEvaluator.Round round = w.evaluator().evaluate();

        assertThat(round.opened()).extracting(AlertRow::subjectName).containsExactly("Atlas Insurance");
        assertThat(round.opened().get(0).message()).contains("10 of 100 attempts failed", "2.0×", "5.0 %");
    }

    @Test
    void shouldRaiseSlowResponsesWhenP95IsAboveEightyPercentOfTheCallTimeout() {
        w.only(AlertRule.LATENCY_P95);
        w.evaluator();
        var slow = w.buyer("Atlas Insurance", true, CALL);
        var fine = w.buyer("Birch Loans", true, CALL);
        var fewSamples = w.buyer("Cedar Auto", true, CALL);
        String slowBin = FiguresRepository.latencyMetric(FiguresRepository.latencyBin(1200));
        String fineBin = FiguresRepository.latencyMetric(FiguresRepository.latencyBin(700));
        w.add(Subject.BUYER, slow.id(), minutesBeforeEnd(3), slowBin, 20);
        w.add(Subject.BUYER, fine.id(), minutesBeforeEnd(3), fineBin, 20);
        w.add(Subject.BUYER, fewSamples.id(), minutesBeforeEnd(3), slowBin, 19);

        AlertEvaluator.Round round = w.evaluator().evaluate();

        assertThat(round.opened()).extracting(AlertRow::rule, AlertRow::subjectName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("latency_p95", "Atlas Insurance"));
        assertThat(round.opened().get(0).message()).contains("1000 ms call timeout (800 ms)");
        // A longer call timeout moves the bar above the slow buyer's p95 (1475 ms): 2 s × 80 % = 1600 ms.
        w.buyers.set(w.buyers.indexOf(slow), new AlertSubjects.BuyerInfo(slow.id(), slow.name(), true,
                Duration.ofSeconds(2)));
        w.clock.advance(Duration.ofMinutes(11));
        assertThat(w.evaluator().evaluate().resolved()).extracting(AlertRow::rule).containsExactly("latency_p95");
    }

    @Test
    void shouldRaiseBreakerOpenFromTheEventAndResolveItAWindowAfterItClosed() {
        w.only(AlertRule.BREAKER_OPEN);
        w.evaluator();
        var a = w.buyer("Atlas Insurance", true, CALL);
        AlertEvaluator evaluator = w.evaluator();
        assertThat(evaluator.evaluate().opened()).isEmpty();

        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "closed", "open", "failure_threshold"));
        AlertEvaluator.Round round = evaluator.evaluate();
        assertThat(round.opened()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("breaker_open");
            assertThat(r.severity()).isEqualTo("critical");
            assertThat(r.message()).contains("failure threshold");
        });
        // Half-open is not recovered yet: the same alert, counted again.
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "open", "half_open", "wait_elapsed"));
        w.clock.advance(Duration.ofSeconds(30));
        assertThat(evaluator.evaluate().opened()).isEmpty();
        assertThat(w.unresolved(AlertRule.BREAKER_OPEN)).singleElement().extracting(AlertRow::count).isEqualTo(2L);

        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "half_open", "closed", "probe_succeeded"));
        w.clock.advance(Duration.ofMinutes(4));
        assertThat(evaluator.evaluate().resolved()).isEmpty();
        w.clock.advance(Duration.ofMinutes(1));
        assertThat(evaluator.evaluate().resolved()).extracting(AlertRow::rule).containsExactly("breaker_open");
    }

    @Test
    void shouldRaiseBreakerOpenEvenWhenItClosedAgainBeforeTheRound() {
        w.only(AlertRule.BREAKER_OPEN);
        w.evaluator();
        var a = w.buyer("Atlas Insurance", true, CALL);
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "closed", "open", "failure_threshold"));
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "open", "closed", "probe_succeeded"));
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "closed", "forced_open", "forced_open"));

        assertThat(w.evaluator().evaluate().opened()).extracting(AlertRow::rule).containsExactly("breaker_open");
        assertThat(w.all()).hasSize(1);
    }

    @Test
    void shouldRaiseNoSuccessForAnEnabledBuyerWithAttemptsButNoAcceptedLead() {
        w.only(AlertRule.NO_SUCCESS);
        w.evaluator();
        var failing = w.buyer("Atlas Insurance", true, CALL);
        var selling = w.buyer("Birch Loans", true, CALL);
        var disabled = w.buyer("Cedar Auto", false, CALL);
        var idle = w.buyer("Dune Energy", true, CALL);
        for (var b : new AlertSubjects.BuyerInfo[] {failing, selling, disabled}) {
            w.spread(Subject.BUYER, b.id(), minutesBeforeEnd(30), END, "attempts", 5);
        }
        w.add(Subject.BUYER, selling.id(), minutesBeforeEnd(29), "att.accepted", 1);
        // An accepted lead 31 minutes ago is outside the 30-minute window.
        w.add(Subject.BUYER, failing.id(), minutesBeforeEnd(31), "att.accepted", 1);

        AlertEvaluator.Round round = w.evaluator().evaluate();

        assertThat(round.opened()).extracting(AlertRow::subjectName).containsExactly("Atlas Insurance");
        assertThat(round.opened().get(0).message()).contains("no lead accepted in the last 30 min despite 5 attempts");
        assertThat(idle.name()).isNotIn(w.all().stream().map(AlertRow::subjectName).toList());
    }

    private AlertSubjects.VendorInfo quietVendorWithHistory() {
        var v = w.vendor("Acme Leads");
        w.add(Subject.VENDOR, v.id(), END.minus(Duration.ofDays(3)), "received", 50);
        w.settings(b -> b.businessHours(new AlertSettings.BusinessHours(ZoneId.of("America/New_York"),
                EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY), LocalTime.of(6, 0),
                LocalTime.of(18, 0))));
        return v;
    }

    @Test
    void shouldRaiseVendorSilentInsideBusinessHoursForAVendorWithVolumeThisWeek() {
        w.only(AlertRule.VENDOR_SILENT);
        w.evaluator();
        quietVendorWithHistory();
        var busy = w.vendor("Busy Vendor");
        w.add(Subject.VENDOR, busy.id(), END.minus(Duration.ofDays(1)), "received", 50);
        w.add(Subject.VENDOR, busy.id(), minutesBeforeEnd(10), "received", 1);
        w.vendor("Never Sent");

        // 12:00 UTC is 07:00 in New York (EST): inside 06:00–18:00, and so is the window from 06:30.
        AlertEvaluator.Round round = w.evaluator().evaluate();

        assertThat(round.opened()).extracting(AlertRow::rule, AlertRow::subjectName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("vendor_silent", "Acme Leads"));
        assertThat(round.opened().get(0).message()).contains("no lead in the last 30 min", "50 in the past 7 days");
    }

    @Test
    void shouldNotRaiseVendorSilentOutsideBusinessHours() {
        w.only(AlertRule.VENDOR_SILENT);
        w.evaluator();
        quietVendorWithHistory();
        // 23:00 UTC = 18:00 New York: business hours are over.
        w.clock.set(Instant.parse("2026-03-04T23:00:30Z"));
        assertThat(w.evaluator().evaluate().opened()).isEmpty();
        // 11:20 UTC = 06:20: open, but the 30-minute window reaches back into the night.
        w.clock.set(Instant.parse("2026-03-04T11:20:30Z"));
        assertThat(w.evaluator().evaluate().opened()).isEmpty();
        // Saturday noon in New York.
        w.clock.set(Instant.parse("2026-03-07T17:00:30Z"));
        assertThat(w.evaluator().evaluate().opened()).isEmpty();
        // 11:30 UTC = 06:30: the whole window is inside.
        w.clock.set(Instant.parse("2026-03-04T11:30:30Z"));
        assertThat(w.evaluator().evaluate().opened()).hasSize(1);
    }

    @Test
    void shouldRaiseIntakeRefusalsAboveFivePercentAndNotAtIt() {
        w.only(AlertRule.INTAKE_REFUSALS);
        w.evaluator();
        w.spread(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(15), END, "received", 95);
        w.spread(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(15), END, "refused", 5);
        assertThat(w.evaluator().evaluate().opened()).isEmpty();

        w.add(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(1), "refused", 1);
        AlertEvaluator.Round round = w.evaluator().evaluate();
        assertThat(round.opened()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("intake_refusals");
            assertThat(r.subjectKind()).isEqualTo("total");
            assertThat(r.message()).contains("6 of 101 intake requests refused");
        });
    }

    @Test
    void shouldNotRaiseIntakeRefusalsOnATinySample() {
        w.only(AlertRule.INTAKE_REFUSALS);
        w.evaluator();
        w.add(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(2), "received", 10);
        w.add(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(2), "refused", 9);
        assertThat(w.evaluator().evaluate().opened()).isEmpty();
    }

    @Test
    void shouldNotEvaluateADisabledRuleAndResolveWhatItHadOpened() {
        w.only(AlertRule.INTAKE_REFUSALS);
        w.evaluator();
        w.spread(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(15), END, "received", 50);
        w.spread(Subject.TOTAL, FiguresRepository.ALL, minutesBeforeEnd(15), END, "refused", 50);
        assertThat(w.evaluator().evaluate().opened()).hasSize(1);

        w.rule(AlertRule.INTAKE_REFUSALS, r -> r.withEnabled(false));
        w.clock.advance(Duration.ofMinutes(15));
        assertThat(w.evaluator().evaluate().resolved()).hasSize(1);
        assertThat(w.evaluator().evaluate().opened()).isEmpty();
    }

    @Test
    void shouldOpenANewAlertWhenTheConditionReturnsAfterResolving() {
        w.only(AlertRule.BREAKER_OPEN);
        w.evaluator();
        var a = w.buyer("Atlas Insurance", true, CALL);
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "closed", "open", "failure_threshold"));
        w.evaluator().evaluate();
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "open", "closed", "probe_succeeded"));
        w.clock.advance(Duration.ofMinutes(5));
        w.evaluator().evaluate();
        w.events.publish(new BreakerChangedEvent(a.id(), "Atlas Insurance", "closed", "open", "failure_threshold"));
        assertThat(w.evaluator().evaluate().opened()).hasSize(1);

        assertThat(w.all()).extracting(AlertRow::state).containsExactly(State.OPEN, State.RESOLVED);
    }
}
