package io.leadwire.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The alert rules: what each watches, what its threshold means, and its defaults (see
 * {@link AlertSettings.RuleSettings}). Every rule reads the performance figures over its
 * aggregation window, which ends at the last whole minute (the current minute is still filling
 * and would look like a drop).
 */
public enum AlertRule {
    /** Sales per minute over the window at least {@code threshold} % below the 24 hours before it. */
    DELIVERY_RATE("delivery_rate", "Delivery rate drop", "warning", "% below the 24 h average",
            10, Duration.ofMinutes(15), 10, "expected sales in the window"),
    /** The error share of attempts over the window at least {@code threshold} times the 24 h share. */
    ERROR_RATE("error_rate", "Error rate up", "warning", "× the 24 h error share",
            2, Duration.ofMinutes(15), 20, "attempts in the window"),
    /** The 95th percentile of response time above {@code threshold} % of the buyer's whole-call timeout. */
    LATENCY_P95("latency_p95", "Slow responses (p95)", "warning", "% of the call timeout",
            80, Duration.ofMinutes(10), 20, "timed attempts in the window"),
    /** A buyer's circuit breaker opened (threshold unused). */
    BREAKER_OPEN("breaker_open", "Breaker open", "critical", "",
            0, Duration.ofMinutes(5), 0, ""),
    /** An enabled buyer had attempts but no accepted lead for the whole window (threshold unused). */
    NO_SUCCESS("no_success", "No success", "critical", "",
            0, Duration.ofMinutes(30), 1, "attempts in the window"),
    /** A vendor that sent leads in the past 7 days sent none for the window, inside business hours. */
    VENDOR_SILENT("vendor_silent", "Vendor silent", "warning", "",
            0, Duration.ofMinutes(30), 1, "leads in the past 7 days"),
    /** Refused intake requests above {@code threshold} % of all requests over the window (whole intake). */
    INTAKE_REFUSALS("intake_refusals", "Intake refusals", "warning", "% of requests refused",
            5, Duration.ofMinutes(15), 20, "requests in the window");

    private final String id;
    private final String title;
    private final String severity;
    private final String thresholdUnit;
    private final double defaultThreshold;
    private final Duration defaultWindow;
    private final long defaultMinVolume;
    private final String volumeMeaning;

    AlertRule(String id, String title, String severity, String thresholdUnit, double defaultThreshold,
              Duration defaultWindow, long defaultMinVolume, String volumeMeaning) {
        this.id = id;
        this.title = title;
        this.severity = severity;
        this.thresholdUnit = thresholdUnit;
        this.defaultThreshold = defaultThreshold;
        this.defaultWindow = defaultWindow;
        this.defaultMinVolume = defaultMinVolume;
        this.volumeMeaning = volumeMeaning;
    }

    /** The stable name in settings documents and the alert log. */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** {@code warning} or {@code critical}. */
    public String severity() {
        return severity;
    }

    /** What the threshold is, for the editor; empty when the rule has none. */
    public String thresholdUnit() {
        return thresholdUnit;
    }

    public boolean hasThreshold() {
        return !thresholdUnit.isEmpty();
    }

    /** What the minimum volume counts, for the editor; empty when the rule has none. */
    public String volumeMeaning() {
        return volumeMeaning;
    }

    public boolean hasMinVolume() {
        return !volumeMeaning.isEmpty();
    }

    public AlertSettings.RuleSettings defaults() {
        return new AlertSettings.RuleSettings(true, defaultThreshold, defaultWindow, defaultMinVolume);
    }

    public static Optional<AlertRule> byId(String id) {
        for (AlertRule r : values()) {
            if (r.id.equals(id == null ? null : id.toLowerCase(Locale.ROOT))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
