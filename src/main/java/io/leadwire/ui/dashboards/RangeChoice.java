package io.leadwire.ui.dashboards;

import java.time.Duration;

/** The time ranges the dashboards offer; {@link #CUSTOM} takes two dates. */
public enum RangeChoice {
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_DAY("24 hours", Duration.ofHours(24)),
    LAST_WEEK("7 days", Duration.ofDays(7)),
    LAST_MONTH("30 days", Duration.ofDays(30)),
    CUSTOM("Custom", null);

    private final String label;
    private final Duration length;

    RangeChoice(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    public String label() {
        return label;
    }

    /** The length of a "last …" range; null for {@link #CUSTOM}. */
    public Duration length() {
        return length;
    }

    @Override
    public String toString() {
        return label;
    }
}
