package io.leadwire.lead;

/** Where one delivery (a lead offered to one buyer) stands. */
public enum DeliveryStatus {
    /** Committed, waiting for its first attempt. */
    PENDING(true),
    /** An attempt is on the wire; if its lease runs out (a crash), it is sent again with the same idempotency key. */
    SENDING(true),
    /** The last attempt failed in a way worth retrying; the next one is due at {@code next_attempt_at}. */
    RETRY(true),
    /** An asynchronous buyer acknowledged it; the outcome comes by callback or status polling. */
    AWAITING(true),
    /** The buyer took the lead. */
    ACCEPTED(false),
    /** The buyer refused the lead (validation, filters, no interest). */
    REJECTED(false),
    /** The buyer already had the lead. */
    DUPLICATE(false),
    /** No usable answer after the retries the policy allows, or an error not worth retrying. */
    FAILED(false);

    private final boolean open;

    DeliveryStatus(boolean open) {
        this.open = open;
    }

    /** Whether the delivery may still change without an operator. */
    public boolean open() {
        return open;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
