package io.leadwire.delivery.retry;

/**
 * Hears a circuit breaker's transitions. Called outside the breaker's lock, one event at a time
 * and in the order the transitions happened, on a delivery thread (usually the one that caused the
 * transition); keep it short and hand over to the FX thread or a queue. An exception it throws is
 * logged and does not reach the delivery.
 */
@FunctionalInterface
public interface BreakerListener {
    void onTransition(BreakerTransitionEvent event);
}
