package io.leadwire.lead;

/** A stage moved a lead to a new status; the change and its timeline event are committed. */
public record LeadStatusChangedEvent(String leadId, String vendorId, LeadStatus status) implements EngineEvent {
}
