package io.leadwire.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.leadwire.delivery.ErrorClass;
import io.leadwire.delivery.retry.CircuitBreaker.State;
import io.leadwire.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final List<BreakerTransitionEvent> events = new ArrayList<>();
    private final CircuitBreaker breaker = breaker(BreakerPolicy.defaults());

    private CircuitBreaker breaker(BreakerPolicy policy) {
        CircuitBreaker b = new CircuitBreaker("acme", policy, clock);
        b.addListener(events::add);
        return b;
    }

    /** One permitted call that fails with a timeout. */
    private static void fail(CircuitBreaker b) {
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onFailure(ErrorClass.TIMEOUT);
    }

    private static void succeed(CircuitBreaker b) {
        assertThat(b.tryAcquirePermission()).isTrue();
        b.onSuccess();
    }

    private void openDefaultBreaker() {
        for (int i = 0; i < 10; i++) {
            fail(breaker);
        }
        assertThat(breaker.state()).isEqualTo(State.OPEN);
    }

    @Test
    void shouldOpenAtTenthFailureWhenAllFallWithinFiveMinutes() {
        for (int i = 0; i < 9; i++) {
            fail(breaker);
            clock.advance(Duration.ofSeconds(33));
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(events).extracting(BreakerTransitionEvent::from, BreakerTransitionEvent::to,
                BreakerTransitionEvent::reason).containsExactly(tuple(State.CLOSED, State.OPEN, "failure_threshold"));
        assertThat(events.get(0).at()).isEqualTo(START.plusSeconds(9 * 33));
        assertThat(events.get(0).buyerId()).isEqualTo("acme");
    }

    @Test
    void shouldStayClosedWhenFailuresAreSpreadOverMoreThanTheWindow() {
        for (int i = 0; i < 30; i++) {
            clock.advance(Duration.ofSeconds(34));
            fail(breaker);
        }
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.snapshot().failuresInWindow()).isEqualTo(9);
        assertThat(events).isEmpty();
    }

    @Test
    void shouldOpenOnRateWhenMoreThanHalfOfEnoughCallsFail() {
        CircuitBreaker b = breaker(BreakerPolicy.builder().failureThreshold(1_000).build());
        for (int i = 0; i < 10; i++) {
            succeed(b);
        }
        for (int i = 0; i < 10; i++) {
            fail(b);
        }
        assertThat(b.snapshot().failureRate()).isEqualTo(0.5);
        assertThat(b.state()).as("exactly half is not more than half").isEqualTo(State.CLOSED);
        fail(b);
        assertThat(b.state()).isEqualTo(State.OPEN);
        assertThat(events).extracting(BreakerTransitionEvent::reason).containsExactly("failure_rate");
    }

    @Test
    void shouldNotOpenOnRateWhenFewerThanMinimumCallsWereMade() {
        CircuitBreaker b = breaker(BreakerPolicy.builder().failureThreshold(1_000).build());
        for (int i = 0; i < 19; i++) {
            fail(b);
        }
        assertThat(b.snapshot().failureRate()).isEqualTo(1.0);
        assertThat(b.state()).isEqualTo(State.CLOSED);
        fail(b);
        assertThat(b.state()).isEqualTo(State.OPEN);
    }

    @Test
    void shouldRejectAndCountWhenOpen() {
        openDefaultBreaker();
        clock.advance(Duration.ofSeconds(59));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.tryAcquirePermission()).isFalse();
        CircuitBreaker.Snapshot s = breaker.snapshot();
        assertThat(s.totalRejected()).isEqualTo(2);
        assertThat(s.totalCalls()).isEqualTo(10);
        assertThat(s.totalFailures()).isEqualTo(10);
        assertThat(s.openedAt()).isEqualTo(START);
        assertThat(s.nextProbeAt()).isEqualTo(START.plusSeconds(60));
        assertThat(s.coolDown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(breaker.retryAt()).isEqualTo(START.plusSeconds(60));
    }

    @Test
    void shouldLetOneProbeThroughWhenCoolDownHasPassed() {
        openDefaultBreaker();
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.retryAt()).isEqualTo(clock.instant());
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).as("only one probe").isFalse();
        assertThat(breaker.retryAt()).isEqualTo(clock.instant().plusSeconds(60));
        assertThat(events).extracting(BreakerTransitionEvent::to, BreakerTransitionEvent::reason)
                .containsExactly(tuple(State.OPEN, "failure_threshold"), tuple(State.HALF_OPEN, "cool_down_elapsed"));
    }

    @Test
    void shouldDoubleCoolDownUpToTheMaxWhenProbesKeepFailing() {
        openDefaultBreaker();
        List<Long> coolDowns = new ArrayList<>();
        coolDowns.add(breaker.snapshot().coolDown().toSeconds());
        for (int i = 0; i < 6; i++) {
            clock.advance(breaker.snapshot().coolDown().minusSeconds(1));
            assertThat(breaker.tryAcquirePermission()).isFalse();
            clock.advance(Duration.ofSeconds(1));
            fail(breaker);
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            assertThat(breaker.snapshot().nextProbeAt()).isEqualTo(clock.instant().plus(breaker.snapshot().coolDown()));
            coolDowns.add(breaker.snapshot().coolDown().toSeconds());
        }
        assertThat(coolDowns).containsExactly(60L, 120L, 240L, 480L, 600L, 600L, 600L);
        assertThat(events).extracting(BreakerTransitionEvent::reason).endsWith("cool_down_elapsed", "probe_failed");
    }

    @Test
    void shouldCloseAndResetCoolDownWhenProbeSucceeds() {
        openDefaultBreaker();
        clock.advance(Duration.ofSeconds(60));
        fail(breaker);
        clock.advance(Duration.ofSeconds(120));
        fail(breaker);
        assertThat(breaker.snapshot().coolDown()).isEqualTo(Duration.ofSeconds(240));
        clock.advance(Duration.ofSeconds(240));
        succeed(breaker);
        CircuitBreaker.Snapshot s = breaker.snapshot();
        assertThat(s.state()).isEqualTo(State.CLOSED);
        assertThat(s.coolDown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.failuresInWindow()).as("a fresh window").isZero();
        assertThat(s.openedAt()).isNull();
        assertThat(s.nextProbeAt()).isNull();
        fail(breaker);
        assertThat(breaker.state()).as("one failure after closing does not re-open").isEqualTo(State.CLOSED);
        for (int i = 0; i < 9; i++) {
            fail(breaker);
        }
        assertThat(breaker.snapshot().nextProbeAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void shouldPublishEventsInOrderWhenBreakerGoesRoundTheCycle() {
        openDefaultBreaker();
        clock.advance(Duration.ofSeconds(60));
        fail(breaker);
        clock.advance(Duration.ofSeconds(120));
        succeed(breaker);
        breaker.forceOpen();
        breaker.forceClosed();
        breaker.release();
        assertThat(events).extracting(BreakerTransitionEvent::from, BreakerTransitionEvent::to,
                BreakerTransitionEvent::reason).containsExactly(
                tuple(State.CLOSED, State.OPEN, "failure_threshold"),
                tuple(State.OPEN, State.HALF_OPEN, "cool_down_elapsed"),
                tuple(State.HALF_OPEN, State.OPEN, "probe_failed"),
                tuple(State.OPEN, State.HALF_OPEN, "cool_down_elapsed"),
                tuple(State.HALF_OPEN, State.CLOSED, "probe_succeeded"),
                tuple(State.CLOSED, State.FORCED_OPEN, "forced_open"),
                tuple(State.FORCED_OPEN, State.FORCED_CLOSED, "forced_closed"),
                tuple(State.FORCED_CLOSED, State.CLOSED, "released"));
        assertThat(events).extracting(BreakerTransitionEvent::at).isSorted();
    }

    @Test
    void shouldHandOutOnlyProbeCallsPermitsWhenThreadsRace() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 50; round++) {
                CircuitBreaker b = breaker(BreakerPolicy.builder().probeCalls(3).build());
                for (int i = 0; i < 10; i++) {
                    fail(b);
                }
                clock.advance(Duration.ofSeconds(60));
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger granted = new AtomicInteger();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 100; i++) {
                            if (b.tryAcquirePermission()) {
                                granted.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : done) {
                    f.get(10, TimeUnit.SECONDS);
                }
                assertThat(granted).as("round %d", round).hasValue(3);
                assertThat(b.state()).isEqualTo(State.HALF_OPEN);
                assertThat(b.snapshot().totalRejected()).isEqualTo(threads * 100L - 3);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldFreeAProbeSlotWhenOutcomeIsIgnored() {
        openDefaultBreaker();
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        assertThat(breaker.tryAcquirePermission()).isFalse();
        breaker.onIgnored();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onFailure(ErrorClass.INVALID_PAYLOAD);
        assertThat(breaker.state()).as("our own payload error frees the slot too").isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void shouldNeverOpenWhenErrorsAreTheBuyersAnswersOrOurOwnFaults() {
        for (ErrorClass e : List.of(ErrorClass.CLIENT_ERROR, ErrorClass.UNAUTHORIZED, ErrorClass.TOKEN_REFUSED,
                ErrorClass.INVALID_PAYLOAD, ErrorClass.CONFIGURATION)) {
            for (int i = 0; i < 50; i++) {
                assertThat(breaker.tryAcquirePermission()).isTrue();
                breaker.onFailure(e);
            }
        }
        CircuitBreaker.Snapshot s = breaker.snapshot();
        assertThat(s.state()).isEqualTo(State.CLOSED);
        assertThat(s.failuresInWindow()).isZero();
        assertThat(s.callsInWindow()).as("the buyer's answers count as calls, our faults do not").isEqualTo(150);
        assertThat(s.totalFailures()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldCloseWhenProbeGetsAClientErrorBecauseTheBuyerIsUp() {
        openDefaultBreaker();
        clock.advance(Duration.ofSeconds(60));
        assertThat(breaker.tryAcquirePermission()).isTrue();
        breaker.onFailure(ErrorClass.CLIENT_ERROR);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void shouldSortErrorClassesWhenAskedWhichCountAsFailures() {
        assertThat(List.of(ErrorClass.values())).filteredOn(CircuitBreaker::countsAsFailure).containsExactly(
                ErrorClass.TIMEOUT, ErrorClass.CONNECTION_REFUSED, ErrorClass.CONNECTION_RESET, ErrorClass.NETWORK,
                ErrorClass.RATE_LIMITED, ErrorClass.UNAVAILABLE, ErrorClass.SERVER_ERROR,
                ErrorClass.TOKEN_ENDPOINT_UNAVAILABLE, ErrorClass.TLS);
    }

    @Test
    void shouldRefuseEveryCallWhenForcedOpenUntilReleased() {
        breaker.forceOpen();
        clock.advance(Duration.ofDays(1));
        assertThat(breaker.tryAcquirePermission()).isFalse();
        assertThat(breaker.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(breaker.retryAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(breaker.snapshot().openedAt()).isEqualTo(START);
        breaker.forceOpen();
        assertThat(events).hasSize(1);
        breaker.release();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquirePermission()).isTrue();
    }

    @Test
    void shouldPermitAndCountButNeverOpenWhenForcedClosed() {
        openDefaultBreaker();
        breaker.forceClosed();
        for (int i = 0; i < 50; i++) {
            fail(breaker);
        }
        CircuitBreaker.Snapshot s = breaker.snapshot();
        assertThat(s.state()).isEqualTo(State.FORCED_CLOSED);
        assertThat(s.failuresInWindow()).isEqualTo(60);
        assertThat(s.totalFailures()).isEqualTo(60);
        assertThat(s.openedAt()).isNull();
        assertThat(breaker.retryAt()).isEqualTo(clock.instant());
        breaker.release();
        assertThat(breaker.snapshot().failuresInWindow()).as("released with a fresh window").isZero();
        fail(breaker);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    @Test
    void shouldCloseWhenOperatorReleasesAnAutomaticallyOpenBreaker() {
        openDefaultBreaker();
        breaker.release();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(events).extracting(BreakerTransitionEvent::reason).containsExactly("failure_threshold", "released");
    }

    @Test
    void shouldKeepStateWhenAnswersToEarlierCallsArriveWhileOpen() {
        for (int i = 0; i < 12; i++) {
            assertThat(breaker.tryAcquirePermission()).isTrue();
        }
        for (int i = 0; i < 10; i++) {
            breaker.onFailure(ErrorClass.TIMEOUT);
        }
        breaker.onSuccess();
        breaker.onFailure(ErrorClass.TIMEOUT);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.snapshot().nextProbeAt()).isEqualTo(START.plusSeconds(60));
        assertThat(events).hasSize(1);
    }

    @Test
    void shouldCarryOnWhenAListenerThrows() {
        CircuitBreaker b = breaker(BreakerPolicy.builder().failureThreshold(1).build());
        List<BreakerTransitionEvent> after = new ArrayList<>();
        b.addListener(e -> {
            throw new IllegalStateException("console gone");
        });
        b.addListener(after::add);
        fail(b);
        assertThat(b.state()).isEqualTo(State.OPEN);
        assertThat(after).hasSize(1);
        assertThat(events).hasSize(1);
    }

    @Test
    void shouldDeliverInOrderWhenAListenerCausesAnotherTransition() {
        CircuitBreaker b = breaker(BreakerPolicy.builder().failureThreshold(1).build());
        b.addListener(e -> {
            if (e.to() == State.OPEN && e.reason().equals("failure_threshold")) {
                b.forceClosed();
            }
        });
        fail(b);
        assertThat(events).extracting(BreakerTransitionEvent::to).containsExactly(State.OPEN, State.FORCED_CLOSED);
    }
}
