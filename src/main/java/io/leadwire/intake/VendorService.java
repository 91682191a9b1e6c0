package io.leadwire.intake;

import io.leadwire.lead.EventBus;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorChangedEvent;
import io.leadwire.store.VendorRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Vendor administration: add, key rotation and revocation, IP allowlists. */
public final class VendorService {
    private final VendorRepository vendors;
    private final ApiKeys keys;
    private final Clock clock;
    private final EventBus events;

    public VendorService(VendorRepository vendors, ApiKeys keys, Clock clock, EventBus events) {
        this.vendors = vendors;
        this.keys = keys;
        this.clock = clock;
        this.events = events;
    }

    /** A vendor and the clear-text key that was just issued to it (shown once, never stored). */
    public record IssuedKey(Vendor vendor, String apiKey) {
    }

    /**
     * Adds a vendor with a fresh key.
     *
     * @throws IllegalArgumentException for a bad name or network, with a message for the operator
     */
    public IssuedKey add(String name, List<String> cidrs) {
        String clean = validName(name);
        List<String> networks = canonicalCidrs(cidrs);
        String key = keys.generate();
        Vendor v = vendors.create(clean, networks, ApiKeys.hash(key), ApiKeys.displayPrefix(key), clock.instant());
        events.publish(new VendorChangedEvent(v.id()));
        return new IssuedKey(v, key);
    }

    /** Revokes the vendor's keys and issues a new one. */
    public IssuedKey rotateKey(String name) {
        Vendor v = require(name);
        String key = keys.generate();
        vendors.replaceKey(v.id(), ApiKeys.hash(key), ApiKeys.displayPrefix(key), clock.instant());
        events.publish(new VendorChangedEvent(v.id()));
        return new IssuedKey(require(name), key);
    }

    /** Revokes all keys: the vendor's requests get 401 until a key is rotated in. */
    public Vendor revokeKey(String name) {
        Vendor v = require(name);
        vendors.revokeKeys(v.id(), clock.instant());
        events.publish(new VendorChangedEvent(v.id()));
        return require(name);
    }

    /** Replaces the vendor's IP allowlist; an empty list allows any address. */
    public Vendor setAllowedNetworks(String name, List<String> cidrs) {
        Vendor v = require(name);
        vendors.setAllowedCidrs(v.id(), canonicalCidrs(cidrs));
        events.publish(new VendorChangedEvent(v.id()));
        return require(name);
    }

    public List<Vendor> list() {
        return vendors.findAll();
    }

    public Optional<Vendor> find(String name) {
        return vendors.findByName(name);
    }

    private Vendor require(String name) {
        return vendors.findByName(name)
                .orElseThrow(() -> new IllegalArgumentException("no vendor named '" + name + "'"));
    }

    static String validName(String name) {
        String s = name == null ? "" : name.strip();
        if (s.isEmpty() || s.length() > 100) {
            throw new IllegalArgumentException("a vendor name needs 1 to 100 characters");
        }
        if (!s.matches("[\\p{L}\\p{N}][\\p{L}\\p{N} ._&'-]*")) {
            throw new IllegalArgumentException("a vendor name may hold letters, digits, spaces and . _ & ' -");
        }
        return s;
    }

    static List<String> canonicalCidrs(List<String> cidrs) {
        return cidrs.stream()
                .flatMap(c -> java.util.Arrays.stream(c.split("[,\\s]+")))
                .filter(c -> !c.isBlank())
                .map(c -> Cidr.parse(c).toString())
                .distinct()
                .toList();
    }
}
