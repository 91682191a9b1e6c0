package io.leadwire.store;

import io.leadwire.lead.DedupeKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The original a new lead repeats, as a decision batch found it.
 *
 * @param key                  the first key that matched (email before phone before vendor lead id)
 * @param keys                 every key on which the two leads agree, {@code key} first
 * @param value                the normalized value of {@code key} the two leads share
 * @param originalId           Leadwire's id of the original
 * @param originalVendorId     the original's vendor
 * @param originalVendorName   that vendor's name
 * @param originalVendorLeadId the vendor's own id of the original
 * @param originalReceivedAt   when the original was received
 */
public record DuplicateMatch(DedupeKey key, List<DedupeKey> keys, String value, String originalId,
                             String originalVendorId, String originalVendorName, String originalVendorLeadId,
                             Instant originalReceivedAt) {
    public DuplicateMatch {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(originalId, "originalId");
        keys = List.copyOf(keys);
    }
}
