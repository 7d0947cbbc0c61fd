package io.keycloakhooks.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.http.HttpHost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.Lookup;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.DnsResolver;
import org.apache.http.conn.HttpClientConnectionOperator;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.RouteInfo;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.impl.conn.DefaultHttpClientConnectionOperator;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;
import org.apache.http.protocol.HttpContext;

/**
 * Opens hook connections only to addresses the destination policy allowed. The target's name is resolved once,
 * through {@link DestinationPolicy#allowedAddresses}, and those addresses are handed to the standard connection
 * operator as its {@link DnsResolver}, so the socket connects to exactly the checked addresses: no second lookup
 * that a rebinding DNS server could answer differently. This is an operator rather than a bare DnsResolver on the
 * connection manager because the policy needs the scheme (http is judged differently) and the lookup must end at
 * the attempt's deadline. A JDK lookup cannot be interrupted, so it runs on a small pool and the caller stops
 * waiting at the deadline. The hop to an operator-configured proxy is not policed: the operator chose that
 * address. The target behind a proxy is checked by {@link HookHttpClient} before the call: only IP literals go
 * through a proxy unless the operator lets the proxy resolve host names.
 */
final class PolicedConnectionOperator implements HttpClientConnectionOperator, Closeable {

    /** HttpContext attribute: the {@link System#nanoTime()} by which the whole attempt must end. */
    static final String DEADLINE_NANOS = "io.keycloakhooks.deadline-nanos";

    private static final int LOOKUP_THREADS = 16;

    private final DestinationPolicy policy;
    private final Lookup<ConnectionSocketFactory> sockets;
    /** Resolves with the system resolver: for proxies and for TLS upgrades, which resolve nothing. */
    private final HttpClientConnectionOperator unpoliced;
    private final ThreadPoolExecutor lookups;

    PolicedConnectionOperator(DestinationPolicy policy, Lookup<ConnectionSocketFactory> sockets) {
        this.policy = policy;
        this.sockets = sockets;
        this.unpoliced = new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE,
                SystemDefaultDnsResolver.INSTANCE);
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "keycloak-hooks-dns");
                    thread.setDaemon(true);
                    return thread;
                });
        lookups.allowCoreThreadTimeOut(true);
    }

    @Override
    public void connect(ManagedHttpClientConnection connection, HttpHost host, InetSocketAddress localAddress,
            int connectTimeout, SocketConfig socketConfig, HttpContext context) throws IOException {
        if (isProxyHop(host, context)) {
            unpoliced.connect(connection, host, localAddress, connectTimeout, socketConfig, context);
            return;
        }
        InetAddress[] checked = allowedAddresses(host.getHostName(), host.getSchemeName(), deadline(context, connectTimeout))
                .toArray(InetAddress[]::new);
        // A host without a preset address, so the standard operator connects to the checked addresses only.
        HttpHost byName = new HttpHost(host.getHostName(), host.getPort(), host.getSchemeName());
        DnsResolver alreadyChecked = name -> checked.clone();
        new DefaultHttpClientConnectionOperator(sockets, DefaultSchemePortResolver.INSTANCE, alreadyChecked)
                .connect(connection, byName, localAddress, connectTimeout, socketConfig, context);
    }

    @Override
    public void upgrade(ManagedHttpClientConnection connection, HttpHost host, HttpContext context) throws IOException {
        unpoliced.upgrade(connection, host, context);
    }

    /** The policy's allowed addresses for the host, looked up within the deadline. */
    List<InetAddress> allowedAddresses(String host, String scheme, long deadlineNanos) throws IOException {
        Future<List<InetAddress>> lookup = lookups.submit(() -> policy.allowedAddresses(host, scheme));
        try {
            return lookup.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new SocketTimeoutException("looking up " + host + " did not finish in time");
        } catch (InterruptedException e) {
            lookup.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking up " + host);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DestinationRefusedException refused) {
                throw new RefusedException(refused.getMessage());
            }
            throw new IOException("looking up " + host + " failed", e.getCause());
        }
    }

    private static boolean isProxyHop(HttpHost host, HttpContext context) {
        RouteInfo route = HttpClientContext.adapt(context).getHttpRoute();
        return route != null && route.getProxyHost() != null && route.getProxyHost().equals(host);
    }

    private static long deadline(HttpContext context, int connectTimeoutMillis) {
        if (context.getAttribute(DEADLINE_NANOS) instanceof Long deadline) {
            return deadline;
        }
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis > 0 ? connectTimeoutMillis : 30_000);
    }

    @Override
    public void close() {
        lookups.shutdownNow();
    }

    /** The destination policy refused every address of the target. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }
}
