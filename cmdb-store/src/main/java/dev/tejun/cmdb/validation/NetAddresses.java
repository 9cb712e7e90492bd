package dev.tejun.cmdb.validation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** IP and CIDR syntax checks that never consult DNS. */
final class NetAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private NetAddresses() {}

    /** 4 for IPv4, 6 for IPv6, 0 if the text is not an IP address literal. */
    static int ipVersion(String text) {
        var m = IPV4.matcher(text);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                String part = m.group(i);
                if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
                    return 0;
                }
            }
            return 4;
        }
        // Only text made of hex digits, colons and dots reaches InetAddress, which then parses a literal
        // and never resolves a name.
        if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
            try {
                InetAddress.getByName(text);
                return 6;
            } catch (UnknownHostException | IllegalArgumentException e) {
                return 0;
            }
        }
        return 0;
    }

    /** Null if the text is an address/prefix in CIDR notation, else why not. */
    static String cidrProblem(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return "needs a prefix length, e.g. 10.0.0.0/24";
        }
        int version = ipVersion(text.substring(0, slash));
        if (version == 0) {
            return "'" + text.substring(0, slash) + "' is not an IP address";
        }
        String prefix = text.substring(slash + 1);
        if (!prefix.matches("\\d{1,3}")) {
            return "prefix length must be a number";
        }
        int bits = Integer.parseInt(prefix);
        int maxBits = version == 4 ? 32 : 128;
        return bits <= maxBits ? null : "prefix length must be 0.." + maxBits;
    }
}
