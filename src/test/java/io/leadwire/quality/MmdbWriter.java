package io.leadwire.quality;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0) for tests, so no MaxMind data is shipped or fetched.
 *
 * <p>The file is an IPv6 search tree (IPv4 networks live at {@code ::a.b.c.d/96+n}, as MaxMind's
 * own databases place them, and can also be aliased under {@code ::ffff:0:0/96}), a 16-byte zero
 * separator, the data section, and the metadata map after the {@code \xAB\xCD\xEFMaxMind.com}
 * marker. Tree nodes hold two records of 24, 28 or 32 bits: a value below the node count points to
 * a node, the node count itself means "no data", anything above points into the data section at
 * {@code value - nodeCount - 16}.
 *
 * <p>Data values may be maps (string keys), strings, integers (uint16 or uint32), longs (uint32 or
 * uint64), big integers (always uint64), booleans and lists.
 */
final class MmdbWriter {
    private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF, 'M', 'a', 'x', 'M', 'i',
            'n', 'd', '.', 'c', 'o', 'm'};

    private static final class Node {
        Object zero;
        Object one;
    }

    /** A leaf: one record's data, written once into the data section. */
    private static final class Leaf {
        final Map<String, Object> data;
        int offset;

        Leaf(Map<String, Object> data) {
            this.data = data;
        }
    }

    private final int recordSize;
    private final Node root = new Node();
    private final List<Leaf> leaves = new ArrayList<>();

    MmdbWriter(int recordSize) {
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            throw new IllegalArgumentException("record size must be 24, 28 or 32");
        }
        this.recordSize = recordSize;
    }

    /** Adds an IPv4 network ({@code 81.2.69.0/24}) at {@code ::/96}, and if asked also at {@code ::ffff:0:0/96}. */
    MmdbWriter ipv4(String cidr, Map<String, Object> data, boolean alsoMapped) {
        String[] p = cidr.split("/");
        byte[] v4 = address(p[0]);
        int bits = Integer.parseInt(p[1]);
        byte[] v6 = new byte[16];
        System.arraycopy(v4, 0, v6, 12, 4);
        insert(v6, 96 + bits, data);
        if (alsoMapped) {
            byte[] mapped = v6.clone();
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            insert(mapped, 96 + bits, data);
        }
        return this;
    }

    /** Adds an IPv6 network ({@code 2a00:1450::/32}). */
    MmdbWriter ipv6(String cidr, Map<String, Object> data) {
        String[] p = cidr.split("/");
        byte[] v6 = address(p[0]);
        if (v6.length != 16) {
            throw new IllegalArgumentException("not IPv6: " + cidr);
        }
        insert(v6, Integer.parseInt(p[1]), data);
        return this;
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // test input: literals only
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    private void insert(byte[] addr, int prefix, Map<String, Object> data) {
        Leaf leaf = new Leaf(data);
        leaves.add(leaf);
        Node n = root;
        for (int i = 0; i < prefix; i++) {
            boolean bit = (addr[i / 8] & (0x80 >>> (i % 8))) != 0;
            if (i == prefix - 1) {
                if (bit) {
                    n.one = leaf;
                } else {
                    n.zero = leaf;
                }
                return;
            }
            Object next = bit ? n.one : n.zero;
            if (!(next instanceof Node)) {
                // Empty or a less specific network: split it, both halves keep what was there.
                Node split = new Node();
                split.zero = next;
                split.one = next;
                if (bit) {
                    n.one = split;
                } else {
                    n.zero = split;
                }
                next = split;
            }
            n = (Node) next;
        }
    }

    /** The whole file. */
    byte[] build(String databaseType) {
        // Number the nodes breadth-first; the root is node 0.
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        Deque<Node> queue = new ArrayDeque<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            numbers.put(n, order.size());
            order.add(n);
            for (Object child : new Object[] {n.zero, n.one}) {
                if (child instanceof Node) {
                    queue.add((Node) child);
                }
            }
        }
        int nodeCount = order.size();

        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Leaf leaf : leaves) {
            leaf.offset = data.size();
            encode(data, leaf.data);
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : order) {
            writeNode(out, value(n.zero, numbers, nodeCount), value(n.one, numbers, nodeCount));
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes(METADATA_MARKER);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("node_count", (long) nodeCount);
        meta.put("record_size", recordSize);
        meta.put("ip_version", 6);
        meta.put("database_type", databaseType);
        meta.put("languages", List.of("en"));
        meta.put("binary_format_major_version", 2);
        meta.put("binary_format_minor_version", 0);
        meta.put("build_epoch", BigInteger.valueOf(1_767_225_600L)); // the reader insists on uint64 here
        meta.put("description", Map.of("en", "Leadwire test database (made up networks)"));
        encode(out, meta);
        return out.toByteArray();
    }

    /** Writes the file and returns its path. */
    Path write(Path file, String databaseType) {
        try {
            Files.write(file, build(databaseType));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long value(Object child, Map<Node, Integer> numbers, int nodeCount) {
        if (child == null) {
            return nodeCount;
        }
        if (child instanceof Node) {
            return numbers.get(child);
        }
        return nodeCount + 16L + ((Leaf) child).offset;
    }

    private void writeNode(ByteArrayOutputStream out, long left, long right) {
        long max = (1L << recordSize) - 1;
        if (left > max || right > max) {
            throw new IllegalStateException("record value does not fit " + recordSize + " bits");
        }
        switch (recordSize) {
            case 24:
                writeBig(out, left, 3);
                writeBig(out, right, 3);
                break;
            case 28:
                writeBig(out, left & 0xFFFFFF, 3);
                out.write((int) (((left >>> 24) & 0x0F) << 4 | ((right >>> 24) & 0x0F)));
                writeBig(out, right & 0xFFFFFF, 3);
                break;
            default:
                writeBig(out, left, 4);
                writeBig(out, right, 4);
                break;
        }
    }

    private static void writeBig(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    // --- data section encoding ---

    private static final int UTF8 = 2;
    private static final int UINT16 = 5;
    private static final int UINT32 = 6;
    private static final int MAP = 7;
    private static final int UINT64 = 9;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;

    private static void encode(ByteArrayOutputStream out, Object v) {
        if (v instanceof Map) {
            Map<?, ?> m = (Map<?, ?>) v;
            control(out, MAP, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                encode(out, (String) e.getKey());
                encode(out, e.getValue());
            }
        } else if (v instanceof String) {
            byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
            control(out, UTF8, b.length);
            out.writeBytes(b);
        } else if (v instanceof Integer) {
            int i = (Integer) v;
            if (i < 0) {
                throw new IllegalArgumentException("only unsigned numbers: " + i);
            }
            unsigned(out, i <= 0xFFFF ? UINT16 : UINT32, i);
        } else if (v instanceof Long) {
            long l = (Long) v;
            unsigned(out, l <= 0xFFFFFFFFL ? UINT32 : UINT64, l);
        } else if (v instanceof BigInteger) {
            unsigned(out, UINT64, ((BigInteger) v).longValueExact());
        } else if (v instanceof Boolean) {
            control(out, BOOLEAN, (Boolean) v ? 1 : 0);
        } else if (v instanceof List) {
            List<?> l = (List<?>) v;
            control(out, ARRAY, l.size());
            for (Object o : l) {
                encode(out, o);
            }
        } else {
            throw new IllegalArgumentException("cannot encode " + v);
        }
    }

    private static void unsigned(ByteArrayOutputStream out, int type, long v) {
        int n = 0;
        for (long x = v; x != 0; x >>>= 8) {
            n++;
        }
        control(out, type, n);
        writeBig(out, v, n);
    }

    /** The control byte: type in the top 3 bits (0 and an extra byte for types above 7), then the size. */
    private static void control(ByteArrayOutputStream out, int type, int size) {
        int typeBits = type <= 7 ? type << 5 : 0;
        if (size < 29) {
            out.write(typeBits | size);
            extended(out, type);
        } else if (size < 29 + 256) {
            out.write(typeBits | 29);
            extended(out, type);
            out.write(size - 29);
        } else if (size < 285 + 65_536) {
            out.write(typeBits | 30);
            extended(out, type);
            writeBig(out, size - 285, 2);
        } else {
            out.write(typeBits | 31);
            extended(out, type);
            writeBig(out, size - 65_821, 3);
        }
    }

    private static void extended(ByteArrayOutputStream out, int type) {
        if (type > 7) {
            out.write(type - 7);
        }
    }
}
