package io.leadwire.quality;

import static io.leadwire.quality.GeoIpTestDatabase.DE_IP;
import static io.leadwire.quality.GeoIpTestDatabase.FR_IPV6;
import static io.leadwire.quality.GeoIpTestDatabase.GB_IP;
import static io.leadwire.quality.GeoIpTestDatabase.REGISTERED_ONLY_IP;
import static io.leadwire.quality.GeoIpTestDatabase.UNKNOWN_IP;
import static io.leadwire.quality.GeoIpTestDatabase.US_IP;
import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.db.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaxMindGeoIpLocatorTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}-bit records")
    @ValueSource(ints = {24, 28, 32})
    void shouldReadCountriesBackWithTheMaxMindReaderWhenTheWriterUsesAnyRecordSize(int recordSize) throws Exception {
        Path file = GeoIpTestDatabase.write(dir, recordSize);
        try (Reader reader = new Reader(file.toFile())) {
            assertThat(reader.getMetadata().getDatabaseType()).isEqualTo("Leadwire-Test-Country");
            assertThat(reader.getMetadata().getIpVersion()).isEqualTo(6);
            MaxMindGeoIpLocator.CountryRecord gb = reader.get(InetAddress.getByName(GB_IP),
                    MaxMindGeoIpLocator.CountryRecord.class);
            assertThat(gb.isoCode()).contains("GB");
        }
        try (MaxMindGeoIpLocator locator = MaxMindGeoIpLocator.open(file)) {
            assertThat(locator.locate(GB_IP)).isEqualTo(GeoIpLookup.found("GB"));
            assertThat(locator.locate(DE_IP)).isEqualTo(GeoIpLookup.found("DE"));
            assertThat(locator.locate("85.215.255.255")).isEqualTo(GeoIpLookup.found("DE"));
            assertThat(locator.locate(US_IP)).isEqualTo(GeoIpLookup.found("US"));
            assertThat(locator.locate(FR_IPV6)).isEqualTo(GeoIpLookup.found("FR"));
            assertThat(locator.countryOf(GB_IP)).contains("GB");
        }
    }

    @Test
    void shouldFindIpv4MappedAndBracketedAddressesWhenTheVendorSendsThemSo() throws Exception {
        try (MaxMindGeoIpLocator locator = MaxMindGeoIpLocator.open(GeoIpTestDatabase.write(dir, 24))) {
            assertThat(locator.locate("::ffff:" + GB_IP)).isEqualTo(GeoIpLookup.found("GB"));
            assertThat(locator.locate(" ::FFFF:" + DE_IP + " ")).isEqualTo(GeoIpLookup.found("DE"));
            assertThat(locator.locate("[2a01:cb00::42]")).isEqualTo(GeoIpLookup.found("FR"));
        }
    }

    @Test
    void shouldFallBackToTheRegisteredCountryWhenTheRecordHasNoCountry() throws Exception {
        try (MaxMindGeoIpLocator locator = MaxMindGeoIpLocator.open(GeoIpTestDatabase.write(dir, 28))) {
            assertThat(locator.locate(REGISTERED_ONLY_IP)).isEqualTo(GeoIpLookup.found("AU"));
        }
    }

    @Test
    void shouldAnswerNotFoundWhenAPublicAddressIsOutsideEveryNetwork() throws Exception {
        try (MaxMindGeoIpLocator locator = MaxMindGeoIpLocator.open(GeoIpTestDatabase.write(dir, 24))) {
            GeoIpLookup r = locator.locate(UNKNOWN_IP);
            assertThat(r.outcome()).isEqualTo(GeoIpLookup.Outcome.NOT_FOUND);
            assertThat(r.country()).isEmpty();
            assertThat(locator.locate("2001:4860:4860::8888").outcome()).isEqualTo(GeoIpLookup.Outcome.NOT_FOUND);
        }
    }

    @Test
    void shouldReportPrivateAndReservedRangesWithoutAskingTheDatabaseWhenTheyCannotHaveACountry() throws Exception {
        // The database even (wrongly) claims 10.0.0.0/8 for GB: a private range is never a country.
        Path file = new MmdbWriter(24).ipv4("10.0.0.0/8", GeoIpTestDatabase.country("GB"), true)
                .write(dir.resolve("lying.mmdb"), "Lying");
        try (MaxMindGeoIpLocator locator = MaxMindGeoIpLocator.open(file)) {
            assertThat(locator.locate("10.1.2.3")).satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(GeoIpLookup.Outcome.PRIVATE);
                assertThat(r.detail()).contains("RFC 1918").contains("10.0.0.0/8");
            });
            assertThat(locator.locate("100.72.1.1").outcome()).isEqualTo(GeoIpLookup.Outcome.PRIVATE);
            assertThat(locator.locate("fd12:3456::1").outcome()).isEqualTo(GeoIpLookup.Outcome.PRIVATE);
            assertThat(locator.locate("198.51.100.7").outcome()).isEqualTo(GeoIpLookup.Outcome.RESERVED);
            assertThat(locator.locate("2001:db8::1").outcome()).isEqualTo(GeoIpLookup.Outcome.RESERVED);
        }
    }

    @Test
    void shouldAnswerInvalidAddressWhenTheValueIsNoIpLiteral() throws Exception {
        try (MaxMindGeoIpLocator locator = MaxMindGeoIpLocator.open(GeoIpTestDatabase.write(dir, 24))) {
            for (String bad : new String[] {"localhost", "example.com", "1.2.3", "256.1.1.1", "1.2.3.4.5", "::g",
                "<script>"}) {
                assertThat(locator.locate(bad).outcome()).as(bad).isEqualTo(GeoIpLookup.Outcome.INVALID_ADDRESS);
            }
        }
    }

    @Test
    void shouldStartOffReadyOrFailedWithAClearMessageWhenTheFileIsAbsentGoodMissingOrCorrupt() throws Exception {
        GeoIpDatabase off = GeoIpDatabase.open(GeoIpSettings.none());
        assertThat(off.status().state()).isEqualTo(GeoIpDatabase.State.OFF);
        assertThat(off.locator()).isEmpty();

        try (GeoIpDatabase ready = GeoIpDatabase.open(GeoIpSettings.of(GeoIpTestDatabase.write(dir, 24)))) {
            assertThat(ready.status().state()).isEqualTo(GeoIpDatabase.State.READY);
            assertThat(ready.status().message()).contains("Leadwire-Test-Country");
            assertThat(ready.locator().orElseThrow().locate(DE_IP)).isEqualTo(GeoIpLookup.found("DE"));
        }

        GeoIpDatabase missing = GeoIpDatabase.open(GeoIpSettings.of(dir.resolve("GeoLite2-Country.mmdb")));
        assertThat(missing.status().state()).isEqualTo(GeoIpDatabase.State.FAILED);
        assertThat(missing.status().message()).contains("GeoLite2-Country.mmdb").contains("does not exist")
                .contains("--geoip-db");
        assertThat(missing.locator().orElseThrow().locate(GB_IP).outcome())
                .isEqualTo(GeoIpLookup.Outcome.UNAVAILABLE);

        assertThat(GeoIpDatabase.open(GeoIpSettings.of(dir)).status().message()).contains("is a folder");

        Path corrupt = Files.writeString(dir.resolve("corrupt.mmdb"), "this is not a MaxMind database");
        GeoIpDatabase broken = GeoIpDatabase.open(GeoIpSettings.of(corrupt));
        assertThat(broken.status().state()).isEqualTo(GeoIpDatabase.State.FAILED);
        assertThat(broken.status().message()).contains("corrupt.mmdb").contains("not a readable MaxMind DB");
        assertThat(broken.locator().orElseThrow().locate(GB_IP).detail()).contains("could not be opened");
    }
}
