package io.keycloakhooks.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.apache.http.HttpHost;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.routing.RouteInfo;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * Checks the destination policy on the very address a socket is about to connect to, so no second DNS lookup
 * can slip another address past the check (DNS rebinding). Connections to an operator-configured proxy are
 * not checked here: the proxy resolves the target (see {@link HookHttpClient}).
 */
final class PolicedSocketFactory implements LayeredConnectionSocketFactory {

    private final DestinationPolicy policy;
    private final ConnectionSocketFactory delegate;

    PolicedSocketFactory(DestinationPolicy policy, ConnectionSocketFactory delegate) {
        this.policy = policy;
        this.delegate = delegate;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
        return delegate.createSocket(context);
    }

    @Override
    public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
            InetSocketAddress localAddress, HttpContext context) throws IOException {
        if (!isProxy(host, context)) {
            String refusal = policy.refusal(remoteAddress.getAddress(), host.getSchemeName());
            if (refusal != null) {
                throw new RefusedConnectException(host.getHostName() + " resolves to "
                        + remoteAddress.getAddress().getHostAddress() + ", " + refusal);
            }
        }
        return delegate.connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
        if (delegate instanceof LayeredConnectionSocketFactory layered) {
            return layered.createLayeredSocket(socket, target, port, context);
        }
        return socket;
    }

    private static boolean isProxy(HttpHost host, HttpContext context) {
        RouteInfo route = HttpClientContext.adapt(context).getHttpRoute();
        return route != null && route.getProxyHost() != null && route.getProxyHost().equals(host);
    }

    /** A connect refused by the policy; a ConnectException, so the next resolved address is tried. */
    static final class RefusedConnectException extends ConnectException {
        RefusedConnectException(String message) {
            super(message);
        }
    }
}
