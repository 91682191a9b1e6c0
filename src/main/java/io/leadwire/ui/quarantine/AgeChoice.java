package io.leadwire.ui.quarantine;

import java.time.Duration;

/** The age filter: how long a lead has waited since it was received. */
public enum AgeChoice {
    ANY("Any age", null),
    OLDER_THAN_1H("Older than 1 h", Duration.ofHours(1)),
    OLDER_THAN_24H("Older than 24 h", Duration.ofHours(24));

    private final String label;
    private final Duration olderThan;

    AgeChoice(String label, Duration olderThan) {
        this.label = label;
        this.olderThan = olderThan;
    }

    /** The minimum age, or null for any. */
    public Duration olderThan() {
        return olderThan;
    }

    @Override
    public String toString() {
        return label;
    }
}
