package io.keycloakhooks.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The IPv4 address an IPv6 address stands for. A connection to one of these reaches an IPv4 host (through the
 * operating system, a NAT64 gateway or a 6to4 relay), so the destination policy judges it as that IPv4 address:
 * <ul>
 *   <li>IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-translated {@code ::ffff:0:a.b.c.d} and IPv4-compatible
 *       {@code ::a.b.c.d} (but not {@code ::} or {@code ::1}): the last 32 bits;</li>
 *   <li>NAT64 under the well-known prefix {@code 64:ff9b::/96} and under {@code 64:ff9b:1::/96}: the last 32 bits;</li>
 *   <li>6to4 {@code 2002:AABB:CCDD::/48}: bits 16 to 48.</li>
 * </ul>
 * The rest of the local-use NAT64 range {@code 64:ff9b:1::/48} is not read here: an operator may run a gateway with
 * any prefix from /48 to /96 inside it, and each length puts the IPv4 address somewhere else, so which host such an
 * address reaches cannot be told from the address alone. The policy refuses it outright.
 */
final class EmbeddedIpv4 {

    private static final Cidr WELL_KNOWN_NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr LOCAL_NAT64 = Cidr.parse("64:ff9b:1::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private EmbeddedIpv4() {
    }

    /** The embedded IPv4 address, or {@code address} itself when it embeds none. */
    static InetAddress of(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        if (SIX_TO_FOUR.contains(address)) {
            return ipv4(bytes, 2);
        }
        if (endsInIpv4(address, bytes)) {
            return ipv4(bytes, 12);
        }
        return address;
    }

    private static boolean endsInIpv4(InetAddress address, byte[] bytes) {
        boolean zeroPrefix = Arrays.equals(bytes, 0, 8, new byte[8], 0, 8);
        int middle = (bytes[8] & 0xFF) << 24 | (bytes[9] & 0xFF) << 16 | (bytes[10] & 0xFF) << 8 | bytes[11] & 0xFF;
        boolean mapped = zeroPrefix && middle == 0x0000FFFF;
        boolean translated = zeroPrefix && middle == 0xFFFF0000;
        boolean compatible = zeroPrefix && middle == 0 && !address.isAnyLocalAddress() && !address.isLoopbackAddress();
        return mapped || translated || compatible || WELL_KNOWN_NAT64.contains(address) || LOCAL_NAT64.contains(address);
    }

    private static InetAddress ipv4(byte[] bytes, int from) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, from, from + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
