package io.leadwire.quality;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A numeric field's value: a single number ({@code 5000}: low = high), a range
 * ({@code 5000-10000}) or an open range ({@code 50000+}: high is null).
 */
public record Amount(BigDecimal low, BigDecimal high) {
    public Amount {
        Objects.requireNonNull(low, "low");
    }

    /** Whether the range has no upper bound. */
    public boolean openEnded() {
        return high == null;
    }
}
