package io.leadwire.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current value of one named settings section, kept in memory and in step with the store.
 *
 * <p>Reading {@link #current()} is a volatile read, cheap enough for every batch of the pipeline.
 * {@link #update} validates, saves (checked against the version the editor started from) and
 * notifies at once; changes saved by other engine processes on the same database arrive through
 * {@link #refreshIfNewer(Map)}, which a {@link SettingsWatcher} calls every few seconds.
 *
 * <p>A stored document that no longer reads (e.g. edited by hand) never stops the engine: the
 * last good value stays in force (the defaults at start), and {@link Snapshot#loadProblems()}
 * says what is wrong so the console can show it.
 *
 * @param <T> the immutable settings value
 */
public final class LiveSetting<T> {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSetting.class);

    private final SettingsRepository repository;
    private final SettingsCodec<T> codec;
    private final Clock clock;
    private final List<Consumer<Snapshot<T>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot<T> snapshot;

    /**
     * The value in force with where it came from.
     *
     * @param version      the stored version, 0 while nothing was saved
     * @param updatedAt    when it was saved, or null for the defaults
     * @param updatedBy    who saved it, or null for the defaults
     * @param loadProblems why the stored document of {@code version} could not be used (then
     *                     {@code value} is the last good one, the defaults at start), else empty
     */
    public record Snapshot<T>(T value, long version, Instant updatedAt, String updatedBy,
                              List<SettingsProblem> loadProblems) {
        public Snapshot {
            Objects.requireNonNull(value, "value");
            loadProblems = List.copyOf(loadProblems);
        }

        /** Whether no document was saved yet and the defaults apply. */
        public boolean isDefault() {
            return version == 0;
        }
    }

    /** Loads the stored document now (the defaults when there is none). */
    public LiveSetting(SettingsRepository repository, SettingsCodec<T> codec, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshot = new Snapshot<>(codec.defaults(), 0, null, null, List.of());
        reload();
    }

    public String name() {
        return codec.name();
    }

    public SettingsCodec<T> codec() {
        return codec;
    }

    /** The value in force. */
    public T current() {
        return snapshot.value();
    }

    /** The value in force with its version and who saved it. */
    public Snapshot<T> snapshot() {
        return snapshot;
    }

    /**
     * Saves {@code value} as the next version and puts it in force.
     *
     * @param expectedVersion the version the operator started editing from
     * @throws InvalidSettingsException           when the value does not survive its own codec
     * @throws SettingsRepository.StaleSettingException when someone else saved in the meantime
     */
    public synchronized Snapshot<T> update(T value, String operator, long expectedVersion) {
        String json = codec.write(value);
        T checked = codec.read(json);
        SettingsRepository.StoredSetting stored = repository.save(codec.name(), json, expectedVersion, operator,
                clock.instant());
        Snapshot<T> next = new Snapshot<>(checked, stored.version(), stored.updatedAt(), stored.updatedBy(), List.of());
        apply(next);
        LOG.info("settings '{}' version {} saved by {}", codec.name(), stored.version(), stored.updatedBy());
        return next;
    }

    /** Saves over whatever version is in force now. */
    public Snapshot<T> update(T value, String operator) {
        return update(value, operator, snapshot.version());
    }

    /**
     * Re-reads the document when {@code versions} (from {@link SettingsRepository#versions()})
     * shows a newer one than the value in force.
     *
     * @return whether a newer version was found
     */
    public boolean refreshIfNewer(Map<String, Long> versions) {
        Long stored = versions.get(codec.name());
        if (stored == null || stored <= snapshot.version()) {
            return false;
        }
        reload();
        return true;
    }

    /** Calls {@code listener} with every new snapshot, on the thread that made it; close to stop. */
    public AutoCloseable subscribe(Consumer<Snapshot<T>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized void reload() {
        repository.find(codec.name()).ifPresent(stored -> {
            if (stored.version() <= snapshot.version()) {
                return;
            }
            Snapshot<T> next;
            try {
                next = new Snapshot<>(codec.read(stored.json()), stored.version(), stored.updatedAt(),
                        stored.updatedBy(), List.of());
                LOG.info("settings '{}' version {} saved by {} now in force", codec.name(), stored.version(),
                        stored.updatedBy());
            } catch (InvalidSettingsException e) {
                // Keep the value in force but take the stored version, so the document is not read
                // (and logged) again every round, and a save can replace it.
                LOG.error("settings '{}' version {} by {} cannot be used, keeping the settings in force: {}",
                        codec.name(), stored.version(), stored.updatedBy(), e.getMessage());
                next = new Snapshot<>(snapshot.value(), stored.version(), stored.updatedAt(), stored.updatedBy(),
                        e.problems());
            }
            apply(next);
        });
    }

    private void apply(Snapshot<T> next) {
        snapshot = next;
        for (Consumer<Snapshot<T>> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("a listener of settings '{}' failed: {}", codec.name(), e.toString());
            }
        }
    }
}
