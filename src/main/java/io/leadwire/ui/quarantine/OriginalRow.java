package io.leadwire.ui.quarantine;

/** A lead offered as the original in the link-duplicate dialog. */
public record OriginalRow(String id, String vendorLeadId, String name, String email, String status,
                          String received) {
    @Override
    public String toString() {
        return vendorLeadId + " · " + name + (email.isEmpty() ? "" : " · " + email) + " · " + status;
    }
}
