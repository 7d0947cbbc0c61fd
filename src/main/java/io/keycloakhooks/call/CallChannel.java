package io.keycloakhooks.call;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

import io.keycloakhooks.transport.HookHttpClient;
import io.keycloakhooks.transport.HookRequest;
import io.keycloakhooks.transport.HookResponse;

/**
 * One lane of outbound calls: its own HTTP client (connection pool, DNS lookup threads, deadline thread), so the
 * other lane cannot take them, and the realm's permits of the lane. A call over the realm's limit is not sent:
 * it fails at once with a refused response naming the option (no wait, no queue on the caller's thread), and
 * the prehook's fail mode applies or the webhook message is tried again shortly.
 */
public final class CallChannel implements Closeable {

    private final CallLane lane;
    private final HookHttpClient http;
    private final CallLimiter limiter;
    private final CallMetrics metrics;

    public CallChannel(CallLane lane, HookHttpClient http, CallLimiter limiter, CallMetrics metrics) {
        this.lane = lane;
        this.http = http;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    public CallLane lane() {
        return lane;
    }

    /** Sends the request if the realm has a free permit in this lane, else refuses it; never throws for the network. */
    public HookResponse post(String realmId, HookRequest request) {
        if (!limiter.tryAcquire(lane, realmId)) {
            metrics.refused(lane);
            return HookResponse.refused(lane.refusal(limiter.limit(lane)));
        }
        try {
            return http.post(request);
        } finally {
            limiter.release(lane, realmId);
        }
    }

    /** Realms whose every permit of this lane is in use now: claiming their messages would only refuse them. */
    public Set<String> realmsAtLimit() {
        return limiter.realmsAtLimit(lane);
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
