package io.leadwire.quality;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link GeoIpLocator#locate(String)} for one address.
 *
 * @param outcome what was found
 * @param country the ISO 3166-1 alpha-2 country when {@link Outcome#FOUND}, else empty
 * @param detail  a human explanation for the other outcomes (the range's name, why the database is
 *                unusable), empty for {@link Outcome#FOUND}
 */
public record GeoIpLookup(Outcome outcome, Optional<String> country, String detail) {
    /** How a lookup ended. */
    public enum Outcome {
        /** The database places the address in a country. */
        FOUND,
        /** A private-use range: RFC 1918, CGNAT, loopback, link-local, IPv6 unique-local. */
        PRIVATE,
        /** A reserved range: documentation, benchmarking, multicast, "this network", future use. */
        RESERVED,
        /** A public address the database has no country for. */
        NOT_FOUND,
        /** The value is not an IPv4 or IPv6 address. */
        INVALID_ADDRESS,
        /** No usable database: missing, corrupt, or a read failed. */
        UNAVAILABLE
    }

    public GeoIpLookup {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(detail, "detail");
        if ((outcome == Outcome.FOUND) != country.isPresent()) {
            throw new IllegalArgumentException("a country is given exactly when the outcome is FOUND");
        }
    }

    /** The address is in {@code isoCountry}. */
    public static GeoIpLookup found(String isoCountry) {
        return new GeoIpLookup(Outcome.FOUND, Optional.of(isoCountry), "");
    }

    /** Any outcome but {@link Outcome#FOUND}, with its explanation. */
    public static GeoIpLookup of(Outcome outcome, String detail) {
        return new GeoIpLookup(outcome, Optional.empty(), detail);
    }
}
