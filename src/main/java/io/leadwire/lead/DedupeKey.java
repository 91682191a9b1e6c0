package io.leadwire.lead;

/**
 * What two leads may share to count as the same person's inquiry. The quality stage stores each
 * key's normalized value with the lead when it decides it, and looks later leads up by it.
 */
public enum DedupeKey {
    /** The email, trimmed and lower-cased; for Gmail also without dots and {@code +tag}s in the local part. */
    EMAIL,
    /** The phone in E.164, as the quality stage's phone check derives it. */
    PHONE,
    /**
     * The vendor's own lead id. Within one vendor the intake already refuses a repeated id forever
     * (200 "duplicate", no second lead); as a de-duplication key it matches leads of
     * <em>other</em> vendors carrying the same id, e.g. when several vendors resell one upstream source.
     */
    VENDOR_LEAD_ID
}
