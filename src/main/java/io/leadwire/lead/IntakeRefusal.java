package io.leadwire.lead;

import java.time.Instant;

/**
 * A request the intake refused, kept per vendor (null vendor when the caller was not identified).
 *
 * @param reason a stable machine-readable code such as {@code missing_field}
 */
public record IntakeRefusal(Instant at, String vendorId, String remoteIp, int httpStatus, String reason,
                            String field, String detail) {
}
