package io.keycloakhooks.transport;

import static io.keycloakhooks.transport.LocalReceiver.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through an operator-configured outgoing proxy (a real local HTTP server standing in for it): the proxy
 * resolves host names itself, so by default only IP-literal targets go through it.
 */
class HookHttpClientProxyTest {

    private LocalReceiver target;
    private LocalReceiver proxy;
    /** Every host goes through the proxy. */
    private Function<String, HttpHost> everyHost;

    @BeforeEach
    void start() throws IOException {
        target = LocalReceiver.http().on("/ok", ex -> respond(ex, 200, "direct"));
        proxy = LocalReceiver.http().on("/", ex -> respond(ex, 204, ""));
        everyHost = host -> new HttpHost("127.0.0.1", proxy.port());
    }

    @AfterEach
    void stop() {
        target.close();
        proxy.close();
    }

    @Test
    void aHostNameThroughAProxyIsRefusedByDefaultNamingSchemeAndHost() throws IOException {
        try (HookHttpClient viaProxy = client(DestinationPolicy.of(List.of(), false), everyHost, false)) {
            HookResponse response = post(viaProxy, URI.create("https://hooks.example.com/hook?token=secret"));

            assertFalse(response.isSuccess());
            assertEquals(0, response.status(), "no response: nothing was sent");
            assertEquals("destination refused: https://hooks.example.com is reached through the outgoing proxy, which "
                    + "resolves host names itself (DNS rebinding); the server option proxy-resolves-host-names=true "
                    + "allows it", response.error());
            assertTrue(proxy.received.isEmpty(), "the proxy was not asked");
        }
    }

    @Test
    void theRefusalNamesThePortAndHoldsForHttpToo() throws IOException {
        try (HookHttpClient viaProxy = client(DestinationPolicy.of(List.of(), true), everyHost, false)) {
            HookResponse response = post(viaProxy, target.url("http", "localhost", "/ok"));

            assertEquals("destination refused: http://localhost:" + target.port() + " is reached through the "
                    + "outgoing proxy, which resolves host names itself (DNS rebinding); the server option "
                    + "proxy-resolves-host-names=true allows it", response.error());
            assertTrue(proxy.received.isEmpty(), "the proxy was not asked");
            assertTrue(target.received.isEmpty(), "nor the target");
        }
    }

    @Test
    void anIpLiteralTheProxyAllowsGoesThroughTheProxy() throws IOException {
        try (HookHttpClient viaProxy = client(DestinationPolicy.of(List.of(), true), everyHost, false)) {
            HookResponse response = post(viaProxy, target.url("/ok"));

            assertTrue(response.isSuccess(), response.toString());
            assertEquals(204, response.status(), "the proxy answered");
            assertEquals(List.of("http://127.0.0.1:" + target.port() + "/ok"),
                    proxy.received.stream().map(r -> r.uri().toString()).toList(), "the proxy got the absolute URI");
            assertTrue(target.received.isEmpty(), "the target was reached only through the proxy");
        }
    }

    @Test
    void aRefusedIpLiteralIsNotSentToTheProxy() throws IOException {
        try (HookHttpClient viaProxy = client(DestinationPolicy.of(List.of(), false), everyHost, false)) {
            HookResponse response = post(viaProxy, URI.create("https://169.254.169.254/latest/meta-data"));

            assertFalse(response.isSuccess());
            assertEquals("destination refused: 169.254.169.254 resolves to 169.254.169.254, a link-local address, "
                    + "which is never allowed", response.error());
            assertTrue(proxy.received.isEmpty(), "the proxy was not asked either");
        }
    }

    @Test
    void withTheOptionTheProxyResolvesHostNames() throws IOException {
        try (HookHttpClient viaProxy = client(DestinationPolicy.of(List.of(), true), everyHost, true)) {
            HookResponse response = post(viaProxy, target.url("http", "localhost", "/ok"));

            assertTrue(response.isSuccess(), response.toString());
            assertEquals(List.of("http://localhost:" + target.port() + "/ok"),
                    proxy.received.stream().map(r -> r.uri().toString()).toList(), "the proxy got the host name");
            assertTrue(target.received.isEmpty(), "the target was reached only through the proxy");
        }
    }

    @Test
    void withTheOptionANameOurResolutionRefusesIsStillRefused() throws IOException {
        try (HookHttpClient viaProxy = client(DestinationPolicy.of(List.of(), false), everyHost, true)) {
            HookResponse response = post(viaProxy, target.url("https", "localhost", "/ok"));

            assertFalse(response.isSuccess());
            assertTrue(response.error().startsWith("destination refused: localhost resolves to "), response.error());
            assertTrue(response.error().contains("loopback"), response.error());
            assertTrue(proxy.received.isEmpty(), "the proxy was not asked");
        }
    }

    @Test
    void aHostNameThatNoProxyMapsIsCalledDirectly() throws IOException {
        Function<String, HttpHost> othersOnly = host -> host.equals("localhost") ? null : everyHost.apply(host);
        try (HookHttpClient client = client(DestinationPolicy.of(List.of(), true), othersOnly, false)) {
            HookResponse response = post(client, target.url("http", "localhost", "/ok"));

            assertTrue(response.isSuccess(), response.toString());
            assertEquals("direct", response.body());
            assertTrue(proxy.received.isEmpty(), "NO_PROXY-style exclusions keep host names working");
        }
    }

    @Test
    void ipLiteralsAreToldFromHostNames() {
        for (String literal : List.of("127.0.0.1", "203.0.113.5", "[::1]", "[2001:db8::5]", "[::ffff:169.254.169.254]",
                "::1")) {
            assertTrue(HookHttpClient.isIpLiteral(literal), literal);
        }
        for (String name : List.of("hooks.example.com", "localhost", "127.1", "0x7f000001", "2130706433",
                "127.0.0.1.nip.io", "1.2.3.4.")) {
            assertFalse(HookHttpClient.isIpLiteral(name), name);
        }
    }

    private static HookHttpClient client(DestinationPolicy policy, Function<String, HttpHost> proxies,
            boolean proxyResolvesHostNames) {
        return new HookHttpClient(policy, null, proxies, proxyResolvesHostNames, "ua");
    }

    private static HookResponse post(HookHttpClient client, URI url) {
        return client.post(new HookRequest(url, Map.of(), new byte[0], Duration.ofSeconds(2)));
    }
}
