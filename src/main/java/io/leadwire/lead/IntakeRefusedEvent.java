package io.leadwire.lead;

/** The intake refused a request; the refusal is recorded. */
public record IntakeRefusedEvent(IntakeRefusal refusal) implements EngineEvent {
}
