package io.citadel.events.pattern;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 CIDR block, and the parser for the addresses tested against it. Addresses are
 * parsed by hand: InetAddress would resolve a host name through DNS for a value that is not an
 * address literal.
 */
final class IpRange {

    private final byte[] network;
    private final int prefixLength;

    private IpRange(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /** Parses "address/length"; the exception's message is EventBridge's reason. */
    static IpRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || slash != cidr.lastIndexOf('/')) {
            throw new IllegalArgumentException("Malformed CIDR, one '/' required");
        }
        byte[] address = parseAddress(cidr.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException("Nonstandard IP address: " + cidr.substring(0, slash));
        }
        String lengthText = cidr.substring(slash + 1);
        int bits = address.length * 8;
        int length;
        try {
            length = Integer.parseInt(lengthText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Malformed CIDR, mask bits must be an integer");
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("Malformed CIDR, mask bits must be between 0 and " + bits);
        }
        byte[] network = address.clone();
        for (int i = 0; i < network.length; i++) {
            network[i] = (byte) (network[i] & mask(i, length));
        }
        return new IpRange(network, length);
    }

    boolean contains(String ip) {
        byte[] address = parseAddress(ip);
        if (address == null || address.length != network.length) {
            return false;
        }
        for (int i = 0; i < network.length; i++) {
            if ((address[i] & mask(i, prefixLength)) != (network[i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static int mask(int byteIndex, int length) {
        int bitsInByte = Math.max(0, Math.min(8, length - byteIndex * 8));
        return (0xFF << (8 - bitsInByte)) & 0xFF;
    }

    /** The 4 or 16 bytes of an address literal, or null when the text is not one. */
    static byte[] parseAddress(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part >= 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseIpv6(String text) {
        int zone = text.indexOf('%');
        if (zone >= 0) {
            return null;
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, doubleColon < 0);
        int[] tailGroups = groups(tail, true);
        if (headGroups == null || tailGroups == null) {
            return null;
        }
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        byte[] out = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            out[2 * i] = (byte) (headGroups[i] >> 8);
            out[2 * i + 1] = (byte) headGroups[i];
        }
        int offset = 8 - tailGroups.length;
        for (int i = 0; i < tailGroups.length; i++) {
            out[2 * (offset + i)] = (byte) (tailGroups[i] >> 8);
            out[2 * (offset + i) + 1] = (byte) tailGroups[i];
        }
        return out;
    }

    /** 16-bit groups of one side of "::"; an embedded IPv4 address may end the last side. */
    private static int[] groups(String side, boolean mayEndWithIpv4) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] parts = side.split(":", -1);
        int[] out = new int[parts.length + 1];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == parts.length - 1 && mayEndWithIpv4 && p.indexOf('.') >= 0) {
                byte[] v4 = parseIpv4(p);
                if (v4 == null) {
                    return null;
                }
                out[n++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                out[n++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                continue;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[n++] = v;
        }
        return Arrays.copyOf(out, n);
    }
}
