package io.leadwire.lead;

/** Typed events the engine publishes after the state they describe is durable. */
public sealed interface EngineEvent
        permits LeadReceivedEvent, LeadStatusChangedEvent, IntakeRefusedEvent, VendorChangedEvent, IntakeAckEvent,
        EngineStateEvent, DeliveryChangedEvent, DeliveryAttemptEvent, BreakerChangedEvent,
        CallbackProcessedEvent, StoreChangedEvent {
}
