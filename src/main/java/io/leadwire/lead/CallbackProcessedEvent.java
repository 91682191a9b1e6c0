package io.leadwire.lead;

/**
 * A buyer's callback event was handled by the callback worker; its effects (delivery facts, lead
 * timeline, outcome row) are committed.
 *
 * @param buyerName the buyer that called back
 * @param kind      what the event was: {@code status}, {@code return}, {@code conversion},
 *                  {@code feedback}, {@code accepted}, {@code rejected}, or {@code unknown}
 * @param state     {@code applied}, {@code flagged} (kept for an operator, with the note) or {@code failed}
 * @param leadId    the lead it was about, or null when none was found
 * @param note      one readable line: what was done, or why it was not
 */
public record CallbackProcessedEvent(String buyerName, String kind, String state, String leadId, String note)
        implements EngineEvent {
}
