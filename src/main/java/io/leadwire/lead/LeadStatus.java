package io.leadwire.lead;

/** Where a lead stands in the pipeline. Each stage claims leads in one status and writes the next. */
public enum LeadStatus {
    RECEIVED,
    ACCEPTED,
    QUARANTINED,
    REJECTED,
    /** Offered to one or more buyers; the deliveries are under way. */
    ROUTED,
    /** A buyer accepted it. */
    DELIVERED,
    /** No buyer took it: it waits on the dead-letter desk. */
    UNSOLD;

    /** The lower-case word used on the wire, e.g. {@code "received"}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
