package io.leadwire.quality;

import java.util.Optional;

/**
 * Finds the country an IP address is located in. {@link MaxMindGeoIpLocator} backs it with an
 * operator-supplied MaxMind-format database; without one the judge reports
 * {@link ReasonCode#GEO_UNCHECKED}.
 */
@FunctionalInterface
public interface GeoIpLocator {
    /**
     * @param ip an IPv4 or IPv6 address as the vendor sent it
     * @return the ISO 3166-1 alpha-2 country, or empty if unknown (private ranges, bad input)
     */
    Optional<String> countryOf(String ip);

    /**
     * What is known about an address: its country, or why there is none (a private or reserved
     * range, not in the database, not an address, no usable database). The judge reports each
     * case with its own reason code. The default only knows found or not found.
     */
    default GeoIpLookup locate(String ip) {
        return countryOf(ip).map(GeoIpLookup::found)
                .orElseGet(() -> GeoIpLookup.of(GeoIpLookup.Outcome.NOT_FOUND, "no country is known for it"));
    }
}
