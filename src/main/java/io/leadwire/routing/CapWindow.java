package io.leadwire.routing;

import java.time.Instant;
import java.util.Objects;

/**
 * One cap period a lead would count against, as the store keys its counter: the buyer's count
 * for {@code (buyer, period, bucketStart)} may reach {@code limit}. Two moments in the same hour,
 * day, week or month of the buyer's zone have the same bucket start, so counting needs no
 * clean-up job and a new period starts at zero by itself.
 *
 * @param period      {@code hour}, {@code day}, {@code week} or {@code month} ({@link CapLimits#PERIODS})
 * @param bucketStart the start of the period containing the moment asked about
 * @param limit       how many leads the buyer takes in that period (0 stops it for the period)
 */
public record CapWindow(String period, Instant bucketStart, int limit) {
    public CapWindow {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(bucketStart, "bucketStart");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
    }
}
