package io.leadwire.delivery.retry;

import java.time.Instant;
import java.util.Objects;

/**
 * A buyer's circuit breaker changed state. The console shows these on the buyer's page and the
 * metrics count them; listeners get them in the order the transitions happened.
 *
 * @param buyerId the buyer whose breaker it is
 * @param from    the state before
 * @param to      the state after
 * @param at      when, by the breaker's clock
 * @param reason  a stable code: {@code failure_threshold}, {@code failure_rate} (CLOSED → OPEN),
 *                {@code cool_down_elapsed} (OPEN → HALF_OPEN), {@code probe_succeeded} (HALF_OPEN →
 *                CLOSED), {@code probe_failed} (HALF_OPEN → OPEN), {@code forced_open},
 *                {@code forced_closed}, {@code released} (operator overrides)
 */
public record BreakerTransitionEvent(String buyerId, CircuitBreaker.State from, CircuitBreaker.State to,
                                     Instant at, String reason) {
    public static final String FAILURE_THRESHOLD = "failure_threshold";
    public static final String FAILURE_RATE = "failure_rate";
    public static final String COOL_DOWN_ELAPSED = "cool_down_elapsed";
    public static final String PROBE_SUCCEEDED = "probe_succeeded";
    public static final String PROBE_FAILED = "probe_failed";
    public static final String FORCED_OPEN = "forced_open";
    public static final String FORCED_CLOSED = "forced_closed";
    public static final String RELEASED = "released";

    public BreakerTransitionEvent {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }
}
