package io.leadwire.intake;

import io.leadwire.lead.EventBus;
import io.leadwire.lead.VendorChangedEvent;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.store.VendorRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vendors' compiled dialects, cached so that the intake does not read and compile a document
 * per lead. An entry is dropped at once when this process changes the vendor, and re-read after
 * {@code maxAge} otherwise (an admin command in another process changes the database only).
 */
public final class VendorDialects {
    private static final Logger LOG = LoggerFactory.getLogger(VendorDialects.class);

    private record Entry(VendorDialect dialect, Instant loadedAt) {
    }

    private final VendorRepository vendors;
    private final MappingEngine engine;
    private final Clock clock;
    private final Duration maxAge;
    private final ConcurrentMap<String, Entry> cache = new ConcurrentHashMap<>();

    /**
     * @param events may be null; when given, vendor changes made in this process drop their entry
     */
    public VendorDialects(VendorRepository vendors, MappingEngine engine, Clock clock, Duration maxAge,
                          EventBus events) {
        this.vendors = vendors;
        this.engine = engine;
        this.clock = clock;
        this.maxAge = maxAge;
        if (events != null) {
            events.subscribe(e -> {
                if (e instanceof VendorChangedEvent v) {
                    cache.remove(v.vendorId());
                }
            });
        }
    }

    /** The vendor's dialect, or empty when its leads use the canonical field names. */
    public Optional<VendorDialect> forVendor(String vendorId) {
        Instant now = clock.instant();
        Entry entry = cache.get(vendorId);
        if (entry == null || entry.loadedAt().plus(maxAge).isBefore(now)) {
            entry = new Entry(load(vendorId), now);
            cache.put(vendorId, entry);
        }
        return Optional.ofNullable(entry.dialect());
    }

    private VendorDialect load(String vendorId) {
        Optional<String> document = vendors.findDialect(vendorId);
        if (document.isEmpty()) {
            return null;
        }
        try {
            return VendorDialect.parse(document.get(), engine);
        } catch (IllegalArgumentException e) {
            // Checked when it was set, so only a changed engine can get here; read the leads as canonical.
            LOG.warn("the dialect of vendor {} cannot be used, reading its leads without it: {}", vendorId,
                    e.getMessage());
            return null;
        }
    }
}
