package dev.tejun.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses whose {@code X-Forwarded-*} headers count: single addresses or CIDR ranges, IPv4 or IPv6. Only
 * literal addresses are taken; a host name would be looked up in DNS, and whoever controls that answer would choose
 * whom Tejun trusts.
 */
public final class TrustedProxies {

    private record Range(byte[] network, int bits) {}

    private final List<Range> ranges;
    private final List<String> written;

    private TrustedProxies(List<Range> ranges, List<String> written) {
        this.ranges = ranges;
        this.written = written;
    }

    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    /** @throws IllegalArgumentException naming the first word that is not an address or a range */
    public static TrustedProxies parse(List<String> words) {
        List<Range> ranges = new ArrayList<>();
        for (String w : words) {
            String[] parts = w.strip().split("/", 2);
            byte[] address = literal(parts[0], w);
            int max = address.length * 8;
            int bits = max;
            if (parts.length == 2) {
                if (!parts[1].matches("\\d{1,3}") || Integer.parseInt(parts[1]) > max) {
                    throw new IllegalArgumentException("'" + w + "' has a prefix length that is not 0.." + max);
                }
                bits = Integer.parseInt(parts[1]);
            }
            ranges.add(new Range(address, bits));
        }
        return new TrustedProxies(List.copyOf(ranges), List.copyOf(words));
    }

    private static byte[] literal(String text, String word) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException(
                    "'" + word + "' is not an IP address or CIDR range (names are not looked up)");
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + word + "' is not an IP address");
        }
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the peer at {@code address} (a literal, as a socket reports it) is a trusted proxy. */
    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        byte[] a;
        try {
            a = literal(address.startsWith("[") ? address.substring(1, address.length() - 1) : address, address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (Range r : ranges) {
            if (r.network().length == a.length && sameNetwork(r.network(), a, r.bits())) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameNetwork(byte[] network, byte[] a, int bits) {
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((network[i / 8] & mask) != (a[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return String.join(", ", written);
    }
}
