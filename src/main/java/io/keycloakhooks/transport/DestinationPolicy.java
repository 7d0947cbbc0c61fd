package io.keycloakhooks.transport;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where hooks may connect. Known cloud metadata addresses, link-local, {@code 0.0.0.0/8}, multicast, broadcast, the
 * unspecified address and the part of the local-use NAT64 range whose target cannot be told (see
 * {@link EmbeddedIpv4}) are always refused. Loopback and private networks are allowed in development mode and, in
 * production mode, only inside the operator's allowed networks, which are also the only places {@code http://} may
 * go. An IPv6 address that embeds an IPv4 address is judged as that IPv4 address. Refusal messages name the scheme
 * and host, never the URL's path or query (which may carry tokens).
 */
public final class DestinationPolicy {

    /** Resolves a host name to its addresses; tests substitute one to play a DNS server. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Range(Cidr cidr, String kind) {
    }

    /** Refused even in development mode and inside the allowed networks. */
    private static final List<Range> NEVER = List.of(
            // Alibaba Cloud's metadata service, and AWS's over IPv6; 169.254.169.254 (most clouds) is link-local.
            range("100.100.100.200/32", "a cloud metadata address"),
            range("fd00:ec2::254/128", "a cloud metadata address"),
            range("169.254.0.0/16", "a link-local address"),
            range("fe80::/10", "a link-local address"),
            range("0.0.0.0/8", "an address in 0.0.0.0/8"),
            range("224.0.0.0/4", "a multicast address"),
            range("ff00::/8", "a multicast address"),
            range("255.255.255.255/32", "the broadcast address"),
            range("::/128", "the unspecified address"),
            range("64:ff9b:1::/48", "a local-use NAT64 address outside 64:ff9b:1::/96"));
    private static final List<Range> INTERNAL = List.of(
            range("127.0.0.0/8", "a loopback address"),
            range("::1/128", "a loopback address"),
            range("10.0.0.0/8", "a private address"),
            range("172.16.0.0/12", "a private address"),
            range("192.168.0.0/16", "a private address"),
            range("100.64.0.0/10", "a carrier-grade NAT address"),
            range("fc00::/7", "a private (unique local) address"),
            range("fec0::/10", "a private (site-local) address"));

    private final List<Cidr> allowed;
    private final boolean devMode;
    private final Resolver resolver;

    private DestinationPolicy(List<Cidr> allowed, boolean devMode, Resolver resolver) {
        this.allowed = allowed;
        this.devMode = devMode;
        this.resolver = resolver;
    }

    /** @throws IllegalArgumentException naming a CIDR that does not parse */
    public static DestinationPolicy of(List<String> allowedCidrs, boolean devMode) {
        return of(allowedCidrs, devMode, InetAddress::getAllByName);
    }

    static DestinationPolicy of(List<String> allowedCidrs, boolean devMode, Resolver resolver) {
        return new DestinationPolicy(allowedCidrs.stream().map(Cidr::parse).toList(), devMode, resolver);
    }

    /** Configuration time: the scheme, and every address the host resolves to. */
    public void checkUrl(URI url) throws DestinationRefusedException {
        if (url.getScheme() == null) {
            throw new DestinationRefusedException("the URL is not absolute; use https://host/path");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new DestinationRefusedException("'" + scheme + "' URLs are not allowed; use https://");
        }
        String origin = scheme + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        for (InetAddress address : resolve(url.getHost())) {
            String refusal = refusal(address, scheme);
            if (refusal != null) {
                throw new DestinationRefusedException(origin + " resolves to " + address.getHostAddress() + ", " + refusal);
            }
        }
    }

    /** Call time: the addresses of the host that this policy allows, for the client to connect to exactly those. */
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

    /** Null when allowed, else why not (completing "... resolves to 1.2.3.4, "). */
    String refusal(InetAddress raw, String scheme) {
        InetAddress address = EmbeddedIpv4.of(raw);
        for (Range range : NEVER) {
            if (range.cidr().contains(address)) {
                return range.kind() + ", which is never allowed";
            }
        }
        boolean listed = allowed.stream().anyMatch(c -> c.contains(address));
        if (!devMode && !listed) {
            for (Range range : INTERNAL) {
                if (range.cidr().contains(address)) {
                    return range.kind() + ", which production mode allows only inside the allowed networks"
                            + " (server option allowed-networks)";
                }
            }
            if (scheme.equals("http")) {
                return "outside the allowed networks, where production mode allows only https://";
            }
        }
        return null;
    }

    private InetAddress[] resolve(String host) throws DestinationRefusedException {
        if (host == null || host.isEmpty()) {
            throw new DestinationRefusedException("the URL has no host");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            addresses = new InetAddress[0];
        }
        if (addresses.length == 0) {
            throw new DestinationRefusedException(host + " does not resolve");
        }
        return addresses;
    }

    private static Range range(String cidr, String kind) {
        return new Range(Cidr.parse(cidr), kind);
    }
}
