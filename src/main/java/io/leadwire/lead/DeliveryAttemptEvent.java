package io.leadwire.lead;

/**
 * One request to a buyer was answered (or failed) and its outcome is committed.
 *
 * @param outcome       accepted, rejected, duplicate or error
 * @param errorClass    the error class's wire name for errors, else null
 * @param latencyMillis from sending to the whole answer
 */
public record DeliveryAttemptEvent(String buyerName, String outcome, String errorClass, long latencyMillis)
        implements EngineEvent {
}
