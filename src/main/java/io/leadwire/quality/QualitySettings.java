package io.leadwire.quality;

import io.leadwire.store.LiveSetting;
import io.leadwire.store.SettingsRepository;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The quality policy in force for this engine: loaded from the store's {@code "quality"} settings
 * document at start (the shipped defaults while none was saved), changed by {@link #update}, and
 * read by the quality stage for every batch, so a saved change applies to the next batch.
 *
 * <p>Changes saved by another engine process on the same database arrive when the engine's
 * {@link io.leadwire.store.SettingsWatcher} next looks (every few seconds).
 */
public final class QualitySettings implements Supplier<QualityPolicy> {
    /** The settings document's name in the store. */
    public static final String NAME = "quality";

    private final LiveSetting<QualityPolicy> live;

    /** Loads the stored policy now. */
    public QualitySettings(SettingsRepository repository, Clock clock) {
        this.live = new LiveSetting<>(repository, new QualityPolicyCodec(), clock);
    }

    /** The policy in force. */
    public QualityPolicy current() {
        return live.current();
    }

    @Override
    public QualityPolicy get() {
        return live.current();
    }

    /** The policy in force with its version, who saved it and when, and any problem of the stored document. */
    public LiveSetting.Snapshot<QualityPolicy> snapshot() {
        return live.snapshot();
    }

    /**
     * Saves {@code policy} as the next version and puts it in force at once.
     *
     * @param expectedVersion the version the operator started from ({@link LiveSetting.Snapshot#version()})
     * @throws io.leadwire.store.SettingsRepository.StaleSettingException when someone saved in between
     */
    public LiveSetting.Snapshot<QualityPolicy> update(QualityPolicy policy, String operator, long expectedVersion) {
        return live.update(policy, operator, expectedVersion);
    }

    /** Saves over whatever version is in force. */
    public LiveSetting.Snapshot<QualityPolicy> update(QualityPolicy policy, String operator) {
        return live.update(policy, operator);
    }

    /** Calls {@code listener} with each new policy (saved here or seen from another process). */
    public AutoCloseable subscribe(Consumer<LiveSetting.Snapshot<QualityPolicy>> listener) {
        return live.subscribe(listener);
    }

    /** The underlying live setting, to register with a {@link io.leadwire.store.SettingsWatcher}. */
    public LiveSetting<QualityPolicy> live() {
        return live;
    }
}
