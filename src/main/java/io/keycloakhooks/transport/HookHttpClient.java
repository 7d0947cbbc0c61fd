package io.keycloakhooks.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.DefaultRoutePlanner;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;
import org.apache.http.ssl.SSLContexts;

/**
 * The one HTTP client for every hook call (SPEC §3.3): pooled keep-alive connections, the hook's timeout
 * bounding the whole attempt, no redirects, at most 64 KiB of response read, TLS with the given trust, and the
 * destination policy checked on every connection. When a proxy is configured for a host, requests go through
 * it and the proxy resolves the host name; the policy then applies to our own resolution of that name.
 */
public final class HookHttpClient implements Closeable {

    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Set<String> CLIENT_HEADERS = Set.of("content-type", "user-agent", "host", "content-length");
    /** Written exactly as SPEC §3.1 spells it (ContentType would upper-case the charset). */
    private static final String JSON_UTF8 = "application/json; charset=utf-8";

    private final DestinationPolicy policy;
    private final Function<String, HttpHost> proxyForHost;
    private final String userAgent;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines;

    public HookHttpClient(DestinationPolicy policy, SSLContext sslContext, Function<String, HttpHost> proxyForHost,
            String userAgent) {
        this.policy = policy;
        this.proxyForHost = proxyForHost;
        this.userAgent = userAgent;
        SSLContext tls = sslContext != null ? sslContext : SSLContexts.createDefault();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("http", new PolicedSocketFactory(policy, PlainConnectionSocketFactory.getSocketFactory()))
                        .register("https", new PolicedSocketFactory(policy, new SSLConnectionSocketFactory(tls,
                                SSLConnectionSocketFactory.getDefaultHostnameVerifier())))
                        .build());
        connections.setMaxTotal(200);
        connections.setDefaultMaxPerRoute(50);
        connections.setValidateAfterInactivity(2_000);
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setRoutePlanner(new ProxyRoutePlanner())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(30, TimeUnit.SECONDS)
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keycloak-hooks-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends one attempt; never throws for what happens on the network: the result says. */
    public HookResponse post(HookRequest request) {
        long start = System.nanoTime();
        long timeoutMillis = request.timeout().toMillis();
        HttpPost post = new HttpPost(request.url());
        int timeout = (int) Math.min(Integer.MAX_VALUE, timeoutMillis);
        post.setConfig(RequestConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout)
                .setConnectionRequestTimeout(timeout).build());
        request.headers().forEach((name, value) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                post.setHeader(name, value);
            }
        });
        post.setHeader("User-Agent", userAgent);
        post.setHeader("Content-Type", JSON_UTF8);
        post.setEntity(new ByteArrayEntity(request.body()));

        String proxyRefusal = checkProxiedTarget(request.url());
        if (proxyRefusal != null) {
            return HookResponse.failed(proxyRefusal, elapsed(start));
        }
        ScheduledFuture<?> deadline = deadlines.schedule(post::abort, timeoutMillis, TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse response = client.execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            Map<String, String> headers = new HashMap<>();
            for (Header header : response.getAllHeaders()) {
                headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            byte[] body = readLimited(response.getEntity());
            long latency = elapsed(start);
            if (body == null) {
                return new HookResponse(status, "", headers, latency, "response body over " + MAX_RESPONSE_BYTES + " bytes");
            }
            String error = status >= 300 && status < 400 ? "redirect not followed (status " + status + ")" : null;
            return new HookResponse(status, new String(body, StandardCharsets.UTF_8), headers, latency, error);
        } catch (IOException e) {
            long latency = elapsed(start);
            boolean timedOut = post.isAborted() || latency >= timeoutMillis;
            return HookResponse.failed(timedOut ? "timeout after " + timeoutMillis + " ms" : describe(e), latency);
        } finally {
            deadline.cancel(false);
        }
    }

    /** With a proxy, the proxy resolves the target; check our own resolution of it at least. */
    private String checkProxiedTarget(URI url) {
        if (proxyForHost == null || proxyForHost.apply(url.getHost()) == null) {
            return null;
        }
        try {
            policy.allowedAddresses(url.getHost(), url.getScheme());
            return null;
        } catch (DestinationRefusedException e) {
            return e.getMessage();
        }
    }

    /** The body, or null when it is over the limit. */
    private static byte[] readLimited(HttpEntity entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            return body.length > MAX_RESPONSE_BYTES ? null : body;
        }
    }

    private static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicedSocketFactory.RefusedConnectException) {
                return "destination refused: " + cause.getMessage();
            }
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectTimeoutException || e instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SSLException) {
            return "TLS failure: " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    private final class ProxyRoutePlanner extends DefaultRoutePlanner {
        ProxyRoutePlanner() {
            super(DefaultSchemePortResolver.INSTANCE);
        }

        @Override
        protected HttpHost determineProxy(HttpHost target, HttpRequest request, HttpContext context) throws HttpException {
            return proxyForHost == null ? null : proxyForHost.apply(target.getHostName());
        }
    }
}
