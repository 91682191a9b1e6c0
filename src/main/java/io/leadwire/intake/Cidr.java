package io.leadwire.intake;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation ({@code 203.0.113.0/24}, {@code 2001:db8::/32}). */
public final class Cidr {
    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses {@code addr/len}, or a single address (a /32 or /128).
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.isEmpty() || !addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP network such as 203.0.113.0/24");
        }
        // Without a colon only a full dotted quad is an address: InetAddress would otherwise read
        // "10.1" as 10.0.0.1 (so "10.1/16" became 10.0.0.0/16) and look names like "cafe" up in DNS.
        if (addr.indexOf(':') < 0 && !isDottedQuad(addr)) {
            throw new IllegalArgumentException("'" + text + "' is not an IP network such as 203.0.113.0/24");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP network such as 203.0.113.0/24", e);
        }
        int max = bytes.length * 8;
        int len = max;
        if (slash >= 0) {
            try {
                len = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length", e);
            }
            if (len < 0 || len > max) {
                throw new IllegalArgumentException("'" + text + "': prefix length must be 0.." + max);
            }
        }
        byte[] net = mask(bytes, len);
        String canonical = canonical(net, len);
        return new Cidr(net, len, canonical);
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            byte[] mapped = ipv4Mapped(bytes);
            if (mapped == null || mapped.length != network.length) {
                return false;
            }
            bytes = mapped;
        }
        return Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] ipv4Mapped(byte[] v6) {
        if (v6.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return null;
            }
        }
        if ((v6[10] & 0xFF) != 0xFF || (v6[11] & 0xFF) != 0xFF) {
            return null;
        }
        return Arrays.copyOfRange(v6, 12, 16);
    }

    private static byte[] mask(byte[] bytes, int len) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, len - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    private static String canonical(byte[] net, int len) {
        try {
            return InetAddress.getByAddress(net).getHostAddress() + "/" + len;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
