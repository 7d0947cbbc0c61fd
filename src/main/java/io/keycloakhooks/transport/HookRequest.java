package io.keycloakhooks.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** One POST to a hook: JSON body, extra headers, and the timeout that bounds the whole attempt. */
public record HookRequest(URI url, Map<String, String> headers, byte[] body, Duration timeout) {

    public HookRequest {
        headers = Map.copyOf(headers);
    }
}
