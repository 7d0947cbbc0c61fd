package io.keycloakhooks.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.apache.http.HttpException;
import org.apache.http.NoHttpResponseException;

/** Words a failed attempt for admins and logs (timeouts are worded by the client, which knows the deadline). */
final class FailureReasons {

    private FailureReasons() {
    }

    /** A short reason for a failure; never a header value or a secret. */
    static String describe(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PolicedConnectionOperator.RefusedException) {
                return "destination refused: " + cause.getMessage();
            }
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to host";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SSLPeerUnverifiedException) {
            return "TLS failure: the certificate does not match the host name";
        }
        if (e instanceof SSLException) {
            return hasCause(e, GeneralSecurityException.class) ? "TLS failure: the certificate is not trusted"
                    : "TLS failure: " + e.getMessage();
        }
        if (e instanceof NoHttpResponseException) {
            return "the server closed the connection without a response";
        }
        if (e instanceof BoundedResponseParser.TooLargeException) {
            return e.getMessage();
        }
        Throwable reason = e.getCause() instanceof HttpException ? e.getCause() : e;
        // HttpCore quotes the line it could not parse: response content, maybe a header value
        String message = reason.getMessage() == null ? "" : reason.getMessage().toLowerCase(Locale.ROOT);
        if (message.startsWith("invalid header")) {
            return "malformed response header";
        }
        if (message.contains("status line") || message.contains("protocol version")
                || message.contains("protocol major") || message.contains("protocol minor")) {
            return "malformed response status line";
        }
        return reason.getClass().getSimpleName() + (reason.getMessage() == null ? "" : ": " + reason.getMessage());
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
