package io.leadwire.lead;

/** A delivery's status changed; the change, its attempt and the lead's timeline are committed. */
public record DeliveryChangedEvent(String deliveryId, String leadId, String buyerId, DeliveryStatus status)
        implements EngineEvent {
}
