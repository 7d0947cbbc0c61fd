package io.keycloakhooks.transport;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one attempt. {@code status} is 0 when no response came; {@code error} is null when a response
 * within the limits was read, else a short reason that never contains header values or secrets.
 */
public record HookResponse(int status, String body, Map<String, String> headers, long latencyMillis, String error) {

    public HookResponse {
        headers = Map.copyOf(headers);
    }

    public static HookResponse failed(String error, long latencyMillis) {
        return new HookResponse(0, "", Map.of(), latencyMillis, error);
    }

    public boolean isSuccess() {
        return error == null && status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
