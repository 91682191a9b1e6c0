package io.leadwire.quality;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Address literals and the special-purpose ranges (IANA's IPv4 and IPv6 special-purpose address
 * registries) that no geo-IP database can place in a country. Pure; never touches DNS.
 */
public final class SpecialAddresses {
    /** A special-purpose range: its network, what it is for, and whether it is private or reserved. */
    public static final class Range {
        private final String cidr;
        private final String name;
        private final GeoIpLookup.Outcome outcome;
        private final byte[] network;
        private final int prefix;

        Range(String cidr, String name, GeoIpLookup.Outcome outcome) {
            int slash = cidr.indexOf('/');
            this.cidr = cidr;
            this.name = name;
            this.outcome = outcome;
            this.network = parse(cidr.substring(0, slash)).orElseThrow().getAddress();
            this.prefix = Integer.parseInt(cidr.substring(slash + 1));
        }

        /** The network, e.g. {@code 10.0.0.0/8}. */
        public String cidr() {
            return cidr;
        }

        /** What it is for, e.g. {@code private network (RFC 1918)}. */
        public String name() {
            return name;
        }

        /** {@link GeoIpLookup.Outcome#PRIVATE} or {@link GeoIpLookup.Outcome#RESERVED}. */
        public GeoIpLookup.Outcome outcome() {
            return outcome;
        }

        boolean contains(byte[] addr) {
            if (network.length != addr.length) {
                return false;
            }
            for (int i = 0; i < prefix; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((network[i / 8] & mask) != (addr[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return cidr + " " + name;
        }
    }

    private static final GeoIpLookup.Outcome PRIVATE = GeoIpLookup.Outcome.PRIVATE;
    private static final GeoIpLookup.Outcome RESERVED = GeoIpLookup.Outcome.RESERVED;

    /** Most specific first is not needed: the ranges do not overlap. */
    static final List<Range> RANGES = List.of(
            new Range("0.0.0.0/8", "\"this network\" (RFC 791)", RESERVED),
            new Range("10.0.0.0/8", "private network (RFC 1918)", PRIVATE),
            new Range("100.64.0.0/10", "carrier-grade NAT shared space (RFC 6598)", PRIVATE),
            new Range("127.0.0.0/8", "loopback (RFC 1122)", PRIVATE),
            new Range("169.254.0.0/16", "link-local (RFC 3927)", PRIVATE),
            new Range("172.16.0.0/12", "private network (RFC 1918)", PRIVATE),
            new Range("192.0.0.0/24", "IETF protocol assignments (RFC 6890)", RESERVED),
            new Range("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)", RESERVED),
            new Range("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)", RESERVED),
            new Range("192.168.0.0/16", "private network (RFC 1918)", PRIVATE),
            new Range("198.18.0.0/15", "benchmarking (RFC 2544)", RESERVED),
            new Range("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)", RESERVED),
            new Range("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)", RESERVED),
            new Range("224.0.0.0/4", "multicast (RFC 5771)", RESERVED),
            new Range("240.0.0.0/4", "reserved for future use and broadcast (RFC 1112, RFC 919)", RESERVED),
            new Range("::/128", "unspecified address (RFC 4291)", RESERVED),
            new Range("::1/128", "loopback (RFC 4291)", PRIVATE),
            new Range("64:ff9b:1::/48", "local-use NAT64 (RFC 8215)", PRIVATE),
            new Range("100::/64", "discard-only (RFC 6666)", RESERVED),
            new Range("2001:2::/48", "benchmarking (RFC 5180)", RESERVED),
            new Range("2001:10::/28", "ORCHID (RFC 4843)", RESERVED),
            new Range("2001:db8::/32", "documentation (RFC 3849)", RESERVED),
            new Range("3fff::/20", "documentation (RFC 9637)", RESERVED),
            new Range("fc00::/7", "unique local address (RFC 4193)", PRIVATE),
            new Range("fe80::/10", "link-local (RFC 4291)", PRIVATE),
            new Range("ff00::/8", "multicast (RFC 4291)", RESERVED));

    private SpecialAddresses() {
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (optionally in brackets). Hostnames and
     * anything else give empty: this never resolves a name. An IPv4-mapped IPv6 address
     * ({@code ::ffff:192.0.2.1}) comes back as its IPv4 address.
     */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        // Only hex digits, colons and dots (an embedded IPv4 tail): with a colon present and a hex
        // digit or colon first, InetAddress treats the text as an IPv6 literal and never asks DNS.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(InetAddress.getByName(s));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            b[i] = (byte) v;
        }
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            return Optional.empty(); // cannot happen for four bytes
        }
    }

    /** The special-purpose range the address is in, or empty for a public (globally routed) address. */
    public static Optional<Range> rangeOf(InetAddress address) {
        byte[] a = address.getAddress();
        for (Range r : RANGES) {
            if (r.contains(a)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
