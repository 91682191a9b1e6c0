package io.leadwire.lead;

import java.time.Instant;
import java.util.List;

/**
 * A lead vendor.
 *
 * @param allowedCidrs source networks allowed to post; empty means any address
 * @param keyPrefix    the first characters of the active API key (for recognition), or null
 *                     when the vendor has no active key
 */
public record Vendor(String id, String name, Instant createdAt, List<String> allowedCidrs, String keyPrefix) {
    public Vendor {
        allowedCidrs = List.copyOf(allowedCidrs);
    }

    public boolean hasActiveKey() {
        return keyPrefix != null;
    }
}
