package io.leadwire.quality;

import java.nio.file.Path;
import java.util.Map;

/** The made-up networks of the tests' geo-IP database, written with {@link MmdbWriter}. */
final class GeoIpTestDatabase {
    /** In the GB network. */
    static final String GB_IP = "81.2.69.142";
    /** In the DE network. */
    static final String DE_IP = "85.214.132.117";
    /** In the US network. */
    static final String US_IP = "8.8.4.4";
    /** In a network with only a registered country (AU). */
    static final String REGISTERED_ONLY_IP = "1.1.1.1";
    /** In the FR IPv6 network. */
    static final String FR_IPV6 = "2a01:cb00::1";
    /** A public address outside every network of the database. */
    static final String UNKNOWN_IP = "45.33.32.156";

    private GeoIpTestDatabase() {
    }

    static Map<String, Object> country(String iso) {
        return Map.of("country", Map.of("iso_code", iso, "geoname_id", 1L, "names", Map.of("en", iso)),
                "continent", Map.of("code", "XX"));
    }

    static Path write(Path dir, int recordSize) {
        return new MmdbWriter(recordSize)
                .ipv4("81.2.69.0/24", country("GB"), true)
                .ipv4("85.214.0.0/15", country("DE"), true)
                .ipv4("8.8.0.0/16", country("US"), false)
                .ipv4("1.1.1.0/24", Map.of("registered_country", Map.of("iso_code", "AU")), true)
                .ipv6("2a01:cb00::/32", country("FR"))
                .write(dir.resolve("test-country-" + recordSize + ".mmdb"), "Leadwire-Test-Country");
    }
}
