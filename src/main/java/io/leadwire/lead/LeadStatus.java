package io.leadwire.lead;

/** Where a lead stands in the pipeline. Each stage claims leads in one status and writes the next. */
public enum LeadStatus {
    RECEIVED,
    ACCEPTED,
    QUARANTINED,
    REJECTED,
    DELIVERED,
    UNSOLD;

    /** The lower-case word used on the wire, e.g. {@code "received"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
