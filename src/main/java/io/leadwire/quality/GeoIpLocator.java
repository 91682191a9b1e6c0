package io.leadwire.quality;

import java.util.Optional;

/**
 * Finds the country an IP address is located in. A later increment backs this with a MaxMind
 * reader; until then the judge runs without one and reports {@link ReasonCode#GEO_UNCHECKED}.
 */
@FunctionalInterface
public interface GeoIpLocator {
    /**
     * @param ip an IPv4 or IPv6 address as the vendor sent it
     * @return the ISO 3166-1 alpha-2 country, or empty if unknown (private ranges, bad input)
     */
    Optional<String> countryOf(String ip);
}
