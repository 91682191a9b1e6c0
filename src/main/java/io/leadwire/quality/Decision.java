package io.leadwire.quality;

import io.leadwire.lead.LeadStatus;

/** What the quality stage decides for a lead; each maps to the {@link LeadStatus} it writes. */
public enum Decision {
    /** Good enough for buyers: routing takes it from here. */
    ACCEPTED(LeadStatus.ACCEPTED),
    /** Held for sales ops, who can fix and release it. */
    QUARANTINED(LeadStatus.QUARANTINED),
    /** Refused for good under the campaign's policy; not worth a person's time. */
    REJECTED(LeadStatus.REJECTED);

    private final LeadStatus status;

    Decision(LeadStatus status) {
        this.status = status;
    }

    /** The lead status the quality stage writes for this decision. */
    public LeadStatus status() {
        return status;
    }
}
