package io.leadwire.intake;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a failing vendor poll waits before it tries again: {@code initial × multiplier^(n-1)}
 * after the n-th consecutive failure, capped at {@code max}. Immutable; see {@link #defaults()}.
 *
 * @param initial    the wait after the first failure
 * @param multiplier how much each further failure multiplies the wait (≥ 1)
 * @param max        the longest wait
 */
public record PollBackoff(Duration initial, double multiplier, Duration max) {

    /** 5 s, doubling, at most 15 min. */
    public static PollBackoff defaults() {
        return new PollBackoff(Duration.ofSeconds(5), 2.0, Duration.ofMinutes(15));
    }

    public PollBackoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("backoff multiplier must be >= 1");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff must be >= initial");
        }
    }

    /** The wait after {@code failures} consecutive failures (1 for the first). */
    public Duration delay(int failures) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
