package io.leadwire.ui;

import io.leadwire.lead.DeliveryChangedEvent;
import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EngineState;
import io.leadwire.lead.EngineStateEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.lead.IntakeRefusedEvent;
import io.leadwire.lead.LeadReceivedEvent;
import io.leadwire.lead.LeadStatusChangedEvent;
import io.leadwire.lead.StoreChangedEvent;
import io.leadwire.lead.VendorChangedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's one subscription to the engine's events. Events are only counted on the
 * publishing thread; every 100 ms whatever accumulated goes to the FX thread as one
 * {@link Batch}, and never a second batch while one is still waiting there. So at 500 leads/s
 * the screens see at most ten updates a second.
 */
public final class FxEventBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FxEventBridge.class);
    public static final long FLUSH_MILLIS = 100;

    /**
     * What happened since the last batch; {@code leadsReceived} counts new leads and status changes alike,
     * {@code deliveriesChanged} the delivery attempts recorded (any buyer).
     */
    public record Batch(int leadsReceived, int refusals, boolean vendorsChanged, EngineState engineState,
                        int deliveriesChanged) {
        /** A batch without delivery changes. */
        public Batch(int leadsReceived, int refusals, boolean vendorsChanged, EngineState engineState) {
            this(leadsReceived, refusals, vendorsChanged, engineState, 0);
        }

        public boolean isEmpty() {
            return leadsReceived == 0 && refusals == 0 && !vendorsChanged && engineState == null
                    && deliveriesChanged == 0;
        }
    }

    private final AtomicInteger leads = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicBoolean vendors = new AtomicBoolean();
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicReference<EngineState> state = new AtomicReference<>();
    private final AtomicBoolean waitingOnFx = new AtomicBoolean();
    private final List<Consumer<Batch>> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<Runnable> fxThread;
    private final AutoCloseable subscription;
    private ScheduledExecutorService ticker;

    /**
     * @param fxThread how to run a task on the FX thread ({@code Platform::runLater} in the console)
     */
    public FxEventBridge(EventBus events, Consumer<Runnable> fxThread) {
        this.fxThread = fxThread;
        this.subscription = events.subscribe(this::onEvent);
    }

    /** Starts the 100 ms flush timer. */
    public FxEventBridge start() {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "console-event-bridge");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Listeners run on the FX thread. */
    public void addListener(Consumer<Batch> listener) {
        listeners.add(listener);
    }

    private void onEvent(EngineEvent event) {
        if (event instanceof LeadReceivedEvent || event instanceof LeadStatusChangedEvent) {
            // A judged lead changes what the feed shows just as a new one does.
            leads.incrementAndGet();
        } else if (event instanceof IntakeRefusedEvent) {
            refusals.incrementAndGet();
        } else if (event instanceof VendorChangedEvent) {
            vendors.set(true);
        } else if (event instanceof DeliveryChangedEvent) {
            deliveries.incrementAndGet();
        } else if (event instanceof StoreChangedEvent) {
            // Another engine (or an admin command) changed leads or deliveries in the shared store.
            leads.incrementAndGet();
            deliveries.incrementAndGet();
        } else if (event instanceof EngineStateEvent) {
            state.set(((EngineStateEvent) event).state());
        }
    }

    /** Hands what accumulated to the FX thread, unless the previous batch is still queued there. */
    void flush() {
        if (waitingOnFx.get()) {
            return;
        }
        Batch batch = new Batch(leads.getAndSet(0), refusals.getAndSet(0), vendors.getAndSet(false),
                state.getAndSet(null), deliveries.getAndSet(0));
        if (batch.isEmpty()) {
            return;
        }
        waitingOnFx.set(true);
        fxThread.accept(() -> {
            waitingOnFx.set(false);
            for (Consumer<Batch> listener : listeners) {
                try {
                    listener.accept(batch);
                } catch (RuntimeException e) {
                    LOG.warn("console event listener failed", e);
                }
            }
        });
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("could not unsubscribe: {}", e.toString());
        }
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
