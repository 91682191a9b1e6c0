package io.leadwire.delivery;

import io.leadwire.delivery.response.Outcome;
import io.leadwire.delivery.response.ResponseVerdict;
import io.leadwire.delivery.retry.CircuitBreaker;
import io.leadwire.delivery.retry.RetryDecision;
import io.leadwire.lead.DeliveryAttemptEvent;
import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.DeliveryStatus;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.mapping.RenderedPayload;
import io.leadwire.store.DeliveryRepository;
import io.leadwire.store.DeliveryRepository.AttemptRecord;
import io.leadwire.store.DeliveryRepository.DeliveryResult;
import io.leadwire.store.DeliveryRepository.DueDelivery;
import io.leadwire.store.DeliveryRepository.LeadChange;
import io.leadwire.store.StoreException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background delivery engine: claims due deliveries per buyer (never more than the buyer has
 * free in-flight slots, so a slow buyer only ever waits on itself), sends them on the buyer's own
 * sender threads and client, and records each outcome with its attempt in batches.
 *
 * <p>Retries are rows with a due time, not sleeping threads, so they survive restarts. A
 * delivery's lease covers its attempt; if the engine dies mid-attempt the lease runs out and the
 * delivery is sent again with the same idempotency key. Outcomes that end a delivery without a
 * sale put the lead back to routing (the waterfall) inside the same transaction.
 */
public final class DeliveryEngine implements AutoCloseable, RoutingStage.Sender {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
    /** Most deliveries claimed for one buyer in one go. */
    static final int CLAIM_MAX = 64;
    /** Results written per transaction at most. */
    static final int RECORD_MAX = 512;
    /** Added to a buyer's whole-call timeout for the claim's lease. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    /**
     * Lease a delivery must have left beyond a whole call to leave its buyer's line for the wire:
     * an attempt may make a second call (the keep-alive race, an OAuth refresh) and its result then
     * waits for the recorder, all inside the lease.
     */
    static final Duration LEASE_SAFETY = LEASE_MARGIN.dividedBy(2);
    private static final long IDLE_POLL_MILLIS = 200;
    /** How long the recorder lets results gather after the first one of a batch. */
    static final long RECORD_GATHER_MILLIS = 10;
    /** Results per gather step that count as busy: the gather goes on for another step. */
    static final int RECORD_GATHER_BUSY = 8;
    /** The longest a busy recorder lets results gather before it commits. */
    static final long RECORD_GATHER_MAX_MILLIS = 50;

    private final DeliveryRepository deliveries;
    private final BuyerDirectory directory;
    private final MappingEngine mappingEngine;
    private final EventBus events;
    private final Clock clock;
    private final DoubleSupplier random;
    private final BlockingQueue<DeliveryResult> results = new LinkedBlockingQueue<>();
    private final Map<String, String> buyerOf = new java.util.concurrent.ConcurrentHashMap<>();
    /** Buyers whose line had too little room to claim for: the pump that makes enough wakes the dispatcher. */
    private final Set<String> waitingForRoom = ConcurrentHashMap.newKeySet();
    /**
     * Buyers whose last claim found fewer due deliveries than it asked for: nothing is queued for
     * them, so routing may hand them a new delivery directly. Not known at start (deliveries may
     * be waiting from before a restart) until the dispatcher's first claim for the buyer.
     */
    private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();
    /** Per buyer: deliveries claimed and committed, waiting in memory for one of its slots. */
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    /** Claimed deliveries whose lease ran too short while they waited: the dispatcher gives them back. */
    private final Queue<DueDelivery> stale = new ConcurrentLinkedQueue<>();
    /** Routing found every buyer's line full and waits to be told there is room. */
    private final AtomicBoolean routingWaits = new AtomicBoolean();
    private final Semaphore wake = new Semaphore(0);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread dispatcher;
    private final Thread recorder;
    private volatile Runnable wakeRouting = () -> { };
    private volatile boolean running = true;
    private volatile boolean started;
    /** Stopping, and the wait for attempts in flight is over: the recorder stops once its queue is written. */
    private volatile boolean drained;

    public DeliveryEngine(DeliveryRepository deliveries, BuyerDirectory directory, MappingEngine mappingEngine,
                          EventBus events, Clock clock, DoubleSupplier random) {
        this.deliveries = deliveries;
        this.directory = directory;
        this.mappingEngine = mappingEngine;
        this.events = events;
        this.clock = clock;
        this.random = random;
        this.dispatcher = new Thread(this::dispatchLoop, "delivery-dispatch");
        this.dispatcher.setDaemon(true);
        this.recorder = new Thread(this::recordLoop, "delivery-record");
        this.recorder.setDaemon(true);
    }

