package io.keycloakhooks.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

    /** Test names and what they resolve to; anything else resolves as usual (literals, localhost). */
    private static final Map<String, List<String>> DNS = Map.of(
            "x.test", List.of("169.254.169.254"),
            "public.test", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "mixed.test", List.of("93.184.216.34", "10.0.0.7"),
            "internal.test", List.of("10.20.3.4"));

    private final DestinationPolicy production = policy(List.of(), false);
    private final DestinationPolicy dev = policy(List.of(), true);
    private final DestinationPolicy listed = policy(List.of("10.20.0.0/16", "fd00:1::/32", "127.0.0.1/32", "93.184.216.0/24"), false);
    private final DestinationPolicy everythingListedDev = policy(List.of("0.0.0.0/0", "::/0"), true);

    @ParameterizedTest
    @CsvSource({
            "169.254.169.254, a link-local address", "169.254.0.1, a link-local address", "fe80::1, a link-local address",
            "febf:ffff::1, a link-local address", "0.0.0.0, an address in 0.0.0.0/8", "0.1.2.3, an address in 0.0.0.0/8",
            "224.0.0.1, a multicast address", "239.255.255.250, a multicast address", "ff02::1, a multicast address",
            "ff0e::1, a multicast address", "255.255.255.255, the broadcast address", "::, the unspecified address"})
    void alwaysRefusedEvenWhenListedAndInDevMode(String address, String kind) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        for (DestinationPolicy policy : List.of(production, dev, listed, everythingListedDev)) {
            assertEquals(kind + ", which is never allowed", policy.refusal(ip, "https"), address);
            assertEquals(kind + ", which is never allowed", policy.refusal(ip, "http"), address);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, a loopback address", "127.1.2.3, a loopback address", "::1, a loopback address",
            "10.0.0.1, a private address", "10.255.255.255, a private address", "172.16.0.1, a private address",
            "172.31.255.255, a private address", "192.168.1.1, a private address",
            "100.64.0.1, a carrier-grade NAT address", "100.127.255.255, a carrier-grade NAT address",
            "fc00::1, a private (unique local) address", "fd12:3456::1, a private (unique local) address"})
    void loopbackAndPrivateRefusedInProductionAllowedInDev(String address, String kind) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertEquals(kind + ", which production mode allows only inside the allowed networks (server option allowed-networks)",
                production.refusal(ip, "https"), address);
        assertNull(dev.refusal(ip, "https"), address);
        assertNull(dev.refusal(ip, "http"), address);
        assertNull(everythingListedDev.refusal(ip, "https"), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.255.255", "169.255.0.1", "223.255.255.255", "11.0.0.1", "2001:4860:4860::8888",
            "fe00::1", "fbff::1"})
    void publicAddressesAreAllowedOverHttps(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertNull(production.refusal(ip, "https"), address);
        assertNull(dev.refusal(ip, "https"), address);
    }

    @Test
    void ipv4MappedCompatibleAndNat64AddressesAreJudgedAsTheirIpv4() throws Exception {
        for (InetAddress ip : List.of(mapped("169.254.169.254"), compatible("169.254.169.254"), nat64("169.254.169.254"))) {
            assertInstanceOf(Inet6Address.class, ip, "really an IPv6 address: " + ip);
            assertEquals("a link-local address, which is never allowed", everythingListedDev.refusal(ip, "https"), ip.toString());
        }
        for (InetAddress ip : List.of(mapped("127.0.0.1"), compatible("10.1.2.3"), nat64("192.168.0.1"))) {
            assertTrue(production.refusal(ip, "https").contains("only inside the allowed networks"), ip.toString());
            assertNull(dev.refusal(ip, "https"), ip.toString());
        }
        assertNull(listed.refusal(mapped("10.20.3.4"), "http"), "listed as IPv4, reached through a mapped address");
        assertNull(production.refusal(mapped("8.8.8.8"), "https"));
        assertNull(production.refusal(nat64("8.8.8.8"), "https"));
        assertEquals("an address in 0.0.0.0/8, which is never allowed", dev.refusal(compatible("0.0.0.5"), "https"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::a9fe:a9fe", "64:ff9b:1::a9fe:a9fe", "::ffff:0:a9fe:a9fe", "::a9fe:a9fe",
            "2002:a9fe:a9fe::", "2002:a9fe:a9fe:1234::5"})
    void everyIpv6FormOfTheMetadataAddressIsAlwaysRefused(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertInstanceOf(Inet6Address.class, ip, address);
        for (DestinationPolicy policy : List.of(production, dev, listed, everythingListedDev)) {
            assertEquals("a link-local address, which is never allowed", policy.refusal(ip, "https"), address);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "64:ff9b::7f00:1, a loopback address", "64:ff9b:1::7f00:1, a loopback address",
            "::ffff:0:7f00:1, a loopback address", "2002:7f00:1::, a loopback address",
            "64:ff9b:1::a00:1, a private address", "::ffff:0:c0a8:1, a private address",
            "2002:a00:1::1, a private address", "2002:ac10:1::, a private address",
            "2002:6440:1::, a carrier-grade NAT address"})
    void embeddedLoopbackAndPrivateAddressesAreJudgedAsTheirIpv4(String address, String kind) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertEquals(kind + ", which production mode allows only inside the allowed networks (server option allowed-networks)",
                production.refusal(ip, "https"), address);
        assertNull(dev.refusal(ip, "https"), address);
        assertNull(everythingListedDev.refusal(ip, "http"), address);
    }

    @Test
    void embeddedAddressesAreMatchedAgainstTheAllowedNetworksAsIpv4() throws Exception {
        assertNull(listed.refusal(InetAddress.getByName("64:ff9b::7f00:1"), "http"), "127.0.0.1/32 is listed");
        assertNull(listed.refusal(InetAddress.getByName("2002:a14:304::"), "http"), "10.20.3.4 is in 10.20.0.0/16");
        assertNull(listed.refusal(InetAddress.getByName("::ffff:0:a14:304"), "http"));
        assertTrue(listed.refusal(InetAddress.getByName("64:ff9b::7f00:2"), "https").startsWith("a loopback address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b:1::808:808", "2002:808:808::1", "::ffff:0:808:808", "64:ff9b::808:808"})
    void embeddedPublicAddressesAreAllowed(String address) throws Exception {
        assertNull(production.refusal(InetAddress.getByName(address), "https"), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b:1:a9fe:a9:fe00::", "64:ff9b:1:1::808:808", "64:ff9b:1:0:808:808::",
            "64:ff9b:1:ffff:ffff:ffff:ffff:ffff"})
    void theRestOfTheLocalUseNat64RangeIsAlwaysRefused(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        for (DestinationPolicy policy : List.of(production, dev, listed, everythingListedDev)) {
            assertEquals("a local-use NAT64 address outside 64:ff9b:1::/96, which is never allowed",
                    policy.refusal(ip, "https"), address);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"100.100.100.200", "fd00:ec2::254", "64:ff9b::6464:64c8", "::ffff:0:6464:64c8",
            "2002:6464:64c8::"})
    void cloudMetadataAddressesAreAlwaysRefused(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        for (DestinationPolicy policy : List.of(production, dev, listed, everythingListedDev)) {
            assertEquals("a cloud metadata address, which is never allowed", policy.refusal(ip, "https"), address);
        }
        String host = address.contains(":") ? "[" + address + "]" : address;
        assertThrows(DestinationRefusedException.class,
                () -> everythingListedDev.checkUrl(URI.create("http://" + host + "/latest")));
    }

    @Test
    void theNeighboursOfTheMetadataAddressesAreOrdinaryPrivateAddresses() throws Exception {
        for (String address : List.of("100.100.100.199", "100.100.100.201", "fd00:ec2::253", "fd00:ec2::255")) {
            InetAddress ip = InetAddress.getByName(address);
            assertTrue(production.refusal(ip, "https").contains("only inside the allowed networks"), address);
            assertNull(dev.refusal(ip, "https"), address);
        }
    }

    @Test
    void theLoopbackAndUnspecifiedIpv6AddressesAreNotMistakenForIpv4Compatible() throws Exception {
        assertNull(dev.refusal(InetAddress.getByName("::1"), "https"));
        assertEquals("the unspecified address, which is never allowed", dev.refusal(InetAddress.getByName("::"), "https"));
    }

    @Test
    void allowedNetworksOpenPrivateDestinationsAndHttpInProduction() throws Exception {
        assertNull(listed.refusal(InetAddress.getByName("10.20.3.4"), "https"));
        assertNull(listed.refusal(InetAddress.getByName("10.20.3.4"), "http"));
        assertNull(listed.refusal(InetAddress.getByName("fd00:1::5"), "https"));
        assertNull(listed.refusal(InetAddress.getByName("127.0.0.1"), "http"));
        assertNull(listed.refusal(InetAddress.getByName("93.184.216.34"), "http"), "a listed public network allows http");
        assertTrue(listed.refusal(InetAddress.getByName("10.21.0.1"), "https").startsWith("a private address"));
        assertTrue(listed.refusal(InetAddress.getByName("127.0.0.2"), "https").startsWith("a loopback address"));
        assertTrue(listed.refusal(InetAddress.getByName("fd00:2::5"), "https").startsWith("a private (unique local)"));
    }

    @Test
    void httpGoesOnlyToAllowedNetworksInProductionAndAnywhereAllowedInDev() throws Exception {
        InetAddress publicIp = InetAddress.getByName("8.8.8.8");
        assertEquals("outside the allowed networks, where production mode allows only https://", production.refusal(publicIp, "http"));
        assertNull(production.refusal(publicIp, "https"));
        assertNull(dev.refusal(publicIp, "http"));
        assertNull(dev.refusal(InetAddress.getByName("127.0.0.1"), "http"));

        DestinationRefusedException e = assertThrows(DestinationRefusedException.class,
                () -> production.checkUrl(URI.create("http://public.test/hook")));
        assertEquals("http://public.test resolves to 93.184.216.34, outside the allowed networks, where production mode"
                + " allows only https://", e.getMessage());
        assertDoesNotThrow(() -> production.checkUrl(URI.create("https://public.test/hook")));
        assertDoesNotThrow(() -> dev.checkUrl(URI.create("http://public.test/hook")));
        assertDoesNotThrow(() -> listed.checkUrl(URI.create("http://internal.test:8080/hook")));
        assertDoesNotThrow(() -> listed.checkUrl(URI.create("HTTP://internal.test/hook")), "schemes are case-insensitive");
    }

    @Test
    void checkUrlSaysWhichAddressAndWhyWithoutThePathOrQuery() {
        DestinationRefusedException e = assertThrows(DestinationRefusedException.class,
                () -> production.checkUrl(URI.create("https://x.test/services/T0K3N?key=s3cr3t")));
        assertEquals("https://x.test resolves to 169.254.169.254, a link-local address, which is never allowed", e.getMessage());
    }

    @Test
    void configurationNeedsEveryAddressAllowedButACallUsesTheAllowedOnes() throws Exception {
        DestinationRefusedException e = assertThrows(DestinationRefusedException.class,
                () -> production.checkUrl(URI.create("https://mixed.test:8443/hook")));
        assertTrue(e.getMessage().startsWith("https://mixed.test:8443 resolves to 10.0.0.7, a private address"), e.getMessage());

        assertEquals(List.of(InetAddress.getByName("93.184.216.34")), production.allowedAddresses("mixed.test", "https"));
        assertEquals(2, production.allowedAddresses("public.test", "https").size());
    }

    @Test
    void aCallIsRefusedWhenNoAddressIsAllowed() {
        DestinationRefusedException e = assertThrows(DestinationRefusedException.class,
                () -> production.allowedAddresses("x.test", "https"));
        assertEquals("x.test resolves to 169.254.169.254, a link-local address, which is never allowed", e.getMessage());
        assertThrows(DestinationRefusedException.class, () -> production.allowedAddresses("public.test", "HTTP"));
    }

    @Test
    void namesResolvingToLoopbackAreRefusedInProduction() throws Exception {
        DestinationRefusedException e = assertThrows(DestinationRefusedException.class,
                () -> production.checkUrl(URI.create("https://localhost/hook")));
        assertTrue(e.getMessage().startsWith("https://localhost resolves to "), e.getMessage());
        assertTrue(e.getMessage().contains("a loopback address"), e.getMessage());
        assertThrows(DestinationRefusedException.class, () -> production.allowedAddresses("localhost", "https"));

        assertDoesNotThrow(() -> dev.checkUrl(URI.create("https://localhost/hook")));
        DestinationPolicy loopbackListed = DestinationPolicy.of(List.of("127.0.0.0/8", "::1/128"), false);
        assertDoesNotThrow(() -> loopbackListed.checkUrl(URI.create("http://localhost:8080/hook")));
        assertFalse(loopbackListed.allowedAddresses("localhost", "http").isEmpty());
    }

    @Test
    void literalAddressesInUrlsIncludingBracketedIpv6() throws Exception {
        assertThrows(DestinationRefusedException.class, () -> dev.checkUrl(URI.create("https://[fe80::1]/x")));
        assertThrows(DestinationRefusedException.class, () -> production.checkUrl(URI.create("https://[::1]:8443/x")));
        assertThrows(DestinationRefusedException.class, () -> production.checkUrl(URI.create("https://[::ffff:10.0.0.1]/x")));
        assertThrows(DestinationRefusedException.class, () -> production.checkUrl(URI.create("https://10.0.0.1/x")));
        DestinationRefusedException metadata = assertThrows(DestinationRefusedException.class,
                () -> dev.checkUrl(URI.create("http://169.254.169.254/latest/meta-data")));
        assertEquals("http://169.254.169.254 resolves to 169.254.169.254, a link-local address, which is never allowed",
                metadata.getMessage());
        assertDoesNotThrow(() -> production.checkUrl(URI.create("https://[2001:4860:4860::8888]/x")));
        assertDoesNotThrow(() -> dev.checkUrl(URI.create("http://[::1]:8080/x")));
        assertEquals(List.of(InetAddress.getByName("::1")), dev.allowedAddresses("[::1]", "http"));
    }

    @Test
    void unresolvableHostsOtherSchemesAndMissingHostsAreRefused() {
        assertEquals("nowhere.test does not resolve", assertThrows(DestinationRefusedException.class,
                () -> dev.checkUrl(URI.create("https://nowhere.test/x"))).getMessage());
        assertEquals("'ftp' URLs are not allowed; use https://", assertThrows(DestinationRefusedException.class,
                () -> dev.checkUrl(URI.create("ftp://8.8.8.8/x"))).getMessage());
        assertThrows(DestinationRefusedException.class, () -> dev.checkUrl(URI.create("/relative/path")));
        assertEquals("the URL has no host", assertThrows(DestinationRefusedException.class,
                () -> dev.checkUrl(URI.create("https:///x"))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/40", "example.com/8", "10.0.0.0", "10.0.0/8", "1.2.3.999/32", "/8", "fc00::/129",
            "10.0.0.0/x", "10.0.0.0/-1", "", "10.0.0.0/8/8", "::g/64"})
    void aBadCidrIsRefusedByName(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DestinationPolicy.of(List.of("10.0.0.0/8", bad), false));
        assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }

    @Test
    void cidrsMatchTheirWholeRangeAndNothingElse() throws Exception {
        Cidr ten = Cidr.parse(" 10.0.0.0/8 ");
        assertEquals("10.0.0.0/8", ten.toString());
        assertTrue(ten.contains(InetAddress.getByName("10.255.255.255")));
        assertFalse(ten.contains(InetAddress.getByName("11.0.0.0")));
        assertFalse(ten.contains(InetAddress.getByName("::a00:1")), "an IPv4 network never contains an IPv6 address");
        Cidr twelve = Cidr.parse("172.16.0.0/12");
        assertTrue(twelve.contains(InetAddress.getByName("172.31.255.255")));
        assertFalse(twelve.contains(InetAddress.getByName("172.32.0.0")));
        Cidr uniqueLocal = Cidr.parse("fc00::/7");
        assertTrue(uniqueLocal.contains(InetAddress.getByName("fdff::1")));
        assertFalse(uniqueLocal.contains(InetAddress.getByName("fe00::1")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")));
        assertTrue(Cidr.parse("192.168.5.10/32").contains(InetAddress.getByName("192.168.5.10")));
        assertFalse(Cidr.parse("192.168.5.10/32").contains(InetAddress.getByName("192.168.5.11")));
    }

    private static DestinationPolicy policy(List<String> allowed, boolean devMode) {
        return DestinationPolicy.of(allowed, devMode, host -> {
            List<String> answer = DNS.get(host);
            if (answer == null) {
                return InetAddress.getAllByName(host);
            }
            InetAddress[] addresses = new InetAddress[answer.size()];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = InetAddress.getByName(answer.get(i));
            }
            return addresses;
        });
    }

    private static InetAddress mapped(String ipv4) throws UnknownHostException {
        return ipv6WithSuffix(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF}, ipv4);
    }

    private static InetAddress compatible(String ipv4) throws UnknownHostException {
        return ipv6WithSuffix(new byte[12], ipv4);
    }

    private static InetAddress nat64(String ipv4) throws UnknownHostException {
        return ipv6WithSuffix(new byte[] {0, 0x64, (byte) 0xFF, (byte) 0x9B, 0, 0, 0, 0, 0, 0, 0, 0}, ipv4);
    }

    /** An Inet6Address built from bytes, since parsing "::ffff:a.b.c.d" would already give an Inet4Address. */
    private static InetAddress ipv6WithSuffix(byte[] prefix, String ipv4) throws UnknownHostException {
        byte[] bytes = new byte[16];
        System.arraycopy(prefix, 0, bytes, 0, 12);
        System.arraycopy(InetAddress.getByName(ipv4).getAddress(), 0, bytes, 12, 4);
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
