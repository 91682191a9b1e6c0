package io.leadwire.delivery.retry;

import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The circuit breakers of all buyers, one each, made on first use. Built once at the composition
 * root with the engine's clock; the delivery stage asks it for a buyer's breaker on every call, the
 * console and {@code /metrics} read {@link #snapshots()} and listen for transitions here instead of
 * on each breaker. Thread-safe.
 */
public final class CircuitBreakers {
    private final Clock clock;
    private final ConcurrentMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();
    private final List<BreakerListener> listeners = new CopyOnWriteArrayList<>();
    private final BreakerListener fanOut = event -> {
        for (BreakerListener l : listeners) {
            CircuitBreaker.deliver(l, event);
        }
    };

    /** @param clock the only source of time for every breaker made here */
    public CircuitBreakers(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The buyer's breaker, made closed on first use. When the buyer's policy was edited since,
     * the new policy is put in force on the same breaker, keeping its state (an open breaker stays
     * open, forced states stay forced, the window's counts carry over). The same instance is kept
     * rather than a new one made, so that a call whose permission came from the old policy reports
     * its outcome to the breaker that counts it, and listeners stay attached.
     */
    public CircuitBreaker forBuyer(String buyerId, BreakerPolicy policy) {
        Objects.requireNonNull(buyerId, "buyerId");
        Objects.requireNonNull(policy, "policy");
        CircuitBreaker b = breakers.computeIfAbsent(buyerId, id -> {
            CircuitBreaker made = new CircuitBreaker(id, policy, clock);
            made.addListener(fanOut);
            return made;
        });
        b.changePolicy(policy);
        return b;
    }

    /** The buyer's breaker if one was made; for the console's force/release buttons. */
    public Optional<CircuitBreaker> find(String buyerId) {
        return Optional.ofNullable(breakers.get(buyerId));
    }

    /** Every breaker's snapshot by buyer id, in id order; a copy. */
    public Map<String, CircuitBreaker.Snapshot> snapshots() {
        Map<String, CircuitBreaker.Snapshot> out = new TreeMap<>();
        breakers.forEach((id, b) -> out.put(id, b.snapshot()));
        return Collections.unmodifiableMap(out);
    }

    /** Hears the transitions of every breaker, those made later included. */
    public void addListener(BreakerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(BreakerListener listener) {
        listeners.remove(listener);
    }
}
