package io.keycloakhooks.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.Registry;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.util.InetAddressUtils;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.DefaultRoutePlanner;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.ManagedHttpClientConnectionFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;
import org.apache.http.ssl.SSLContexts;
import org.jboss.logging.Logger;

/**
 * The one HTTP client for every hook call (docs/operations.md#outbound-http): pooled keep-alive connections, the hook's timeout bounding
 * the whole attempt (an abort at the deadline, not only socket timeouts), no redirects, at most 64 KiB of response
 * body read, a bounded response head ({@link BoundedResponseParser}), TLS with the given trust and standard host
 * name verification, and the destination policy applied to every new connection (see
 * {@link PolicedConnectionOperator}).
 * <p>
 * When {@code proxyForHost} returns a proxy for a host, the request goes through that proxy and the <em>proxy</em>
 * resolves the host name, so the address it connects to is out of our hands (a DNS server that answers the proxy
 * differently than us would slip past the policy). So by default a call whose target is a host name and that would
 * go through a proxy fails before anything is sent; only IP-literal targets, which the proxy cannot resolve
 * differently, go through it, after the policy checked the literal. The operator may let the proxy resolve names
 * ({@code proxyResolvesHostNames}); then we still refuse targets that our own resolution of the name refuses, which
 * stops names that point inward at the time of the call.
 */
public final class HookHttpClient implements Closeable {

    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** The server option that lets a proxy resolve host names (named in the refusal). */
    public static final String PROXY_OPTION = "proxy-resolves-host-names";

    private static final Logger LOG = Logger.getLogger(HookHttpClient.class);
    /** Headers the client owns; a request's own values for these are ignored. */
    private static final Set<String> CLIENT_HEADERS = Set.of("content-type", "content-length", "user-agent", "host",
            "transfer-encoding", "connection");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Function<String, HttpHost> proxyForHost;
    private final boolean proxyResolvesHostNames;
    private final String userAgent;
    private final PolicedConnectionOperator connections;
    private final CloseableHttpClient client;
    private final ScheduledThreadPoolExecutor deadlines;

    /** A client whose proxies (if any) get IP-literal targets only: see the class comment. */
    public HookHttpClient(DestinationPolicy policy, SSLContext sslContext, Function<String, HttpHost> proxyForHost,
            String userAgent) {
        this(policy, sslContext, proxyForHost, false, userAgent);
    }

