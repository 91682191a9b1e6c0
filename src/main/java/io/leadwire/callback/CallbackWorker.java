package io.leadwire.callback;

import io.leadwire.lead.CallbackProcessedEvent;
import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.store.CallbackRepository;
import io.leadwire.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies stored callback events in the background: woken by the endpoint after each commit,
 * and every {@value #IDLE_POLL_MILLIS} ms otherwise (events stored by another engine process, or
 * left pending by a crash). Claims with {@code FOR UPDATE SKIP LOCKED}, so several engines on one
 * database share the work without applying an event twice.
 *
 * <p>Events are published after the commit: the lead moves (a returned lead back to routing
 * wakes the routing stage), the deliveries a final word settled, and one
 * {@link CallbackProcessedEvent} per event for the console.
 */
public final class CallbackWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackWorker.class);
    static final int BATCH = 64;
    static final long IDLE_POLL_MILLIS = 500;
    /**
     * How long a wake-up lets further events gather before the claim. Each event is woken for;
     * claiming at once under a steady stream made one transaction (and one store write) per event,
     * competing with the endpoint's own commits for the same cores. The buyer has its answer
     * already; only the applying waits.
     */
    static final long GATHER_MILLIS = 20;

    private final CallbackRepository store;
    private final CallbackApplier applier;
    private final CallbackBuyers buyers;
    private final EventBus events;
    private final Clock clock;
    private final Semaphore wake = new Semaphore(0);
    private final Thread worker;
    private volatile boolean running = true;

    public CallbackWorker(CallbackRepository store, CallbackApplier applier, CallbackBuyers buyers, EventBus events,
                          Clock clock) {
        this.store = store;
        this.applier = applier;
        this.buyers = buyers;
        this.events = events;
        this.clock = clock;
        this.worker = new Thread(this::run, "callback-worker");
        this.worker.setDaemon(true);
    }

    public CallbackWorker start() {
        worker.start();
        return this;
    }

    /** An event was committed: apply it now rather than at the next idle poll. */
    public void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void run() {
        while (running) {
            try {
                if (applyPending() == BATCH) {
                    continue;
                }
                if (wake.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS) && running) {
                    TimeUnit.MILLISECONDS.sleep(GATHER_MILLIS);
                }
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                LOG.warn("callback worker could not reach the store: {}", e.getMessage());
                sleepQuietly();
            } catch (RuntimeException e) {
                LOG.error("callback worker failed; the events stay pending and are applied again", e);
                sleepQuietly();
            }
        }
    }

    /** Applies one batch of pending events; returns how many were handled. */
    int applyPending() {
        List<CallbackRepository.Processed> done = store.processPending(BATCH, clock.instant(), applier);
        for (CallbackRepository.Processed p : done) {
            String buyer = buyers.byId(p.event().buyerId()).map(CallbackBuyers.CallbackBuyer::name)
                    .orElse(p.event().buyerId());
            CallbackRepository.Verdict v = p.verdict();
            if (!CallbackRepository.APPLIED.equals(v.state())) {
                LOG.info("callback {} of {} {}: {}", p.event().eventId(), buyer, v.state(), v.note());
            }
            for (CallbackRepository.DeliveryMove m : p.deliveries()) {
                events.publish(new DeliveryChangedEvent(m.deliveryId(), m.leadId(), m.buyerId(), m.status()));
            }
            for (CallbackRepository.LeadMove m : p.leads()) {
                events.publish(new LeadStatusChangedEvent(m.leadId(), null, m.status()));
            }
            events.publish(new CallbackProcessedEvent(buyer, kindOf(p.event().type()), v.state(), v.leadId(),
                    v.note()));
        }
        return done.size();
    }

    private static String kindOf(String type) {
        CallbackApplier.Kind k = CallbackApplier.Kind.of(type);
        return k == null ? (type == null ? "status" : "unknown") : k.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the batch in hand; pending events stay stored and are applied on the next start. */
    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    /** {@link #close()} waiting at most {@code wait} for the batch in hand. */
    public void close(Duration wait) {
        running = false;
        wake.release();
        try {
            worker.join(Math.max(1, wait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
