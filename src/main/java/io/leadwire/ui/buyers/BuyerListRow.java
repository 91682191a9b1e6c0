package io.leadwire.ui.buyers;

import io.leadwire.delivery.retry.CircuitBreaker;

/**
 * One buyer as the Buyers table shows it, with its live state.
 *
 * @param breaker       the breaker's state, or null when the buyer is not built (not routable)
 * @param breakerDetail a line about the breaker: failures in the window, when it opened, next probe
 * @param capUse        the tightest cap window, e.g. {@code 37 / 500 today}, or {@code no cap}
 * @param capFull       whether that window is used up
 * @param successRate   answered (accepted or rejected) per attempt in the last hour, e.g. {@code 98.5 %}
 * @param p95           95th percentile latency in the last hour, e.g. {@code 412 ms}
 * @param attempts      attempts in the last hour
 * @param problem       why the buyer receives no leads right now, or empty
 */
public record BuyerListRow(String id, String name, boolean enabled, String price, int priority, boolean exclusive,
                           CircuitBreaker.State breaker, String breakerDetail, String capUse, boolean capFull,
                           String successRate, String p95, long attempts, int inFlight, String problem) {

    public String enabledText() {
        return enabled ? "on" : "off";
    }

    public String kindText() {
        return exclusive ? "exclusive" : "shared";
    }

    /** The breaker pill's text. */
    public String breakerText() {
        if (breaker == null) {
            return "—";
        }
        return switch (breaker) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half-open";
            case FORCED_OPEN -> "forced open";
            case FORCED_CLOSED -> "forced closed";
        };
    }

    public String inFlightText() {
        return Integer.toString(inFlight);
    }

    public String priorityText() {
        return Integer.toString(priority);
    }

    public boolean hasProblem() {
        return !problem.isEmpty();
    }
}
