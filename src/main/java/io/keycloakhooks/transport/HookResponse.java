package io.keycloakhooks.transport;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one attempt. {@code status} is 0 when no response came; {@code body} is at most 64 KiB of the
 * response, decoded as UTF-8; {@code headers} has lower-case names and each header's first value; {@code error}
 * is null when a response within the limits was read, else a short reason that never contains header values or
 * secrets. {@code refused} is true when the call was never sent because the caller's share of call capacity
 * was in use (docs/operations.md#call-capacity): a failure like any other for a prehook, but a webhook message is
 * tried again shortly without counting an attempt.
 */
public record HookResponse(int status, String body, Map<String, String> headers, long latencyMillis, String error,
        boolean refused) {

    public HookResponse {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    /** A response that was read, or a failure: not a capacity refusal. */
    public HookResponse(int status, String body, Map<String, String> headers, long latencyMillis, String error) {
        this(status, body, headers, latencyMillis, error, false);
    }

    /** An attempt that got no response. */
    public static HookResponse failed(String error, long latencyMillis) {
        return new HookResponse(0, "", Map.of(), latencyMillis, Objects.requireNonNull(error, "error"));
    }

    /** A call that was not sent because the capacity it needed was in use; {@code reason} says which. */
    public static HookResponse refused(String reason) {
        return new HookResponse(0, "", Map.of(), 0, Objects.requireNonNull(reason, "reason"), true);
    }

    public boolean isSuccess() {
        return error == null && status >= 200 && status < 300;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
