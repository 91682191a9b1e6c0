package io.leadwire.app;

import java.time.Duration;

/**
 * One deadline for a whole stop: each part of the engine is given its own longest wait, cut to
 * what is left of the budget, so the parts together never take longer than the budget however
 * many of them run into their limit.
 */
final class StopDeadline {
    private final long startedAt = System.nanoTime();
    private final long deadline;

    StopDeadline(Duration budget) {
        this.deadline = startedAt + budget.toNanos();
    }

    /** {@code cap}, or what is left of the budget if that is less (never negative). */
    Duration left(Duration cap) {
        return left(cap, Duration.ZERO);
    }

    /**
     * {@code cap}, or what is left of the budget after keeping {@code reserve} for the parts
     * after this one, if that is less (never negative).
     */
    Duration left(Duration cap, Duration reserve) {
        long left = deadline - reserve.toNanos() - System.nanoTime();
        return left <= 0 ? Duration.ZERO : cap.compareTo(Duration.ofNanos(left)) < 0 ? cap : Duration.ofNanos(left);
    }

    /** Whether the budget is used up. */
    boolean spent() {
        return System.nanoTime() >= deadline;
    }

    /** How long the stop has taken so far. */
    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }
}
