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
import org.junit.jupiter.api.Test;

class CircuitBreakersTest {
    private static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final CircuitBreakers breakers = new CircuitBreakers(clock);
    private final BreakerPolicy policy = BreakerPolicy.defaults();

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(b.tryAcquirePermission()).isTrue();
            b.onFailure(ErrorClass.SERVER_ERROR);
        }
    }

    @Test
    void shouldReturnTheSameBreakerWhenAskedAgainForABuyer() {
        CircuitBreaker acme = breakers.forBuyer("acme", policy);
        assertThat(breakers.forBuyer("acme", policy)).isSameAs(acme);
        assertThat(breakers.forBuyer("globex", policy)).isNotSameAs(acme);
        assertThat(breakers.find("acme")).containsSame(acme);
        assertThat(breakers.find("initech")).isEmpty();
    }

    @Test
    void shouldKeepOpenStateAndClampCoolDownWhenPolicyChanges() {
        CircuitBreaker acme = breakers.forBuyer("acme", policy);
        fail(acme, 10);
        clock.advance(Duration.ofSeconds(60));
        fail(acme, 1);
        clock.advance(Duration.ofSeconds(120));
        fail(acme, 1);
        assertThat(acme.snapshot().coolDown()).isEqualTo(Duration.ofSeconds(240));

        BreakerPolicy stricter = policy.toBuilder().maxCoolDown(Duration.ofSeconds(90)).build();
        CircuitBreaker again = breakers.forBuyer("acme", stricter);
        assertThat(again).isSameAs(acme);
        assertThat(acme.policy()).isEqualTo(stricter);
        CircuitBreaker.Snapshot s = acme.snapshot();
        assertThat(s.state()).isEqualTo(State.OPEN);
        assertThat(s.coolDown()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.nextProbeAt()).isEqualTo(s.openedAt().plusSeconds(90));
    }

    @Test
    void shouldCarryWindowCountsWhenPolicyChangesTheWindow() {
        CircuitBreaker acme = breakers.forBuyer("acme", policy);
        fail(acme, 6);
        clock.advance(Duration.ofMinutes(4));
        fail(acme, 3);
        CircuitBreaker wider = breakers.forBuyer("acme", policy.toBuilder().window(Duration.ofMinutes(10)).build());
        assertThat(wider.snapshot().failuresInWindow()).isEqualTo(9);
        clock.advance(Duration.ofMinutes(2));
        fail(wider, 1);
        assertThat(wider.state()).as("the first six are 6 min old: in a 10 min window").isEqualTo(State.OPEN);

        CircuitBreaker globex = breakers.forBuyer("globex", policy);
        fail(globex, 6);
        clock.advance(Duration.ofMinutes(4));
        fail(globex, 3);
        CircuitBreaker narrower = breakers.forBuyer("globex", policy.toBuilder().window(Duration.ofMinutes(1)).build());
        assertThat(narrower.snapshot().failuresInWindow()).isEqualTo(3);
    }

    @Test
    void shouldKeepForcedStateWhenPolicyChanges() {
        CircuitBreaker acme = breakers.forBuyer("acme", policy);
        acme.forceOpen();
        breakers.forBuyer("acme", policy.toBuilder().failureThreshold(3).build());
        assertThat(acme.state()).isEqualTo(State.FORCED_OPEN);
        assertThat(acme.tryAcquirePermission()).isFalse();
    }

    @Test
    void shouldListEverySnapshotByBuyerWhenAsked() {
        breakers.forBuyer("globex", policy);
        fail(breakers.forBuyer("acme", policy), 10);
        assertThat(breakers.snapshots()).containsOnlyKeys("acme", "globex");
        assertThat(breakers.snapshots().keySet()).containsExactly("acme", "globex");
        assertThat(breakers.snapshots().get("acme").state()).isEqualTo(State.OPEN);
        assertThat(breakers.snapshots().get("globex").state()).isEqualTo(State.CLOSED);
    }

    @Test
    void shouldFanOutEveryBreakersEventsWhenListening() {
        CircuitBreaker early = breakers.forBuyer("acme", policy);
        List<BreakerTransitionEvent> heard = new ArrayList<>();
        List<BreakerTransitionEvent> dropped = new ArrayList<>();
        BreakerListener leaving = dropped::add;
        breakers.addListener(heard::add);
        breakers.addListener(leaving);
        breakers.removeListener(leaving);
        CircuitBreaker late = breakers.forBuyer("globex", policy);
        fail(early, 10);
        late.forceOpen();
        assertThat(heard).extracting(BreakerTransitionEvent::buyerId, BreakerTransitionEvent::to)
                .containsExactly(tuple("acme", State.OPEN),
                        tuple("globex", State.FORCED_OPEN));
        assertThat(dropped).isEmpty();
    }
}
