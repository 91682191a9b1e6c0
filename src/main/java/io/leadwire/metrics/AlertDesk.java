package io.leadwire.metrics;

import io.leadwire.store.AlertRepository;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.Escalation;
import io.leadwire.store.LiveSetting;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What the console does with alerts: read the log, acknowledge alerts in an operator's name, and
 * edit the rule settings (the SMTP password goes in sealed, never in clear).
 */
public final class AlertDesk {
    private final AlertRepository alerts;
    private final LiveSetting<AlertSettings> settings;
    private final UnaryOperator<String> seal;
    private final Clock clock;

    /** @param seal encrypts a secret for the settings document (the data dir's secret box) */
    public AlertDesk(AlertRepository alerts, LiveSetting<AlertSettings> settings, UnaryOperator<String> seal,
                     Clock clock) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.seal = Objects.requireNonNull(seal, "seal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The newest alerts first; only open and acknowledged ones when {@code unresolvedOnly}. */
    public List<AlertRow> list(boolean unresolvedOnly, int limit) {
        return alerts.list(unresolvedOnly, limit);
    }

    /** Alerts raised after {@code afterId}, oldest first (for notifications). */
    public List<AlertRow> newerThan(long afterId) {
        return alerts.newerThan(afterId, 50);
    }

    public long lastId() {
        return alerts.lastId();
    }

    /** The escalation tries of one alert, oldest first. */
    public List<Escalation> escalations(long alertId) {
        return alerts.escalations(alertId);
    }

    /**
     * Acknowledges open alerts in the operator's name: they are no longer escalated.
     *
     * @return how many were acknowledged (resolved or already acknowledged ones are skipped)
     */
    public int acknowledge(Collection<Long> ids, String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("say who acknowledges the alerts");
        }
        return alerts.acknowledge(ids, operator, clock.instant());
    }

    /** The settings in force with their version. */
    public LiveSetting.Snapshot<AlertSettings> settings() {
        return settings.snapshot();
    }

    /**
     * Saves new settings.
     *
     * @param expectedVersion the version the operator started editing from
     */
    public LiveSetting.Snapshot<AlertSettings> update(AlertSettings value, String operator, long expectedVersion) {
        return settings.update(value, operator, expectedVersion);
    }

    /** Seals an SMTP password for the settings document. */
    public String sealSecret(String clear) {
        return seal.apply(clear);
    }
}
