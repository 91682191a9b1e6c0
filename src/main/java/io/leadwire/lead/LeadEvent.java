package io.leadwire.lead;

import java.time.Instant;

/** One entry of a lead's timeline. */
public record LeadEvent(String leadId, Instant at, String type, String detail) {
}
