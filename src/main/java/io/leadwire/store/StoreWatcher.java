package io.leadwire.store;

import io.leadwire.lead.EventBus;
import io.leadwire.lead.StoreChangedEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices changes other processes make to the shared store. An engine's own stages publish
 * events as they work, but a second engine on the same PostgreSQL (or an admin command on the
 * embedded one) writes rows this process hears nothing about. Every lead change adds a
 * lead_event row, so one look at its highest seq per interval (the primary key's last entry,
 * cheap at any size) says whether anything changed; if so a {@link StoreChangedEvent} tells the
 * console to refresh.
 */
public final class StoreWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreWatcher.class);

    private final DataSource dataSource;
    private final EventBus events;
    private final ScheduledExecutorService timer;
    private long last = -1;

    private StoreWatcher(DataSource dataSource, EventBus events) {
        this.dataSource = dataSource;
        this.events = events;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "store-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts looking every {@code interval}. */
    public static StoreWatcher start(DataSource dataSource, EventBus events, Duration interval) {
        StoreWatcher w = new StoreWatcher(dataSource, events);
        w.timer.scheduleWithFixedDelay(w::look, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    /** One look (the timer calls it; tests may too). */
    synchronized void look() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(seq) FROM lead_event")) {
            long now = rs.next() ? rs.getLong(1) : 0;
            if (last >= 0 && now != last) {
                events.publish(new StoreChangedEvent(now));
            }
            last = now;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("store watcher could not look: {}", e.toString());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** {@link #close()} waiting at most {@code wait} for a look in progress. */
    public void close(Duration wait) {
        timer.shutdown();
        try {
            timer.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
