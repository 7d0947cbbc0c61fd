package io.keycloakhooks.transport;

import static io.keycloakhooks.transport.LocalReceiver.respond;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Name resolution in the hook HTTP client, with a scripted resolver playing the DNS server: the socket connects
 * only to addresses the policy checked, the check runs again at call time, and a slow lookup ends at the deadline.
 */
class HookHttpClientDnsTest {

    private final Map<String, InetAddress[]> dns = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final CountDownLatch slowDns = new CountDownLatch(1);
    private LocalReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = LocalReceiver.http().on("/ok", ex -> respond(ex, 200, "real"));
    }

    @AfterEach
    void stop() {
        slowDns.countDown();
        receiver.close();
    }

    @Test
    void theSocketConnectsOnlyToTheAddressesThePolicyAllowed() throws IOException {
        LocalReceiver decoy;
        try {
            decoy = LocalReceiver.http("127.0.0.2", receiver.port());
        } catch (IOException e) {
            assumeTrue(false, "cannot listen on 127.0.0.2 here: " + e.getMessage());
            return;
        }
        try (decoy) {
            decoy.on("/ok", ex -> respond(ex, 200, "decoy"));
            dns.put("hooks.test", addresses("127.0.0.2", "127.0.0.1"));
            URI url = receiver.url("http", "hooks.test", "/ok");

            HookResponse onlyFirstAllowed = post(policy(List.of("127.0.0.1/32"), false), url, 2000);
            assertTrue(onlyFirstAllowed.isSuccess(), onlyFirstAllowed.toString());
            assertEquals("real", onlyFirstAllowed.body());
            assertTrue(decoy.received.isEmpty(), "the refused address was never connected to");

            // Control: when both are allowed the client takes the first address, so the case above did filter.
            HookResponse bothAllowed = post(policy(List.of("127.0.0.0/8"), false), url, 2000);
            assertEquals("decoy", bothAllowed.body());
        }
    }

    @Test
    void aNameThatRebindsAfterTheConfigurationCheckIsRefusedAtCallTime() {
        DestinationPolicy production = policy(List.of(), false);
        URI url = receiver.url("https", "rebind.test", "/ok");
        dns.put("rebind.test", addresses("93.184.216.34"));
        assertDoesNotThrow(() -> production.checkUrl(url), "a public address passes at configuration time");

        dns.put("rebind.test", addresses("127.0.0.1"));
        HookResponse response = post(production, url, 2000);

        assertFalse(response.isSuccess());
        assertEquals("destination refused: rebind.test resolves to 127.0.0.1, a loopback address, which production mode"
                + " allows only inside the allowed networks (server option allowed-networks)", response.error());
        assertTrue(receiver.received.isEmpty());
        assertEquals(2, lookups.get(), "one lookup at configuration time, one for the connection");
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSlowLookupEndsAtTheDeadline() {
        long start = System.nanoTime();
        HookResponse response = post(policy(List.of(), true), receiver.url("http", "slow.test", "/ok"), 400);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("timeout after 400 ms", response.error());
        assertTrue(took >= 390 && took < 400 + 750, "ended at the deadline: " + took + " ms");
        assertTrue(receiver.received.isEmpty());
    }

    @Test
    void aNameThatDoesNotResolveIsAFailedAttempt() {
        HookResponse response = post(policy(List.of(), true), receiver.url("http", "nowhere.test", "/ok"), 2000);
        assertEquals("destination refused: nowhere.test does not resolve", response.error());
    }

    @Test
    void theProxyItselfIsNotPolicedOnlyTheTarget() throws IOException {
        dns.put("public.test", addresses("93.184.216.34"));
        // Production mode, and the proxy sits on loopback, outside the allowed networks: the operator chose it
        // (and lets it resolve host names).
        try (LocalReceiver proxy = LocalReceiver.http().on("/", ex -> respond(ex, 200, "via proxy"));
                HookHttpClient client = new HookHttpClient(policy(List.of("93.184.216.34/32"), false), null,
                        host -> new HttpHost("127.0.0.1", proxy.port()), true, "ua")) {
            HookResponse response = client.post(new HookRequest(URI.create("http://public.test/hook"), Map.of(),
                    new byte[0], Duration.ofSeconds(2)));

            assertTrue(response.isSuccess(), response.toString());
            assertEquals("via proxy", response.body());
            assertEquals("http://public.test/hook", proxy.received.get(0).uri().toString());
        }
    }

    private HookResponse post(DestinationPolicy policy, URI url, long timeoutMs) {
        try (HookHttpClient client = new HookHttpClient(policy, null, null, "ua")) {
            return client.post(new HookRequest(url, Map.of(), "{}".getBytes(), Duration.ofMillis(timeoutMs)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private DestinationPolicy policy(List<String> allowed, boolean devMode) {
        return DestinationPolicy.of(allowed, devMode, host -> {
            lookups.incrementAndGet();
            if (host.equals("slow.test")) {
                awaitQuietly(slowDns);
            }
            InetAddress[] answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        });
    }

    private static InetAddress[] addresses(String... literals) {
        InetAddress[] result = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            try {
                result[i] = InetAddress.getByName(literals[i]);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literals[i], e);
            }
        }
        return result;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
