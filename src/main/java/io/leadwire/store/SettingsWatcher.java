package io.leadwire.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link LiveSetting}s of one engine process in step with changes other processes save
 * on the same database: every few seconds one query reads all document versions, and only a
 * section whose version grew is read again. So a change made in one console reaches {@code serve}
 * and the other consoles within {@link #DEFAULT_INTERVAL}; in its own process it applies at once.
 */
public final class SettingsWatcher implements AutoCloseable {
    /** How often other processes' changes are looked for. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(3);
    private static final Logger LOG = LoggerFactory.getLogger(SettingsWatcher.class);

    private final SettingsRepository repository;
    private final List<LiveSetting<?>> settings = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;

    public SettingsWatcher(SettingsRepository repository) {
        this.repository = repository;
    }

    /** Adds a section to keep in step. */
    public <T> LiveSetting<T> watch(LiveSetting<T> setting) {
        settings.add(setting);
        return setting;
    }

    /** Looks for newer versions now; returns how many sections changed. */
    public int checkNow() {
        Map<String, Long> versions = repository.versions();
        int changed = 0;
        for (LiveSetting<?> s : settings) {
            if (s.refreshIfNewer(versions)) {
                changed++;
            }
        }
        return changed;
    }

    /** Checks every {@code interval} on a daemon thread until closed. */
    public synchronized SettingsWatcher start(Duration interval) {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "settings-watcher");
                t.setDaemon(true);
                return t;
            });
            long millis = interval.toMillis();
            timer.scheduleWithFixedDelay(this::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            // The settings in force stay; the next round tries again.
            LOG.warn("could not look for settings changes: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }
}
