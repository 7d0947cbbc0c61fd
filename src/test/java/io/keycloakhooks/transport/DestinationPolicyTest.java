package io.keycloakhooks.transport;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DestinationPolicyTest {

    private final DestinationPolicy production = DestinationPolicy.of(List.of(), false);
    private final DestinationPolicy dev = DestinationPolicy.of(List.of(), true);
    private final DestinationPolicy productionWithList = DestinationPolicy.of(List.of("10.20.0.0/16", "fd00:1::/32", "127.0.0.1/32"), false);

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "169.254.0.1", "fe80::1", "0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250",
            "ff02::1", "255.255.255.255", "::", "::ffff:169.254.169.254", "::ffff:0.0.0.0"})
    void alwaysRefusedEvenWhenListedOrInDevMode(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        DestinationPolicy everything = DestinationPolicy.of(List.of("0.0.0.0/0", "::/0"), true);
        assertNotNull(production.refusal(ip, "https"), address);
        assertNotNull(dev.refusal(ip, "https"), address);
        assertNotNull(everything.refusal(ip, "https"), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "fc00::1", "fd12:3456::1", "::ffff:10.1.2.3", "::ffff:127.0.0.1", "::7f00:1"})
    void internalRefusedInProductionAllowedInDev(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertNotNull(production.refusal(ip, "https"), address);
        assertNull(dev.refusal(ip, "https"), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    void publicAllowedOverHttpsEverywhere(String address) throws Exception {
        InetAddress ip = InetAddress.getByName(address);
        assertNull(production.refusal(ip, "https"), address);
        assertNull(dev.refusal(ip, "https"), address);
    }

    @Test
    void allowedNetworksOpenInternalDestinationsAndHttpInProduction() throws Exception {
        assertNull(productionWithList.refusal(InetAddress.getByName("10.20.3.4"), "https"));
        assertNull(productionWithList.refusal(InetAddress.getByName("10.20.3.4"), "http"));
        assertNull(productionWithList.refusal(InetAddress.getByName("::ffff:10.20.3.4"), "http"));
        assertNull(productionWithList.refusal(InetAddress.getByName("fd00:1::5"), "https"));
        assertNotNull(productionWithList.refusal(InetAddress.getByName("10.21.0.1"), "https"));
        assertNotNull(productionWithList.refusal(InetAddress.getByName("127.0.0.2"), "https"));
    }

    @Test
    void httpOnlyToListedDestinationsInProduction() throws Exception {
        assertNotNull(production.refusal(InetAddress.getByName("8.8.8.8"), "http"));
        assertNull(dev.refusal(InetAddress.getByName("8.8.8.8"), "http"));
        assertThrows(DestinationRefusedException.class, () -> production.checkUrl(URI.create("http://8.8.8.8/hook")));
    }

    @Test
    void namesResolvingToRefusedAddressesAreRefused() {
        DestinationRefusedException e = assertThrows(DestinationRefusedException.class,
                () -> production.checkUrl(URI.create("https://localhost/hook")));
        assertTrue(e.getMessage().contains("localhost"), e.getMessage());
        assertThrows(DestinationRefusedException.class, () -> production.allowedAddresses("localhost", "https"));
        assertDoesNotThrow(() -> dev.checkUrl(URI.create("https://localhost/hook")));
    }

    @Test
    void literalAddressesInUrlsIncludingBracketedIpv6() {
        assertThrows(DestinationRefusedException.class, () -> dev.checkUrl(URI.create("https://[fe80::1]/x")));
        assertThrows(DestinationRefusedException.class, () -> production.checkUrl(URI.create("https://[::1]:8443/x")));
        DestinationRefusedException metadata = assertThrows(DestinationRefusedException.class,
                () -> dev.checkUrl(URI.create("http://169.254.169.254/latest/meta-data")));
        assertTrue(metadata.getMessage().contains("169.254.169.254"));
        assertDoesNotThrow(() -> production.checkUrl(URI.create("https://[2001:4860:4860::8888]/x")));
    }

    @Test
    void unresolvableHostAndOtherSchemesAreRefused() {
        assertThrows(DestinationRefusedException.class, () -> dev.checkUrl(URI.create("https://no-such-host.invalid/x")));
        assertThrows(DestinationRefusedException.class, () -> dev.checkUrl(URI.create("ftp://8.8.8.8/x")));
    }

    @Test
    void badCidrIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DestinationPolicy.of(List.of("10.0.0.0/8", "10.0.0.0/40"), false));
        assertTrue(e.getMessage().contains("10.0.0.0/40"));
        assertThrows(IllegalArgumentException.class, () -> DestinationPolicy.of(List.of("example.com/8"), false));
        assertThrows(IllegalArgumentException.class, () -> DestinationPolicy.of(List.of("10.0.0.0"), false));
    }
}
