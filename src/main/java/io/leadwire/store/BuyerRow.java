package io.leadwire.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A buyer as stored: its delivery settings as one JSON document (the delivery package reads it).
 *
 * @param revision goes up by one on every change, so caches know when to rebuild a buyer's client
 */
public record BuyerRow(String id, String name, String configJson, boolean enabled, Instant createdAt,
        Instant updatedAt, String updatedBy, int revision) {

    public BuyerRow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configJson, "configJson");
    }
}
