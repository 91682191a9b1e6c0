package io.leadwire.lead;

/** A new lead was committed by the intake. */
public record LeadReceivedEvent(Lead lead) implements EngineEvent {
}
