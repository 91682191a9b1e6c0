package io.leadwire.delivery.retry;

import io.leadwire.delivery.ErrorClass;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One buyer's circuit breaker: while the buyer keeps failing, calls are refused up front, so leads
 * go down the waterfall at once instead of each waiting out a timeout on a dead endpoint, and the
 * buyer is not hammered while it recovers.
 *
 * <p>Closed, it counts calls and failures in a sliding window and opens as its {@link BreakerPolicy}
 * says. Open, it refuses every call until the cool-down has passed; the next
 * {@link #tryAcquirePermission()} then moves it to half-open and hands out at most
 * {@code probeCalls} permissions. A successful probe closes it (fresh window, initial cool-down); a
 * failed one opens it again with a longer cool-down. An operator can force it open (no calls at
 * all, e.g. while a buyer is known to be down for maintenance) or closed (every call goes through;
 * outcomes are counted but never open it, e.g. when the breaker misjudges a slow buyer), and
 * {@link #release()} hands it back to the automatic states.
 *
 * <p>Every permission acquired must be followed by exactly one of {@link #onSuccess()},
 * {@link #onFailure(ErrorClass)} or {@link #onIgnored()}: a half-open probe slot is only freed by
 * its outcome. Outcomes are not tied to their permission, so an answer to a call that started
 * before the breaker opened and arrives while it is half-open is taken as a probe's only while a
 * probe is out.
 *
 * <p>Thread-safe; time comes only from the injected {@link Clock}, so tests move it by hand.
 */
public final class CircuitBreaker {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreaker.class);

    /** The breaker's states; the forced ones are set and left only by an operator. */
    public enum State {
        /** Calls go through and are counted. */
        CLOSED,
        /** Calls are refused until the cool-down has passed. */
        OPEN,
        /** A limited number of probe calls go through; their outcome closes or re-opens the breaker. */
        HALF_OPEN,
        /** Operator override: no call goes through until {@link CircuitBreaker#release()}. */
        FORCED_OPEN,
        /** Operator override: every call goes through; outcomes are counted but never open the breaker. */
        FORCED_CLOSED
    }

    /**
     * The breaker at one instant, for the console and {@code /metrics}.
     *
     * @param buyerId          the buyer
     * @param state            the state; an OPEN breaker past its cool-down stays OPEN until the next
     *                         permission is asked for ({@code nextProbeAt} is then in the past)
     * @param failuresInWindow failures in the sliding window
     * @param callsInWindow    calls (successes and failures) in the sliding window
     * @param failureRate      {@code failuresInWindow / callsInWindow}, 0 without calls
     * @param openedAt         when it last opened (or was forced open); {@code null} when CLOSED or
     *                         FORCED_CLOSED
     * @param nextProbeAt      when an OPEN breaker lets a probe through; {@code null} in other states
     * @param coolDown         the cool-down in force: the current one while OPEN or HALF_OPEN, the
     *                         one the next opening will use otherwise
     * @param totalCalls       outcomes reported since the breaker was made (ignored ones not counted)
     * @param totalFailures    of those, failures that count against the buyer
     * @param totalRejected    permissions refused because the breaker was open, forced open or out of
     *                         probe slots
     */
    public record Snapshot(String buyerId, State state, int failuresInWindow, int callsInWindow,
                           double failureRate, Instant openedAt, Instant nextProbeAt, Duration coolDown,
                           long totalCalls, long totalFailures, long totalRejected) {
    }

    private final String buyerId;
    private final Clock clock;
    private final Object lock = new Object();

    // Guarded by lock; state is also read without it for the closed fast path.
    private volatile State state = State.CLOSED;
    private BreakerPolicy policy;
    private SlidingWindow window;
    private Duration coolDown;
    private Instant openedAt;
    private Instant nextProbeAt;
    private int probesOut;

    private final LongAdder calls = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    private final List<BreakerListener> listeners = new CopyOnWriteArrayList<>();
    /** Events in transition order, queued under the lock and delivered outside it. */
    private final Queue<BreakerTransitionEvent> pending = new ConcurrentLinkedQueue<>();
    /** Held by the one thread delivering events, so listeners see them one at a time and in order. */
    private final ReentrantLock delivering = new ReentrantLock();

    /**
     * A closed breaker.
     *
     * @param buyerId names the breaker in events and snapshots
     * @param policy  when it opens and how it recovers
     * @param clock   the only source of time
     */
    public CircuitBreaker(String buyerId, BreakerPolicy policy, Clock clock) {
        this.buyerId = Objects.requireNonNull(buyerId, "buyerId");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = new SlidingWindow(policy.window());
        this.coolDown = policy.coolDown();
    }

    /**
     * Which error classes count against a buyer's health. Those that say the buyer is down or
     * overloaded do: timeouts, refused and reset connections, network failures, 429, 503, 5xx, an
     * unreachable token endpoint, and TLS failures (a broken certificate or protocol on their side
     * fails every call until fixed). Those that say nothing about the buyer being up do not:
     * {@code CLIENT_ERROR}, {@code UNAUTHORIZED} and {@code TOKEN_REFUSED} are answers from a buyer
     * that is up (a bad lead or our credentials), and {@code INVALID_PAYLOAD} and
     * {@code CONFIGURATION} are our own faults, found before anything was sent. Opening on those
     * would cut off a healthy buyer for one bad lead or one wrong setting.
     */
    public static boolean countsAsFailure(ErrorClass error) {
        return switch (Objects.requireNonNull(error, "error")) {
            case TIMEOUT, CONNECTION_REFUSED, CONNECTION_RESET, NETWORK, RATE_LIMITED, UNAVAILABLE, SERVER_ERROR,
                    TOKEN_ENDPOINT_UNAVAILABLE, TLS -> true;
            case CLIENT_ERROR, UNAUTHORIZED, TOKEN_REFUSED, INVALID_PAYLOAD, CONFIGURATION -> false;
        };
    }

    /** Our own faults: nothing reached the buyer, so the outcome says nothing either way. */
    private static boolean nothingSent(ErrorClass error) {
        return error == ErrorClass.INVALID_PAYLOAD || error == ErrorClass.CONFIGURATION;
    }

    public String buyerId() {
        return buyerId;
    }

    /** The policy in force (the registry may replace it, keeping the state). */
    public BreakerPolicy policy() {
        synchronized (lock) {
            return policy;
        }
    }

    /**
     * Asks to make one call to the buyer. CLOSED and FORCED_CLOSED always permit; FORCED_OPEN never
     * does; OPEN refuses until its cool-down has passed, then turns HALF_OPEN; HALF_OPEN permits
     * while fewer than {@code probeCalls} probes are out. A refusal is counted; the caller should
     * reschedule the work for {@link #retryAt()} or move down the waterfall.
     *
     * @return whether the call may be made; if so, its outcome must be reported
     */
    public boolean tryAcquirePermission() {
        State s = state;
        if (s == State.CLOSED || s == State.FORCED_CLOSED) {
            // A call that slips through as the breaker opens is as if it had started a moment earlier.
            return true;
        }
        boolean granted;
        synchronized (lock) {
            Instant now = clock.instant();
            switch (state) {
                case CLOSED, FORCED_CLOSED -> granted = true;
                case FORCED_OPEN -> granted = false;
                case OPEN -> {
                    if (now.isBefore(nextProbeAt)) {
                        granted = false;
                    } else {
                        moveTo(State.HALF_OPEN, now, BreakerTransitionEvent.COOL_DOWN_ELAPSED);
                        nextProbeAt = null;
                        probesOut = 0;
                        granted = takeProbe();
                    }
                }
                case HALF_OPEN -> granted = takeProbe();
                default -> throw new IllegalStateException(state.name());
            }
            if (!granted) {
                rejected.increment();
            }
        }
        deliverPending();
        return granted;
    }

    /** The permitted call got an answer we could use: closes a half-open breaker. */
    public void onSuccess() {
        synchronized (lock) {
            calls.increment();
            Instant now = clock.instant();
            switch (state) {
                case CLOSED, FORCED_CLOSED -> window.record(now, false);
                case HALF_OPEN -> {
                    if (probesOut > 0) {
                        close(now, BreakerTransitionEvent.PROBE_SUCCEEDED);
                    }
                }
                default -> {
                    // An answer to a call started before the breaker opened: the state stands.
                }
            }
        }
        deliverPending();
    }

    /**
     * The permitted call failed. An error that {@link #countsAsFailure counts} is recorded and may
     * open the breaker (or, for a probe, re-open it with a longer cool-down). Otherwise a buyer's
     * answer ({@code CLIENT_ERROR}, {@code UNAUTHORIZED}, {@code TOKEN_REFUSED}) shows the buyer is
     * up and is taken as {@link #onSuccess()}, and our own fault ({@code INVALID_PAYLOAD},
     * {@code CONFIGURATION}) as {@link #onIgnored()}.
     */
    public void onFailure(ErrorClass error) {
        if (!countsAsFailure(error)) {
            if (nothingSent(error)) {
                onIgnored();
            } else {
                onSuccess();
            }
            return;
        }
        synchronized (lock) {
            calls.increment();
            failures.increment();
            Instant now = clock.instant();
            switch (state) {
                case CLOSED -> {
                    window.record(now, true);
                    String reason = tripReason(window.counts(now));
                    if (reason != null) {
                        open(now, reason);
                    }
                }
                case FORCED_CLOSED -> window.record(now, true);
                case HALF_OPEN -> {
                    if (probesOut > 0) {
                        coolDown = policy.nextCoolDown(coolDown);
                        open(now, BreakerTransitionEvent.PROBE_FAILED);
                    }
                }
                default -> {
                    // A failure of a call started before the breaker opened: it is open already.
                }
            }
        }
        deliverPending();
    }

    /**
     * The permitted call ended in a way that says nothing about the buyer's health (our payload or
     * configuration was at fault, or the call was cancelled before it was sent): frees a half-open
     * probe slot for the next call without counting anything.
     */
    public void onIgnored() {
        synchronized (lock) {
            if (state == State.HALF_OPEN && probesOut > 0) {
                probesOut--;
            }
        }
    }

    /** Operator override: refuse every call until {@link #release()}. */
    public void forceOpen() {
        synchronized (lock) {
            if (state != State.FORCED_OPEN) {
                Instant now = clock.instant();
                moveTo(State.FORCED_OPEN, now, BreakerTransitionEvent.FORCED_OPEN);
                openedAt = now;
                nextProbeAt = null;
                probesOut = 0;
            }
        }
        deliverPending();
    }

    /** Operator override: permit every call and never open, until {@link #release()}. */
    public void forceClosed() {
        synchronized (lock) {
            if (state != State.FORCED_CLOSED) {
                moveTo(State.FORCED_CLOSED, clock.instant(), BreakerTransitionEvent.FORCED_CLOSED);
                openedAt = null;
                nextProbeAt = null;
                probesOut = 0;
            }
        }
        deliverPending();
    }

    /**
     * Hands the breaker back to the automatic states: from any state other than CLOSED it becomes
     * CLOSED with a fresh window and the initial cool-down, as after a successful probe. The usual
     * use ends an operator override; on an automatically open breaker it is the operator saying
     * "the buyer is back, try now".
     */
    public void release() {
        synchronized (lock) {
            if (state != State.CLOSED) {
                close(clock.instant(), BreakerTransitionEvent.RELEASED);
            }
        }
        deliverPending();
    }

    /** The current state; see {@link Snapshot#state()} for OPEN past its cool-down. */
    public State state() {
        return state;
    }

    /**
     * When a caller refused a permission should try again. CLOSED and FORCED_CLOSED: now. OPEN: when
     * the cool-down ends (now if it has). HALF_OPEN: now if a probe slot is free, else after the
     * policy's initial cool-down (the probe out will have decided by then, and we do not spin).
     * FORCED_OPEN: after the policy's longest cool-down, to look again whether an operator has
     * released it.
     */
    public Instant retryAt() {
        synchronized (lock) {
            Instant now = clock.instant();
            return switch (state) {
                case CLOSED, FORCED_CLOSED -> now;
                case OPEN -> nextProbeAt.isAfter(now) ? nextProbeAt : now;
                case HALF_OPEN -> probesOut < policy.probeCalls() ? now : now.plus(policy.coolDown());
                case FORCED_OPEN -> now.plus(policy.maxCoolDown());
            };
        }
    }

    /** The breaker now, read consistently under its lock. */
    public Snapshot snapshot() {
        synchronized (lock) {
            SlidingWindow.Counts c = window.counts(clock.instant());
            return new Snapshot(buyerId, state, c.failures(), c.calls(), c.failureRate(), openedAt, nextProbeAt,
                    coolDown, calls.sum(), failures.sum(), rejected.sum());
        }
    }

    /** Adds a listener for this breaker's transitions. */
    public void addListener(BreakerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(BreakerListener listener) {
        listeners.remove(listener);
    }

    /**
     * Puts another policy in force, keeping the state: counts in the window are carried over into
     * a window of the new length; an open breaker keeps its opening instant and its cool-down,
     * brought into the new policy's range; probes out stay out. A no-op for an equal policy.
     */
    void changePolicy(BreakerPolicy newPolicy) {
        Objects.requireNonNull(newPolicy, "newPolicy");
        synchronized (lock) {
            if (policy.equals(newPolicy)) {
                return;
            }
            if (!window.window().equals(newPolicy.window())) {
                window = window.resized(newPolicy.window());
            }
            boolean resting = state == State.CLOSED || state == State.FORCED_CLOSED;
            coolDown = resting ? newPolicy.coolDown() : newPolicy.clampCoolDown(coolDown);
            if (state == State.OPEN) {
                nextProbeAt = openedAt.plus(coolDown);
            }
            policy = newPolicy;
        }
    }

    private boolean takeProbe() {
        if (probesOut < policy.probeCalls()) {
            probesOut++;
            return true;
        }
        return false;
    }

    private String tripReason(SlidingWindow.Counts c) {
        if (c.failures() >= policy.failureThreshold()) {
            return BreakerTransitionEvent.FAILURE_THRESHOLD;
        }
        if (c.calls() >= policy.minimumCalls() && c.failureRate() > policy.failureRate()) {
            return BreakerTransitionEvent.FAILURE_RATE;
        }
        return null;
    }

    private void open(Instant now, String reason) {
        moveTo(State.OPEN, now, reason);
        openedAt = now;
        nextProbeAt = now.plus(coolDown);
        probesOut = 0;
    }

    private void close(Instant now, String reason) {
        moveTo(State.CLOSED, now, reason);
        window.clear();
        coolDown = policy.coolDown();
        openedAt = null;
        nextProbeAt = null;
        probesOut = 0;
    }

    /** Changes the state and queues the event; called with the lock held. */
    private void moveTo(State to, Instant now, String reason) {
        pending.add(new BreakerTransitionEvent(buyerId, state, to, now, reason));
        state = to;
    }

    /**
     * Delivers queued events outside the lock. One thread delivers at a time; a thread that finds
     * another delivering leaves its event to it, and the loop re-checks the queue after letting go,
     * so no event is stranded.
     */
    private void deliverPending() {
        while (!pending.isEmpty()) {
            if (!delivering.tryLock()) {
                return;
            }
            try {
                BreakerTransitionEvent e;
                while ((e = pending.poll()) != null) {
                    for (BreakerListener l : listeners) {
                        deliver(l, e);
                    }
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    static void deliver(BreakerListener listener, BreakerTransitionEvent event) {
        try {
            listener.onTransition(event);
        } catch (RuntimeException e) {
            LOG.warn("A breaker listener failed on {}; the breaker carries on", event, e);
        }
    }
}
