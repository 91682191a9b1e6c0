package io.leadwire.quality;

/** The score band a lead falls in; thresholds are {@link ScoringPolicy}'s. */
public enum Tier {
    /** At or above the hot threshold (default 85): route first, to premium buyers. */
    HOT,
    /** At or above the standard threshold (default 60). */
    STANDARD,
    /** Below the standard threshold: goes to the quarantine desk for a person to look at. */
    REVIEW
}
