package io.leadwire.metrics;

import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.lead.EngineEvent;
import io.leadwire.lead.EventBus;
import io.leadwire.store.FiguresRepository;
import io.leadwire.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the performance figures up to date in the background: every {@code interval} it adds
 * the leads, refusals, attempts and outcomes stored since its last look to their minute, hour and
 * day buckets; once an hour it prunes minute buckets older than {@link #MINUTES_KEPT} and hour
 * buckets older than {@link #HOURS_KEPT}. Breaker transitions are written for the timeline on the
 * same thread, so a breaker opening never waits on the database.
 */
public final class FiguresStage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FiguresStage.class);
    /** Minute buckets feed the last-hours charts and the alert rules. */
    public static final Duration MINUTES_KEPT = Duration.ofDays(3);
    /** Hour buckets feed charts up to a week or two; longer ranges read days (kept for good). */
    public static final Duration HOURS_KEPT = Duration.ofDays(120);
    private static final int BATCH = 5000;

    private final FiguresRepository figures;
    private final Clock clock;
    private final Duration interval;
    private final AutoCloseable subscription;
    private final ConcurrentLinkedQueue<FiguresRepository.BreakerRow> breakerChanges = new ConcurrentLinkedQueue<>();
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;
    private Instant nextPrune = Instant.MIN;

    public FiguresStage(FiguresRepository figures, EventBus events, Clock clock, Duration interval) {
        this.figures = figures;
        this.clock = clock;
        this.interval = interval;
        this.subscription = events.subscribe(this::onEvent);
    }

    private void onEvent(EngineEvent e) {
        if (e instanceof BreakerChangedEvent b) {
            breakerChanges.add(new FiguresRepository.BreakerRow(clock.instant(), b.buyerId(), b.from(), b.to(),
                    b.reason()));
            wake.release();
        }
    }

    public synchronized FiguresStage start() {
        if (thread == null) {
            running = true;
            thread = new Thread(this::loop, "figures");
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void loop() {
        while (running) {
            try {
                catchUp();
                if (wake.tryAcquire(interval.toMillis(), TimeUnit.MILLISECONDS)) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (StoreException e) {
                // The database is down or busy: figures lag, nothing is lost (the tails resume).
                LOG.warn("figures could not be updated: {}", e.getMessage());
                sleepQuietly();
            }
        }
    }

    /**
     * Adds everything stored so far (the loop does this every interval; tests and the benchmark
     * call it directly). Returns how many rows were added.
     */
    public int catchUp() {
        FiguresRepository.BreakerRow b;
        while ((b = breakerChanges.poll()) != null) {
            figures.recordBreaker(b);
        }
        int total = 0;
        int n;
        do {
            n = figures.catchUp(BATCH);
            total += n;
        } while (n > 0);
        Instant now = clock.instant();
        if (!now.isBefore(nextPrune)) {
            int pruned = figures.prune(now.minus(MINUTES_KEPT), now.minus(HOURS_KEPT));
            if (pruned > 0) {
                LOG.info("pruned {} old figure buckets", pruned);
            }
            nextPrune = now.plus(Duration.ofHours(1));
        }
        return total;
    }

    /** Look now rather than at the next interval. */
    public void wake() {
        wake.release();
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** {@link #close()} waiting at most {@code wait} for the round in hand. */
    public void close(Duration wait) {
        running = false;
        try {
            subscription.close();
        } catch (Exception e) {
            LOG.debug("unsubscribing the figures stage failed: {}", e.toString());
        }
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            // Woken, not interrupted: an interrupt inside a JDBC call could close H2's file channel.
            wake.release();
            try {
                t.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Breaker changes that came in while stopping still go into the timeline.
        FiguresRepository.BreakerRow b;
        while ((b = breakerChanges.poll()) != null) {
            try {
                figures.recordBreaker(b);
            } catch (StoreException e) {
                LOG.warn("a breaker change could not be recorded: {}", e.getMessage());
            }
        }
    }
}
