package io.leadwire.ui.quarantine;

/** A reason filter chip: the reason (null for all) and how many quarantined leads have it. */
public record ReasonChip(ReasonLabel reason, long count) {
    public String code() {
        return reason == null ? null : reason.code();
    }

    public String text() {
        return (reason == null ? "All reasons" : reason.label()) + "  " + count;
    }
}