    /**
     * @param sslContext             trust for https destinations; null uses the JDK's default
     * @param proxyForHost           the proxy for a target host name, or null for a direct connection; null for no
     *                               proxies
     * @param proxyResolvesHostNames whether a host-name target may go through a proxy, which resolves it itself
     *                               (server option {@value #PROXY_OPTION}); false refuses such calls
     */
    public HookHttpClient(DestinationPolicy policy, SSLContext sslContext, Function<String, HttpHost> proxyForHost,
            boolean proxyResolvesHostNames, String userAgent) {
        this.proxyForHost = proxyForHost;
        this.proxyResolvesHostNames = proxyResolvesHostNames;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
        Registry<ConnectionSocketFactory> sockets = RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", new SSLConnectionSocketFactory(sslContext != null ? sslContext : SSLContexts.createDefault(),
                        SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .build();
        this.connections = new PolicedConnectionOperator(Objects.requireNonNull(policy, "policy"), sockets);
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(connections,
                new ManagedHttpClientConnectionFactory(BoundedResponseParser.FACTORY), -1, TimeUnit.MILLISECONDS);
        pool.setDefaultConnectionConfig(BoundedResponseParser.CONNECTION_CONFIG);
        pool.setMaxTotal(200);
        pool.setDefaultMaxPerRoute(50);
        pool.setValidateAfterInactivity(2_000);
        this.client = HttpClients.custom()
                .setConnectionManager(pool)
                .setRoutePlanner(new ProxyRoutePlanner())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression() // no Accept-Encoding: answers are small, and two interceptors less per call
                .evictIdleConnections(30, TimeUnit.SECONDS)
                .build();
        this.deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "keycloak-hooks-http-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /** Sends one attempt; never throws for what happens on the network: the result says. */
    public HookResponse post(HookRequest request) {
        HookResponse response = attempt(request, System.nanoTime());
        if (response.error() != null) {
            LOG.debugf("Hook call to %s failed after %d ms: %s", request.url().getHost(), response.latencyMillis(),
                    response.error());
        }
        return response;
    }

    private HookResponse attempt(HookRequest request, long start) {
        String badHeader = invalidHeaderName(request.headers());
        if (badHeader != null) {
            return HookResponse.failed("request header '" + badHeader + "' has an invalid name or value", 0);
        }
        String proxyRefusal = proxyRefusal(request.url());
        if (proxyRefusal != null) {
            return HookResponse.failed(proxyRefusal, 0);
        }
        long timeoutMillis = request.timeout().toMillis();
        long deadlineNanos = start + request.timeout().toNanos();
        HttpPost post = newPost(request);
        ScheduledFuture<?> deadline = deadlines.schedule(post::abort, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            checkProxiedTarget(request.url(), deadlineNanos);
            HttpClientContext context = HttpClientContext.create();
            context.setAttribute(PolicedConnectionOperator.DEADLINE_NANOS, deadlineNanos);
            try (CloseableHttpResponse response = client.execute(post, context)) {
                return read(response, post, start);
            }
        } catch (IOException e) {
            boolean timedOut = post.isAborted() || e instanceof SocketTimeoutException
                    || e instanceof ConnectTimeoutException || System.nanoTime() - deadlineNanos >= 0;
            String error = !(e instanceof PolicedConnectionOperator.RefusedException) && timedOut
                    ? "timeout after " + timeoutMillis + " ms" : FailureReasons.describe(e);
            return HookResponse.failed(error, elapsed(start));
        } finally {
            deadline.cancel(false);
        }
    }

    private HttpPost newPost(HookRequest request) {
        HttpPost post = new HttpPost(request.url());
        int timeout = (int) Math.min(Integer.MAX_VALUE, request.timeout().toMillis());
        post.setConfig(RequestConfig.custom()
                .setConnectTimeout(timeout)
                .setSocketTimeout(timeout)
                .setConnectionRequestTimeout(timeout)
                .setRedirectsEnabled(false)
                .build());
        request.headers().forEach((name, value) -> {
            if (!CLIENT_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                post.setHeader(name, value);
            }
        });
        post.setHeader("User-Agent", userAgent);
        // written exactly as docs/receivers.md#what-every-request-looks-like shows it (ContentType would upper-case the charset)
        post.setHeader("Content-Type", request.contentType());
        post.setEntity(new ByteArrayEntity(request.body()));
        return post;
    }

    private boolean isProxied(URI url) {
        return proxyForHost != null && url.getHost() != null && proxyForHost.apply(url.getHost()) != null;
    }

    /**
     * Why a call cannot go through its proxy, or null: a host-name target through a proxy, unless the operator lets
     * the proxy resolve names. Names the scheme and host (and port), never the path.
     */
    private String proxyRefusal(URI url) {
        if (proxyResolvesHostNames || !isProxied(url) || isIpLiteral(url.getHost())) {
            return null;
        }
        String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        return "destination refused: " + origin + " is reached through the outgoing proxy, which resolves host names "
                + "itself (DNS rebinding); the server option " + PROXY_OPTION + "=true allows it";
    }

    /** A URI's host in brackets is an IPv6 literal by the URI grammar; anything not a plain literal is a name. */
    static boolean isIpLiteral(String host) {
        return host.startsWith("[") && host.endsWith("]") || InetAddressUtils.isIPv4Address(host)
                || InetAddressUtils.isIPv6Address(host);
    }

    /**
     * Through a proxy the proxy connects to the target: we refuse what the policy refuses for it (an IP literal is
     * judged as it is; a name the operator lets the proxy resolve is judged by our own resolution).
     */
    private void checkProxiedTarget(URI url, long deadlineNanos) throws IOException {
        if (isProxied(url)) {
            connections.allowedAddresses(url.getHost(), url.getScheme(), deadlineNanos);
        }
    }

    private static HookResponse read(CloseableHttpResponse response, HttpPost post, long start) throws IOException {
        int status = response.getStatusLine().getStatusCode();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : response.getAllHeaders()) {
            headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
        }
        byte[] body = readLimited(response.getEntity(), post);
        if (body == null) {
            return new HookResponse(status, "", headers, elapsed(start), "response body over " + MAX_RESPONSE_BYTES + " bytes");
        }
        String error = status >= 300 && status < 400 ? "redirect not followed (status " + status + ")" : null;
        return new HookResponse(status, new String(body, StandardCharsets.UTF_8), headers, elapsed(start), error);
    }

    /**
     * The body, or null when it is over the limit: then the request is aborted, which closes the connection
     * without reading the rest. Closing the body's stream would read it to its end, endlessly for a chunked body
     * that never ends, so the stream is closed only after its end was read (which keeps the connection for reuse).
     */
    private static byte[] readLimited(HttpEntity entity, HttpPost post) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity.getContentLength() <= MAX_RESPONSE_BYTES) {
            InputStream in = entity.getContent();
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (body.length <= MAX_RESPONSE_BYTES) {
                in.close();
                return body;
            }
        }
        post.abort();
        return null;
    }

    /** The name of the first header that could not be sent as is (a line break would inject headers), or null. */
    private static String invalidHeaderName(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!HEADER_NAME.matcher(header.getKey()).matches() || !isValidHeaderValue(header.getValue())) {
                return header.getKey().replaceAll("[^\\x21-\\x7E]", "?");
            }
        }
        return null;
    }

    /** No control characters but tab (a line break would inject headers). A loop: this runs on every call. */
    static boolean isValidHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        try {
            client.close();
        } finally {
            connections.close();
        }
    }

    private final class ProxyRoutePlanner extends DefaultRoutePlanner {
        ProxyRoutePlanner() {
            super(DefaultSchemePortResolver.INSTANCE);
        }

        @Override
        protected HttpHost determineProxy(HttpHost target, HttpRequest request, HttpContext context) {
            return proxyForHost == null ? null : proxyForHost.apply(target.getHostName());
        }
    }
}
