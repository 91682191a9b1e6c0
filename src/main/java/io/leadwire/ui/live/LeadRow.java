package io.leadwire.ui.live;

import io.leadwire.lead.LeadStatus;

/** One line of the live feed, already formatted for display. */
public record LeadRow(String id, String time, String vendor, String vendorLeadId, String name, String country,
                      LeadStatus status) {
}
