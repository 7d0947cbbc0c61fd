package io.keycloakhooks.transport;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where hooks may connect (SPEC §3.4). Link-local (cloud metadata), {@code 0.0.0.0/8}, multicast and broadcast
 * are always refused. Loopback and private networks are allowed in development mode and, in production mode,
 * only inside the operator's allowed networks, which are also the only places {@code http://} may go.
 */
public final class DestinationPolicy {

    private static final List<Cidr> NEVER = cidrs("169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "224.0.0.0/4",
            "ff00::/8", "255.255.255.255/32", "::/128");
    private static final List<Cidr> INTERNAL = cidrs("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12",
            "192.168.0.0/16", "100.64.0.0/10", "fc00::/7");

    private final List<Cidr> allowed;
    private final boolean devMode;

    private DestinationPolicy(List<Cidr> allowed, boolean devMode) {
        this.allowed = allowed;
        this.devMode = devMode;
    }

    /** @throws IllegalArgumentException naming a CIDR that does not parse */
    public static DestinationPolicy of(List<String> allowedCidrs, boolean devMode) {
        return new DestinationPolicy(allowedCidrs.stream().map(Cidr::parse).toList(), devMode);
    }

    /** Configuration time: the scheme, and every address the host resolves to. */
    public void checkUrl(URI url) throws DestinationRefusedException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new DestinationRefusedException(url + " is not an http(s) URL");
        }
        for (InetAddress address : resolve(url.getHost())) {
            String refusal = refusal(address, scheme);
            if (refusal != null) {
                throw new DestinationRefusedException(url + " resolves to " + address.getHostAddress() + ", " + refusal);
            }
        }
    }

    /** Call time: the addresses of the host this policy allows, for the client to connect to exactly those. */
    public List<InetAddress> allowedAddresses(String host, String scheme) throws DestinationRefusedException {
        List<InetAddress> result = new ArrayList<>();
        String firstRefusal = null;
        for (InetAddress address : resolve(host)) {
            String refusal = refusal(address, scheme.toLowerCase(Locale.ROOT));
            if (refusal == null) {
                result.add(address);
            } else if (firstRefusal == null) {
                firstRefusal = host + " resolves to " + address.getHostAddress() + ", " + refusal;
            }
        }
        if (result.isEmpty()) {
            throw new DestinationRefusedException(firstRefusal);
        }
        return result;
    }

    /** Null when allowed, else why not. */
    String refusal(InetAddress raw, String scheme) {
        InetAddress address = unmapped(raw);
        if (NEVER.stream().anyMatch(c -> c.contains(address)) || address.isLinkLocalAddress()
                || address.isMulticastAddress() || address.isAnyLocalAddress()) {
            return "a link-local, multicast or unspecified address, which is never allowed";
        }
        boolean listed = allowed.stream().anyMatch(c -> c.contains(address));
        boolean internal = address.isLoopbackAddress() || address.isSiteLocalAddress()
                || INTERNAL.stream().anyMatch(c -> c.contains(address));
        if (internal && !devMode && !listed) {
            return "a loopback or private address outside the allowed networks (server option allowed-networks)";
        }
        if (scheme.equals("http") && !devMode && !listed) {
            return "and http:// is only allowed to destinations in the allowed networks; use https://";
        }
        return null;
    }

    /** IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}) addresses are judged as IPv4. */
    static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        boolean mapped = bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InetAddress[] resolve(String host) throws DestinationRefusedException {
        if (host == null || host.isEmpty()) {
            throw new DestinationRefusedException("the URL has no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new DestinationRefusedException(host + " does not resolve");
        }
    }

    private static List<Cidr> cidrs(String... values) {
        return List.of(values).stream().map(Cidr::parse).toList();
    }
}
