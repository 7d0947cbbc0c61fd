package io.keycloakhooks.transport;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one attempt. {@code status} is 0 when no response came; {@code body} is at most 64 KiB of the
 * response, decoded as UTF-8; {@code headers} has lower-case names and each header's first value; {@code error}
 * is null when a response within the limits was read, else a short reason that never contains header values or
 * secrets.
 */
public record HookResponse(int status, String body, Map<String, String> headers, long latencyMillis, String error) {

    public HookResponse {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** An attempt that got no response. */
    public static HookResponse failed(String error, long latencyMillis) {
        return new HookResponse(0, "", Map.of(), latencyMillis, Objects.requireNonNull(error, "error"));
    }

    public boolean isSuccess() {
        return error == null && status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
