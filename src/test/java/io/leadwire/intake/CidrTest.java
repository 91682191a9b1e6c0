package io.leadwire.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "203.0.113.0/24, 203.0.113.255, true",
        "203.0.113.0/24, 203.0.114.0, false",
        "203.0.113.7, 203.0.113.7, true",
        "203.0.113.7, 203.0.113.8, false",
        "0.0.0.0/0, 198.51.100.1, true",
        "192.168.1.128/25, 192.168.1.127, false",
        "192.168.1.128/25, 192.168.1.129, true",
        "2001:db8::/32, 2001:db8:ffff::1, true",
        "2001:db8::/32, 2001:db9::1, false",
        "::1, ::1, true",
        "::/0, 2001:db8::1, true",
        "10.0.0.0/8, 2001:db8::1, false",
        "2001:db8::/32, 10.0.0.1, false",
    })
    void shouldDecideMembershipWhenGivenAnAddress(String cidr, String address, boolean inside) throws Exception {
        assertThat(Cidr.parse(cidr).contains(ip(address))).isEqualTo(inside);
    }

    @Test
    void shouldMatchIpv4MappedIpv6AddressesAgainstIpv4NetworksWhenTheClientIsDualStack() throws Exception {
        InetAddress mapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF,
            (byte) 0xFF, 10, 1, 2, 3});
        InetAddress notMapped = InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte) 0xFF,
            (byte) 0xFF, 10, 1, 2, 3});
        assertThat(Cidr.parse("10.0.0.0/8").contains(mapped)).isTrue();
        assertThat(Cidr.parse("11.0.0.0/8").contains(mapped)).isFalse();
        assertThat(Cidr.parse("10.0.0.0/8").contains(notMapped)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "10.1.2.3/8, 10.0.0.0/8",
        "' 203.0.113.9 ', 203.0.113.9/32",
        "2001:DB8:0:0::1/32, 2001:db8:0:0:0:0:0:0/32",
        "::1, 0:0:0:0:0:0:0:1/128",
    })
    void shouldCanonicaliseTheNetworkWhenPrinted(String input, String canonical) {
        assertThat(Cidr.parse(input)).hasToString(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "example.com", "10.0.0.0/8/8", "localhost", "1.2.3.4/abc", "10.0.0.0/",
        "10.0.0.0/33", "10.0.0.0/-1", "2001:db8::/129", "1.2.3.4.5", "1.2.3.256", "300.1.1.1/8", "10.0/8", "cafe",
        "beef/16", "1", "2001:db8:::1", "fe80::1%eth0"})
    void shouldRefuseWithAMessageNamingTheInputWhenTheNetworkIsNotValid(String bad) {
        assertThatThrownBy(() -> Cidr.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + bad + "'");
    }

    @Test
    void shouldNotReadAShortDottedFormAsAnotherNetworkWhenOctetsAreMissing() {
        // inet_aton reads "10.1" as 10.0.0.1: "10.1/16" must not quietly become 10.0.0.0/16.
        assertThatThrownBy(() -> Cidr.parse("10.1/16")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSayWhatTheValidRangeIsWhenThePrefixIsTooLong() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessageContaining("0..128");
    }
}
