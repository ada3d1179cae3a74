package dev.payrail.core.risk;

import java.util.Arrays;

/**
 * An IP address or a CIDR range ({@code 203.0.113.7}, {@code 203.0.113.0/24}, {@code 2001:db8::/32}), parsed without
 * any name lookup (InetAddress would resolve a host name: a list entry must never cause DNS traffic), and whether an
 * address falls in it. IPv4 and IPv6 are different families: an IPv4 range never holds an IPv6 address.
 */
public record IpRange(byte[] network, int prefixLength) {

    public IpRange {
        network = network.clone();
        if (prefixLength < 0 || prefixLength > network.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
    }

    /** Parses an address ({@code /32} or {@code /128} implied) or a range; bits below the prefix must be zero. */
    public static IpRange parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        int slash = trimmed.indexOf('/');
        byte[] address = address(slash < 0 ? trimmed : trimmed.substring(0, slash));
        int prefix = address.length * 8;
        if (slash >= 0) {
            String bits = trimmed.substring(slash + 1);
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > address.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            prefix = Integer.parseInt(bits);
        }
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
                throw new IllegalArgumentException("'" + text + "' has bits set below its prefix length");
            }
        }
        return new IpRange(address, prefix);
    }

    /** Whether {@code ip} (an address, no prefix) is in the range; an unparseable address is in none. */
    public boolean contains(String ip) {
        return addressOf(ip).map(this::contains).orElse(false);
    }

    /** The address's bytes (4 or 16), or empty for what is not an address. */
    public static java.util.Optional<byte[]> addressOf(String ip) {
        try {
            return java.util.Optional.of(address(ip == null ? "" : ip.strip()));
        } catch (IllegalArgumentException notAnAddress) {
            return java.util.Optional.empty();
        }
    }

    /** Whether the address (4 or 16 bytes, as {@link #addressOf} gives) is in the range. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The canonical text: the address in its family's usual form and the prefix length. */
    public String text() {
        StringBuilder out = new StringBuilder();
        if (network.length == 4) {
            for (int i = 0; i < 4; i++) {
                out.append(i == 0 ? "" : ".").append(network[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 16; i += 2) {
                out.append(i == 0 ? "" : ":").append(Integer.toHexString(((network[i] & 0xff) << 8) | (network[i + 1] & 0xff)));
            }
        }
        return out.append('/').append(prefixLength).toString();
    }

    static byte[] address(String text) {
        if (text.contains(":")) {
            return ipv6(text);
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address");
            }
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    private static byte[] ipv6(String text) {
        int gap = text.indexOf("::");
        if (gap != text.lastIndexOf("::") || text.contains(":::")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        String[] head = gap < 0 ? text.split(":", -1) : groups(text.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : groups(text.substring(gap + 2));
        if (gap < 0 ? head.length != 8 : head.length + tail.length > 7) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        byte[] bytes = new byte[16];
        put(bytes, head, 0, text);
        put(bytes, tail, 8 - tail.length, text);
        return bytes;
    }

    private static String[] groups(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static void put(byte[] bytes, String[] groups, int from, String text) {
        for (int i = 0; i < groups.length; i++) {
            if (!groups[i].matches("[0-9a-fA-F]{1,4}")) {
                throw new IllegalArgumentException("'" + text + "' is not an IP address");
            }
            int value = Integer.parseInt(groups[i], 16);
            bytes[(from + i) * 2] = (byte) (value >> 8);
            bytes[(from + i) * 2 + 1] = (byte) value;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpRange r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }
}
