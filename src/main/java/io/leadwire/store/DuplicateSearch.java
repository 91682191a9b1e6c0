package io.leadwire.store;

import io.leadwire.lead.DedupeKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How a decision batch looks for the originals of its leads: which keys it compares, how far back
 * ({@code window}, measured between the leads' receipt times) and whether the original may come
 * from another vendor.
 *
 * @param window     an original received more than this before the new lead no longer counts
 * @param allVendors true: an original of any vendor counts; false: only one of the same vendor
 * @param keys       the keys compared; empty turns de-duplication off
 */
public record DuplicateSearch(Duration window, boolean allVendors, Set<DedupeKey> keys) {
    /** No de-duplication. */
    public static final DuplicateSearch NONE = new DuplicateSearch(Duration.ofDays(1), true, Set.of());

    public DuplicateSearch {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        keys = Set.copyOf(keys);
    }

    /** Whether any key is compared. */
    public boolean enabled() {
        return !keys.isEmpty();
    }
}
