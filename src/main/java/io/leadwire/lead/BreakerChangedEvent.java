package io.leadwire.lead;

/**
 * A buyer's circuit breaker changed state (closed, open, half_open, forced_open, forced_closed).
 *
 * @param reason why, e.g. {@code failure_threshold}, {@code probe_succeeded}, {@code forced_open}
 */
public record BreakerChangedEvent(String buyerId, String buyerName, String from, String to, String reason)
        implements EngineEvent {
}