    /**
     * Called after a batch put leads back to routing, and when a buyer's line has room again after
     * routing found them all full, so the routing stage looks at once.
     */
    public void onWaterfall(Runnable wakeRouting) {
        this.wakeRouting = wakeRouting;
    }

    public DeliveryEngine start() {
        started = true;
        recorder.start();
        dispatcher.start();
        return this;
    }

    /** New deliveries were committed: look now rather than at the next idle poll. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** Attempts on the wire right now. */
    public int inFlight() {
        return inFlight.get();
    }

    // ------------------------------------------------------------ dispatching

    private void dispatchLoop() {
        while (running) {
            try {
                releaseStale();
                int claimed = 0;
                for (LiveBuyer buyer : directory.live()) {
                    claimed += dispatch(buyer);
                }
                if (claimed == 0) {
                    wake.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warn("delivery engine could not reach the store: {}", e.getMessage());
                sleepQuietly(1000);
            } catch (RuntimeException e) {
                LOG.error("delivery dispatch failed; retrying", e);
                sleepQuietly(1000);
            }
        }
    }

    /**
     * Room a buyer's line needs before the dispatcher claims for it again. A busy buyer's slots come
     * back one by one; claiming for each at once would cost one store transaction per delivery, so a
     * saturated buyer is refilled in batches of a quarter of its concurrency (at most a claim).
     */
    static int refillAt(int concurrency) {
        return Math.max(1, Math.min(CLAIM_MAX, concurrency / 4));
    }

    /**
     * Room a buyer's line needs before routing (when every buyer was saturated) routes again: half
     * the line, so a busy buyer's deliveries are routed in batches of up to 128 leads, not a few at a
     * time as slots come back, and the line still holds half a round while the batch commits.
     */
    static int routeAt(int concurrency) {
        return Math.max(1, Math.min(128, concurrency / 2));
    }

    /**
     * Claimed deliveries a buyer's line holds at most: one more round of its concurrency. They wait
     * about one call for a slot at most; their lease runs {@link #LEASE_MARGIN} beyond a whole call,
     * and one that waited more than {@link #LEASE_SAFETY} of it is given back rather than sent late.
     */
    static int lineCapacity(int concurrency) {
        return concurrency;
    }

    /**
     * A buyer's line: deliveries claimed and committed (SENDING, with their lease) that wait in
     * memory, in claim order, for one of the buyer's slots. Routing writes a caught-up buyer's
     * deliveries claimed straight into it, and the dispatcher refills it from the store, so a busy
     * buyer's next deliveries are on the wire the moment a slot frees, without a claim transaction
     * each time a few slots come back.
     */
    private static final class Line {
        final Queue<DueDelivery> queue = new ConcurrentLinkedQueue<>();
        /** Places taken: deliveries queued, plus places reserved for claims not committed yet. */
        final AtomicInteger size = new AtomicInteger();
    }

    private Line lineOf(String buyerId) {
        return lines.computeIfAbsent(buyerId, k -> new Line());
    }

    private static int room(LiveBuyer buyer, Line line) {
        return lineCapacity(buyer.definition().concurrency()) - line.size.get();
    }

    private static Instant leaseFrom(LiveBuyer buyer, Instant now) {
        return now.plus(buyer.definition().callTimeout()).plus(LEASE_MARGIN);
    }

    /** Claims what the buyer's line has room for and starts what its free slots allow; returns how many. */
    int dispatch(LiveBuyer buyer) {
        if (!running) {
            return 0;
        }
        int refill = refillAt(buyer.definition().concurrency());
        Line line = lineOf(buyer.id());
        // Every pass starts what free slots allow, so a pump missed anywhere (a rebuilt buyer, an
        // exception on a sender thread) costs at most one idle poll, never a stalled line.
        pump(buyer, line);
        if (room(buyer, line) < refill) {
            // Ask to be woken when the line has room again, then look again: room made between
            // the first look and the request would otherwise wake nobody until the idle poll.
            waitingForRoom.add(buyer.id());
            if (room(buyer, line) < refill) {
                return 0;
            }
            waitingForRoom.remove(buyer.id());
        }
        Instant now = clock.instant();
        int awaiting = buyer.definition().mode() == BuyerDefinition.DeliveryMode.ASYNC
                ? dispatchAwaiting(buyer, now) : 0;
        int asked = Math.min(room(buyer, line), CLAIM_MAX);
        if (asked <= 0) {
            return awaiting;
        }
        line.size.addAndGet(asked);
        List<DueDelivery> due;
        try {
            due = deliveries.claimDue(buyer.id(), asked, now, leaseFrom(buyer, now));
        } catch (RuntimeException e) {
            line.size.addAndGet(-asked);
            throw e;
        }
        // One step from the places reserved to the ones used: routing may take a place meanwhile.
        line.size.addAndGet(due.size() - asked);
        if (due.size() < asked) {
            if (caughtUp.add(buyer.id()) && routingWaits.compareAndSet(true, false)) {
                wakeRouting.run(); // routing may hand this buyer deliveries again
            }
        } else {
            caughtUp.remove(buyer.id());
        }
        line.queue.addAll(due);
        pump(buyer, line);
        return due.size() + awaiting;
    }

    // ------------------------------------------------------------ deliveries routing hands over

    /**
     * Takes a place in the buyer's line if nothing is queued for it in the store (so the line stays
     * in due order) and the line has room; returns the lease for the delivery, or null (then
     * routing writes it PENDING, and it waits in the store until the dispatcher claims it).
     */
    @Override
    public Instant takePlace(LiveBuyer buyer, Instant now) {
        if (!running || buyer.definition().mode() != BuyerDefinition.DeliveryMode.SYNC
                || !caughtUp.contains(buyer.id())) {
            return null;
        }
        Line line = lineOf(buyer.id());
        if (line.size.incrementAndGet() > lineCapacity(buyer.definition().concurrency())) {
            line.size.decrementAndGet();
            // Full: what routing makes now waits in the store, and keeps waiting in order until a
            // claim shows the buyer has caught up again.
            caughtUp.remove(buyer.id());
            return null;
        }
        return leaseFrom(buyer, now);
    }

    @Override
    public void giveBack(LiveBuyer buyer) {
        Line line = lineOf(buyer.id());
        line.size.decrementAndGet();
        roomMade(buyer, line);
    }

    /** Queues a committed, claimed delivery in its buyer's line and starts it if a slot is free. */
    @Override
    public void send(LiveBuyer buyer, DueDelivery d) {
        Line line = lineOf(buyer.id());
        line.queue.add(d);
        pump(buyer, line);
    }

    /**
     * How many leads routing should take now: the room in the lines of the buyers nothing is
     * queued for in the store, or 0 while none of them has room for a refill, i.e. while every
     * buyer is saturated or still working off a queue. The leads then wait ACCEPTED, to be routed
     * with the caps, breakers and prices of the moment they can go out, instead of queueing behind
     * a full buyer; routing is woken when a line has room again. With a buyer that has room and
     * others that have none routing goes on (the others' deliveries queue in the store), so a
     * saturated buyer never holds back the rest. Unlimited before the engine starts, while it
     * stops, and with an asynchronous buyer.
     */
    @Override
    public int room(List<LiveBuyer> buyers) {
        for (int pass = 0; pass < 2; pass++) {
            long room = 0;
            boolean refill = false;
            for (LiveBuyer b : buyers) {
                if (!started || !running || b.definition().mode() != BuyerDefinition.DeliveryMode.SYNC) {
                    return Integer.MAX_VALUE;
                }
                if (!caughtUp.contains(b.id())) {
                    continue; // its line is refilled from the store first
                }
                int r = room(b, lineOf(b.id()));
                refill |= r >= routeAt(b.definition().concurrency());
                room += Math.max(0, r);
            }
            if (refill) {
                return (int) Math.min(room, Integer.MAX_VALUE);
            }
            // Ask to be woken, then look once more: room made in between would wake nobody.
            routingWaits.set(true);
        }
        return 0;
    }

    /** Starts deliveries from the buyer's line while it has free slots. */
    private void pump(LiveBuyer buyer, Line line) {
        if (!running) {
            giveBackLine(line); // stopping: whatever reached the line after close() drained it
            return;
        }
        while (running && !line.queue.isEmpty()) {
            if (!buyer.permits().tryAcquire()) {
                break; // the attempt that frees a slot pumps again
            }
            DueDelivery d = line.queue.poll();
            if (d == null) {
                buyer.permits().release(); // another thread took it; look again
                continue;
            }
            line.size.decrementAndGet();
            if (d.leaseUntil() != null && clock.instant().plus(buyer.definition().callTimeout())
                    .plus(LEASE_SAFETY).isAfter(d.leaseUntil())) {
                // Waited so long that the lease would not outlast the call: another engine could
                // claim it meanwhile. Given back to the store instead (due now), never sent late.
                buyer.permits().release();
                LOG.warn("delivery {} to {} waited past its lease for a slot; given back to the queue", d.id(),
                        buyer.name());
                // It is due again before anything routing would hand over now: keep the order.
                caughtUp.remove(buyer.id());
                stale.add(d);
                wake();
                continue;
            }
            if (!start(buyer, d)) {
                break; // the buyer's threads are gone (rebuilt or stopping): the rest wait for the next pump
            }
        }
        roomMade(buyer, line);
    }

    /** Moves every delivery waiting in a line to the ones the store gets back. */
    private void giveBackLine(Line line) {
        for (DueDelivery d; (d = line.queue.poll()) != null; ) {
            line.size.decrementAndGet();
            stale.add(d);
        }
    }

    /** Wakes the dispatcher (and routing, if it waits) when the buyer's line has room for a refill. */
    private void roomMade(LiveBuyer buyer, Line line) {
        int room = room(buyer, line);
        int concurrency = buyer.definition().concurrency();
        if (room >= refillAt(concurrency) && waitingForRoom.remove(buyer.id())) {
            wake(); // the buyer was full: claim its next batch now, not at the idle poll
        }
        if (room >= routeAt(concurrency) && caughtUp.contains(buyer.id())
                && routingWaits.compareAndSet(true, false)) {
            wakeRouting.run();
        }
    }

    /**
     * Starts the attempt of a claimed delivery on a slot already taken for it; false if the buyer's
     * threads refuse it (the buyer was just rebuilt, or the engine is stopping): the delivery is
     * then given back to the store, due at once.
     */
    private boolean start(LiveBuyer buyer, DueDelivery d) {
        inFlight.incrementAndGet();
        buyerOf.put(d.id(), buyer.id());
        try {
            buyer.sender().execute(() -> attempt(buyer, d));
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            buyer.permits().release();
            inFlight.decrementAndGet();
            buyerOf.remove(d.id());
            stale.add(d);
            wake();
            return false;
        }
    }

    /** Gives back to the store the claimed deliveries that will not be sent by this engine. */
    private void releaseStale() {
        if (stale.isEmpty()) {
            return;
        }
        List<DueDelivery> back = new ArrayList<>();
        for (DueDelivery d; (d = stale.poll()) != null; ) {
            back.add(d);
        }
        try {
            deliveries.release(back, clock.instant());
        } catch (StoreException e) {
            // Their leases run out and bring them back all the same, only later.
            LOG.warn("could not give back {} claimed deliveries: {}", back.size(), e.getMessage());
        }
    }

    private void attempt(LiveBuyer buyer, DueDelivery d) {
        try {
            results.add(attemptNow(buyer, d).underClaim(d.attempt()));
        } catch (RuntimeException e) {
            // A defect must not lose the delivery: its lease brings it back, and the log says why.
            LOG.error("delivery {} to {} failed unexpectedly", d.id(), buyer.name(), e);
        } finally {
            slotFreed(buyer);
        }
    }

    private void slotFreed(LiveBuyer buyer) {
        buyer.permits().release();
        inFlight.decrementAndGet();
        // The buyer may have been rebuilt (settings changed) meanwhile: its line goes on with the new
        // one. Looked up without touching the store, so a store hiccup cannot skip this pump.
        LiveBuyer now = directory.cached(buyer.id()).orElse(buyer);
        pump(now, lineOf(now.id()));
    }

    DeliveryResult attemptNow(LiveBuyer buyer, DueDelivery d) {
        Instant now = clock.instant();
        CircuitBreaker breaker = buyer.breaker();
        if (!breaker.tryAcquirePermission()) {
            return breakerOpen(buyer, d, now);
        }
        Mapping mapping = directory.mappingFor(buyer, d.mappingVersion()).orElse(null);
        if (mapping == null) {
            breaker.onIgnored();
            return failedWithoutAttempt(buyer, d, ErrorClass.CONFIGURATION,
                    "mapping version " + d.mappingVersion() + " of " + buyer.name() + " cannot be read");
        }
        RenderedPayload payload = mappingEngine.render(d.lead().fields(), mapping);
        if (!payload.ok()) {
            breaker.onIgnored();
            String why = payload.errors().stream().map(i -> i.field() + ": " + i.message())
                    .collect(Collectors.joining("; "));
            return failedWithoutAttempt(buyer, d, ErrorClass.INVALID_PAYLOAD, "payload for " + buyer.name()
                    + " not sent: " + why);
        }
        List<AttemptRecord> log = new ArrayList<>(2);
        Transmission.Exchange ex = Transmission.send(buyer, mapping, payload, buyer.definition().productionUrl(),
                d.idempotencyKey(), clock);
        buyer.counters().sent.increment();
        if (ex.droppedKeptAlive()) {
            // The buyer (or a proxy before it) closed a kept-alive connection just as it was reused:
            // the keep-alive race every HTTP client meets, not a sign of the buyer's health, so it
            // neither waits for a retry nor counts against the breaker. Once more at once, on a
            // connection of its own: the pool may hold more connections the buyer closed together
            // (a load test once met two in a row, and ten such pairs opened a healthy buyer's
            // breaker), so only a reset of a new connection says something about the buyer. Both
            // sends are logged, and the idempotency key makes the second one safe.
            log.add(record(d.attempt(), ex));
            buyer.client().connectionPool().evictAll();
            ex = Transmission.send(buyer, mapping, payload, buyer.definition().productionUrl(), d.idempotencyKey(),
                    clock, true);
            buyer.counters().sent.increment();
        }
        if (ex.unauthorized() && ex.sentRequest() != null && buyer.auth().refreshAfterUnauthorized(ex.sentRequest())) {
            // OAuth: the token may have been revoked early. One refresh, one more try, both logged.
            log.add(record(d.attempt(), ex));
            ex = Transmission.send(buyer, mapping, payload, buyer.definition().productionUrl(), d.idempotencyKey(),
                    clock);
            buyer.counters().sent.increment();
        }
        log.add(record(d.attempt(), ex));
        return outcome(buyer, d, ex, log);
    }

    private DeliveryResult outcome(LiveBuyer buyer, DueDelivery d, Transmission.Exchange ex, List<AttemptRecord> log) {
        CircuitBreaker breaker = buyer.breaker();
        ResponseVerdict v = ex.verdict();
        if (v != null && v.drift()) {
            buyer.counters().drift.increment();
            LOG.warn("buyer {} answered in an unfamiliar shape: {}", buyer.name(), v.driftNote());
        }
        if (v != null && v.outcome() != Outcome.ERROR) {
            breaker.onSuccess();
            String id = v.buyerLeadId();
            BigDecimal price = v.price() != null ? v.price() : buyer.definition().price();
            switch (v.outcome()) {
                case ACCEPTED -> {
                    buyer.counters().accepted.increment();
                    if (buyer.definition().mode() == BuyerDefinition.DeliveryMode.ASYNC) {
                        BuyerDefinition.AsyncSettings async = buyer.definition().async();
                        Instant now = clock.instant();
                        Instant until = now.plus(async.reconcileAfter());
                        Instant next = async.statusUrl() == null ? until : min(now.plus(async.pollEvery()), until);
                        return new DeliveryResult(d.id(), d.leadId(), DeliveryStatus.AWAITING, log, next, id, price,
                                null, null, "acknowledged", buyer.name() + " acknowledged" + idText(id)
                                + "; its final word is due by " + until, until);
                    }
                    return result(d, DeliveryStatus.ACCEPTED, log, null, id, price, null, null, "delivered",
                            "sold to " + buyer.name() + " for " + price.toPlainString() + idText(id)
                                    + " (attempt " + d.attempt() + ")");
                }
                case DUPLICATE -> {
                    buyer.counters().rejected.increment();
                    return result(d, DeliveryStatus.DUPLICATE, log, null, id, null, reason(v, "duplicate"), null,
                            "delivery_duplicate", buyer.name() + " already has this lead");
                }
                default -> {
                    buyer.counters().rejected.increment();
                    String why = reason(v, "rejected");
                    return result(d, DeliveryStatus.REJECTED, log, null, id, null, why, null, "delivery_rejected",
                            buyer.name() + " rejected it: " + why);
                }
            }
        }
        ErrorClass error = ex.errorClass();
        buyer.counters().errors.increment();
        if (CircuitBreaker.countsAsFailure(error)) {
            breaker.onFailure(error);
        } else {
            breaker.onIgnored();
        }
        String message = ex.errorMessage() != null ? ex.errorMessage()
                : "HTTP " + ex.status() + (v != null && v.reason() != null ? ": " + v.reason() : "");
        RetryDecision decision = buyer.definition().retry().decide(error, d.attempt(), d.lead().receivedAt(),
                clock.instant(), ex.retryAfter(), random);
        if (decision instanceof RetryDecision.Retry r) {
            return result(d, DeliveryStatus.RETRY, log, r.at(), null, null, message, error.wireName(),
                    "retry_scheduled", buyer.name() + ": " + error.wireName() + " (" + message + "); attempt "
                            + (d.attempt() + 1) + " at " + r.at() + " — " + r.why());
        }
        RetryDecision.GiveUp g = (RetryDecision.GiveUp) decision;
        return result(d, DeliveryStatus.FAILED, log, null, null, null, g.reason() + ": " + message, error.wireName(),
                "delivery_failed", buyer.name() + ": " + error.wireName() + " (" + message + "); " + g.message());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    // ------------------------------------------------------------ asynchronous buyers

    /** Claims the async buyer's acknowledged deliveries whose status check (or deadline) is due. */
    private int dispatchAwaiting(LiveBuyer buyer, Instant now) {
        // Slots taken first (the line's pump takes them from sender threads too), then only as
        // many checks claimed; what the claim does not use goes back.
        int taken = 0;
        while (taken < CLAIM_MAX && buyer.permits().tryAcquire()) {
            taken++;
        }
        if (taken == 0) {
            return 0;
        }
        Instant lease = leaseFrom(buyer, now);
        List<DeliveryRepository.AwaitingDelivery> due;
        try {
            due = deliveries.claimAwaiting(buyer.id(), taken, now, lease);
        } catch (RuntimeException e) {
            buyer.permits().release(taken);
            throw e;
        }
        if (due.size() < taken) {
            buyer.permits().release(taken - due.size());
        }
        for (DeliveryRepository.AwaitingDelivery a : due) {
            inFlight.incrementAndGet();
            buyerOf.put(a.id(), buyer.id());
            try {
                buyer.sender().execute(() -> {
                    try {
                        results.add(checkAwaiting(buyer, a).underClaim(a.attempts()));
                    } catch (RuntimeException e) {
                        LOG.error("status check of delivery {} at {} failed unexpectedly", a.id(), buyer.name(), e);
                    } finally {
                        slotFreed(buyer);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                buyer.permits().release();
                inFlight.decrementAndGet();
            }
        }
        return due.size();
    }

    /**
     * Asks the buyer's status URL about an acknowledged delivery. A final answer (accepted, rejected,
     * duplicate: a response rule matched) settles it; anything else (still pending, an error, an
     * unfamiliar shape) waits for the next check, until the reconciliation deadline applies the
     * buyer's {@code onTimeout} policy.
     */
    DeliveryResult checkAwaiting(LiveBuyer buyer, DeliveryRepository.AwaitingDelivery a) {
        BuyerDefinition.AsyncSettings async = buyer.definition().async();
        Instant now = clock.instant();
        List<AttemptRecord> log = new ArrayList<>(1);
        if (async.statusUrl() != null) {
            Transmission.Exchange ex = Transmission.checkStatus(buyer, async.statusUrl(), a.buyerLeadId(),
                    a.idempotencyKey(), clock);
            log.add(record(a.attempts(), ex));
            ResponseVerdict v = ex.verdict();
            if (v != null && !v.drift() && v.outcome() != Outcome.ERROR) {
                return settle(buyer, a, v.outcome(), log, v.reason(), v.price(), "the buyer's status says "
                        + v.outcome().wireName());
            }
        }
        boolean overdue = a.awaitingUntil() == null || !now.isBefore(a.awaitingUntil());
        if (!overdue) {
            Instant next = async.statusUrl() == null ? a.awaitingUntil()
                    : min(now.plus(async.pollEvery()), a.awaitingUntil());
            return new DeliveryResult(a.id(), a.leadId(), DeliveryStatus.AWAITING, log, next, null, null, null, null,
                    null, null);
        }
        Outcome policy = switch (async.onTimeout()) {
            case "accepted" -> Outcome.ACCEPTED;
            case "rejected" -> Outcome.REJECTED;
            default -> Outcome.ERROR;
        };
        return settle(buyer, a, policy, log, "no final word from " + buyer.name() + " within "
                + io.leadwire.delivery.retry.Durations.format(async.reconcileAfter()), null,
                "reconciliation deadline passed; policy " + async.onTimeout());
    }

    private DeliveryResult settle(LiveBuyer buyer, DeliveryRepository.AwaitingDelivery a, Outcome outcome,
                                  List<AttemptRecord> log, String reason, BigDecimal price, String how) {
        return switch (outcome) {
            case ACCEPTED -> new DeliveryResult(a.id(), a.leadId(), DeliveryStatus.ACCEPTED, log, null, null,
                    price, null, null, "delivered", "sold to " + buyer.name() + idText(a.buyerLeadId()) + " (" + how
                    + ")");
            case DUPLICATE -> new DeliveryResult(a.id(), a.leadId(), DeliveryStatus.DUPLICATE, log, null, null, null,
                    reason == null ? "duplicate" : reason, null, "delivery_duplicate", buyer.name()
                    + " already had this lead (" + how + ")");
            case REJECTED -> new DeliveryResult(a.id(), a.leadId(), DeliveryStatus.REJECTED, log, null, null, null,
                    reason == null ? "rejected" : reason, null, "delivery_rejected", buyer.name() + " rejected it: "
                    + (reason == null ? "rejected" : reason) + " (" + how + ")");
            default -> new DeliveryResult(a.id(), a.leadId(), DeliveryStatus.FAILED, log, null, null, null,
                    "reconcile_timeout: " + reason, "reconcile_timeout", "delivery_failed", reason + " (" + how
                    + "); moving on to the next buyer");
        };
    }

    /** The breaker refuses calls: wait for its probe if the lead's age allows, else move on. */
    private DeliveryResult breakerOpen(LiveBuyer buyer, DueDelivery d, Instant now) {
        Instant probe = buyer.breaker().retryAt();
        Instant budget = d.lead().receivedAt().plus(buyer.definition().retry().leadAgeBudget());
        if (probe != null && probe.isBefore(budget)) {
            return result(d, DeliveryStatus.RETRY, List.of(), probe, null, null, "breaker open", "breaker_open", null,
                    null);
        }
        return result(d, DeliveryStatus.FAILED, List.of(), null, null, null,
                "breaker_open: " + buyer.name() + " is not taking calls", "breaker_open", "delivery_failed",
                buyer.name() + "'s circuit breaker is open; moving on to the next buyer");
    }

    private DeliveryResult failedWithoutAttempt(LiveBuyer buyer, DueDelivery d, ErrorClass error, String message) {
        buyer.counters().errors.increment();
        return result(d, DeliveryStatus.FAILED, List.of(), null, null, null, message, error.wireName(),
                "delivery_failed", message);
    }

    private static String reason(ResponseVerdict v, String fallback) {
        return v.reason() == null || v.reason().isBlank() ? fallback : v.reason();
    }

    private static String idText(String buyerLeadId) {
        return buyerLeadId == null ? "" : " (their id " + buyerLeadId + ")";
    }

    private DeliveryResult result(DueDelivery d, DeliveryStatus status, List<AttemptRecord> log, Instant next,
                                  String buyerLeadId, BigDecimal price, String reason, String errorClass,
                                  String eventType, String eventDetail) {
        return new DeliveryResult(d.id(), d.leadId(), status, log, next, buyerLeadId, price, reason, errorClass,
                eventType, eventDetail);
    }

    private static AttemptRecord record(int attempt, Transmission.Exchange ex) {
        ResponseVerdict v = ex.verdict();
        String outcome = v != null ? v.outcome().wireName() : "error";
        ErrorClass ec = ex.errorClass();
        return new AttemptRecord(attempt, ex.startedAt(), ex.latencyMs(), ex.method(), ex.maskedUrl(),
                ex.requestHeaderText(), ex.body(), ex.status(), ex.responseHeaderText(), ex.responseBody(), outcome,
                ec == null ? null : ec.wireName(), ex.errorMessage(), v != null && v.drift(),
                v == null ? null : v.driftNote());
    }

    /**
     * Sends one lead to the buyer's sandbox endpoint now, outside the pipeline: nothing is stored,
     * no cap is used and the breaker is not touched. For "send test lead" on the Buyers screen.
     * Blocking (up to the buyer's call timeout): never call it on the FX thread.
     */
    public TestSendResult testSend(String buyerId, Map<String, String> leadFields) {
        LiveBuyer buyer = directory.byId(buyerId).orElse(null);
        if (buyer == null) {
            String why = directory.problemOf(buyerId).orElse("the buyer is not ready to receive leads");
            return TestSendResult.notSent(why, ErrorClass.CONFIGURATION, List.of());
        }
        String sandbox = buyer.definition().sandboxUrl();
        if (sandbox == null) {
            return TestSendResult.notSent(buyer.name() + " has no sandbox endpoint: add \"sandbox\" under "
                    + "\"endpoints\" in its settings", ErrorClass.CONFIGURATION, List.of());
        }
        RenderedPayload payload = mappingEngine.render(leadFields, buyer.mapping());
        if (!payload.ok()) {
            return TestSendResult.notSent("the payload has errors; nothing was sent", ErrorClass.INVALID_PAYLOAD,
                    payload.errors().stream().map(i -> i.field() + ": " + i.message()).toList());
        }
        Transmission.Exchange ex = Transmission.send(buyer, buyer.mapping(), payload, sandbox,
                "test-" + java.util.UUID.randomUUID(), clock);
        String request = TestSendResult.httpText(ex.method(), ex.maskedUrl(), ex.maskedHeaders(), ex.body());
        String response = null;
        if (ex.status() != null) {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(ex.status()).append('\n');
            String headers = ex.responseHeaderText();
            sb.append(headers == null ? "" : headers).append('\n').append(ex.responseBody());
            response = sb.toString();
        }
        return new TestSendResult(ex.sentRequest() != null, ex.maskedUrl(), request, ex.status(), response,
                ex.verdict(), ex.errorClass(), ex.errorMessage(), ex.latencyMs(), List.of());
    }

    // ------------------------------------------------------------ recording

    private void recordLoop() {
        List<DeliveryResult> batch = new ArrayList<>(RECORD_MAX);
        while (running || !results.isEmpty() || (inFlight.get() > 0 && !drained)) {
            try {
                DeliveryResult first = results.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                // Let the attempts finishing meanwhile join this commit: at a few hundred deliveries
                // a second, a commit per result would be one more store commit per lead competing
                // with intake, quality, routing and claims. While results keep coming fast the
                // gather goes on (up to RECORD_GATHER_MAX_MILLIS): every commit makes H2 write the
                // pages changed since the last one, and fewer, larger commits write each hot page
                // fewer times. The buyer already has the lead; only its record waits, and its lease
                // covers a crash meanwhile.
                long gathered = 0;
                int seen = results.size();
                while (running && seen < RECORD_MAX - 1 && gathered < RECORD_GATHER_MAX_MILLIS) {
                    TimeUnit.MILLISECONDS.sleep(RECORD_GATHER_MILLIS);
                    gathered += RECORD_GATHER_MILLIS;
                    int now = results.size();
                    if (now - seen < RECORD_GATHER_BUSY) {
                        break;
                    }
                    seen = now;
                }
                results.drainTo(batch, RECORD_MAX - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<DeliveryResult> batch) throws InterruptedException {
        while (true) {
            try {
                java.util.Set<DeliveryResult> dropped = java.util.Collections.newSetFromMap(
                        new java.util.IdentityHashMap<>());
                List<LeadChange> changes = deliveries.record(batch, clock.instant(), dropped::add);
                publish(batch, changes, dropped);
                return;
            } catch (StoreException e) {
                // Keep the results: the deliveries stay leased until they are written, and
                // writing them later is exactly as good as now.
                LOG.warn("could not record {} delivery results, retrying: {}", batch.size(), e.getMessage());
                TimeUnit.SECONDS.sleep(1);
                if (!running && Thread.currentThread().isInterrupted()) {
                    return;
                }
            }
        }
    }

    /**
     * Announces what was recorded. A result the store dropped (its claim was lost) announces no
     * delivery change, since the delivery's state is another engine's or a callback's; the
     * requests it made are still counted.
     */
    private void publish(List<DeliveryResult> batch, List<LeadChange> changes, java.util.Set<DeliveryResult> dropped) {
        boolean waterfall = false;
        for (DeliveryResult r : batch) {
            String buyerId = buyerOf.remove(r.deliveryId());
            if (!dropped.contains(r)) {
                events.publish(new DeliveryChangedEvent(r.deliveryId(), r.leadId(), buyerId, r.status()));
            }
            String name = buyerId == null ? "unknown" : directory.nameOf(buyerId);
            for (AttemptRecord a : r.attempts()) {
                events.publish(new DeliveryAttemptEvent(name, a.outcome(), a.errorClass(),
                        a.latencyMs() == null ? 0 : a.latencyMs()));
            }
        }
        for (LeadChange c : changes) {
            events.publish(new LeadStatusChangedEvent(c.leadId(), null, c.status()));
            waterfall |= c.status() == LeadStatus.ACCEPTED;
        }
        if (waterfall) {
            wakeRouting.run();
        }
        boolean retries = batch.stream().anyMatch(r -> r.status() == DeliveryStatus.RETRY && !dropped.contains(r));
        if (retries) {
            wake();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops claiming, gives the deliveries waiting in the buyers' lines back to the store (due at
     * once, for the next start or another engine), lets the attempts in flight finish and writes
     * their results, all within {@code drain} in total. Whatever is still on the wire after that
     * keeps its lease and is sent again on the next start, with the same idempotency key; no
     * result is written for it.
     */
    public void close(Duration drain) {
        long deadline = System.nanoTime() + drain.toNanos();
        // The recorder's last commit gets the end of the drain, so results in hand are never
        // dropped because a slow call used up all of it.
        long recordReserve = Math.min(TimeUnit.SECONDS.toNanos(2), drain.toNanos() / 4);
        running = false;
        wake.release();
        try {
            dispatcher.join(millisUntil(deadline - recordReserve));
            lines.values().forEach(this::giveBackLine);
            releaseStale();
            while (inFlight.get() > 0 && System.nanoTime() < deadline - recordReserve) {
                Thread.sleep(20);
            }
            int abandoned = inFlight.get();
            if (abandoned > 0) {
                LOG.warn("{} delivery attempts still on the wire after the drain; they keep their lease and are "
                        + "sent again (same idempotency key) once it runs out", abandoned);
            }
            // The recorder writes what it holds and stops; it no longer waits for those calls.
            drained = true;
            recorder.join(millisUntil(deadline));
            if (recorder.isAlive()) {
                LOG.warn("delivery results not all written within the drain; their deliveries keep their lease");
            }
            // A routing commit that ended after the first drain may have queued more meanwhile.
            lines.values().forEach(this::giveBackLine);
            releaseStale();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Milliseconds to wait until {@code deadline} (a nanoTime), at least 1: a join of 0 waits forever. */
    private static long millisUntil(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(15));
    }
}
