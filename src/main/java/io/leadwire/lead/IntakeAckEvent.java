package io.leadwire.lead;

/**
 * The intake answered a request.
 *
 * @param vendorName    the authenticated vendor, or {@code "unknown"}
 * @param outcome       {@code received}, {@code duplicate} or the refusal reason code
 * @param httpStatus    the status sent
 * @param latencyNanos  time from request start to the answer being sent
 */
public record IntakeAckEvent(String vendorName, String outcome, int httpStatus, long latencyNanos)
        implements EngineEvent {
}
