package io.leadwire.intake;

import io.leadwire.lead.EventBus;
import io.leadwire.lead.Vendor;
import io.leadwire.lead.VendorPoll;
import io.leadwire.lead.VendorChangedEvent;
import io.leadwire.mapping.MappingEngine;
import io.leadwire.store.VendorRepository;
import java.time.Clock;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    /**
     * Sets the vendor's dialect (its inbound field mapping) after checking the document.
     *
     * @return the dialect's name
     * @throws IllegalArgumentException naming every problem of the document
     */
    public String setDialect(String name, String document) {
        Vendor v = require(name);
        VendorDialect dialect = VendorDialect.parse(document, new MappingEngine(clock));
        vendors.setDialect(v.id(), document, clock.instant());
        events.publish(new VendorChangedEvent(v.id()));
        return dialect.name();
    }

    /** Removes the vendor's dialect: its leads are read with canonical field names again. */
    public void clearDialect(String name) {
        Vendor v = require(name);
        vendors.clearDialect(v.id());
        events.publish(new VendorChangedEvent(v.id()));
    }

    /** The vendor's dialect document, if it has one. */
    public java.util.Optional<String> dialect(String name) {
        return vendors.findDialect(require(name).id());
    }

    /** The ids of the vendors with a dialect. */
    public Set<String> vendorsWithDialect() {
        return vendors.vendorsWithDialect();
    }

    /** Every polled vendor's settings and state, by vendor id. */
    public Map<String, VendorPoll> polls() {
        return vendors.findAllPolls();
    }

    /** One vendor's poll settings and state. */
    public java.util.Optional<VendorPoll> poll(String name) {
        return vendors.findPoll(require(name).id());
    }

    /**
     * Sets how the vendor is polled. The secret in {@code settings} must already be sealed. A new
     * URL starts from the beginning (its cursor means nothing to another endpoint).
     *
     * @throws IllegalArgumentException for a bad URL, interval, page size or parameter name
     */
    public VendorPoll setPolling(String name, VendorPoll.Settings settings) {
        Vendor v = require(name);
        checkPollSettings(settings);
        boolean newUrl = vendors.findPoll(v.id()).map(p -> !p.settings().url().equals(settings.url())).orElse(true);
        vendors.savePollSettings(v.id(), settings, newUrl, clock.instant());
        events.publish(new VendorChangedEvent(v.id()));
        return vendors.findPoll(v.id()).orElseThrow();
    }

    /** Stops polling the vendor; the cursor is kept. */
    public void stopPolling(String name) {
        Vendor v = require(name);
        if (!vendors.stopPolling(v.id(), clock.instant())) {
            throw new IllegalArgumentException("'" + v.name() + "' is not polled");
        }
        events.publish(new VendorChangedEvent(v.id()));
    }

    static void checkPollSettings(VendorPoll.Settings s) {
        URI uri;
        try {
            uri = new URI(s.url());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + s.url() + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("the poll URL must be an http:// or https:// URL with a host, not '"
                    + s.url() + "'");
        }
        if (s.interval().compareTo(Duration.ofSeconds(1)) < 0 || s.interval().compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("the poll interval must be between 1s and 24h");
        }
        if (s.pageSize() < 1 || s.pageSize() > 10_000) {
            throw new IllegalArgumentException("the page size must be between 1 and 10000");
        }
        for (String p : List.of(s.cursorParam(), s.pageSizeParam())) {
            if (!p.matches("[A-Za-z0-9_.\\-\\[\\]]{1,100}")) {
                throw new IllegalArgumentException("'" + p + "' is not a usable query parameter name");
            }
        }
        if (s.authKind() != VendorPoll.AuthKind.NONE && s.sealedSecret() == null) {
            throw new IllegalArgumentException("auth " + s.authKind().wireName() + " needs a secret");
        }
        if ((s.authKind() == VendorPoll.AuthKind.HEADER || s.authKind() == VendorPoll.AuthKind.BASIC)
                && (s.authName() == null || s.authName().isBlank())) {
            throw new IllegalArgumentException(s.authKind() == VendorPoll.AuthKind.HEADER
                    ? "auth header needs the header's name, e.g. header:X-API-Key"
                    : "auth basic needs a user, e.g. basic:leadwire");
        }
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
