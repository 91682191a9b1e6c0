package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialAddressesTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "10.0.0.1, PRIVATE", "172.16.5.4, PRIVATE", "172.31.255.255, PRIVATE", "192.168.0.1, PRIVATE",
        "100.64.0.1, PRIVATE", "100.127.255.254, PRIVATE", "127.0.0.1, PRIVATE", "169.254.10.10, PRIVATE",
        "::1, PRIVATE", "fc00::1, PRIVATE", "fdff:ffff::1, PRIVATE", "fe80::1, PRIVATE", "::ffff:10.1.1.1, PRIVATE",
        "0.1.2.3, RESERVED", "192.0.2.55, RESERVED", "198.51.100.1, RESERVED", "203.0.113.200, RESERVED",
        "198.18.0.1, RESERVED", "224.0.0.251, RESERVED", "255.255.255.255, RESERVED", "240.0.0.1, RESERVED",
        "2001:db8::1, RESERVED", "3fff::1, RESERVED", "ff02::1, RESERVED", "::, RESERVED"
    })
    void shouldClassifySpecialPurposeAddressesWhenTheyAreInAnIanaRange(String ip, GeoIpLookup.Outcome kind) {
        assertThat(SpecialAddresses.parse(ip).flatMap(SpecialAddresses::rangeOf))
                .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "81.2.69.142", "172.32.0.1", "100.128.0.1", "192.169.0.1", "11.0.0.1",
        "2a00:1450:4001::1", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    void shouldFindNoRangeWhenTheAddressIsPublic(String ip) {
        assertThat(SpecialAddresses.parse(ip)).isPresent();
        assertThat(SpecialAddresses.parse(ip).flatMap(SpecialAddresses::rangeOf)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example.com", "a:b", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3",
        "-1.2.3.4", "1.2.3.4/24", "::1%eth0", "12345::1::2", "[1.2.3.4"})
    void shouldRefuseWithoutAnyDnsLookupWhenTheTextIsNoIpLiteral(String text) {
        assertThat(SpecialAddresses.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::ffff:81.2.69.142", "[::ffff:81.2.69.142]"})
    void shouldUnwrapIpv4MappedAddressesWhenParsed(String text) {
        assertThat(SpecialAddresses.parse(text)).hasValueSatisfying(a -> assertThat(a).isInstanceOf(Inet4Address.class));
    }
}
