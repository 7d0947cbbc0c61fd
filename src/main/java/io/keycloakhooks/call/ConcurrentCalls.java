package io.keycloakhooks.call;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import io.keycloakhooks.call.HookCaller.PreparedCall;
import io.keycloakhooks.transport.HookResponse;

/**
 * Sends several hook calls at once, so the caller waits as long as the slowest (each is bounded by its own timeout),
 * not the sum. All calls but the last go to the executor; the last runs on the calling thread, which would only
 * wait anyway, so the usual single call costs no thread hand-off. A call that throws counts as a failed attempt.
 */
public final class ConcurrentCalls {

    private ConcurrentCalls() {
    }

    /** @return the response of each call, in order; null where {@code calls} holds null (nothing to send) */
    public static HookResponse[] send(ExecutorService executor, PreparedCall[] calls) {
        int last = calls.length - 1;
        while (last >= 0 && calls[last] == null) {
            last--;
        }
        @SuppressWarnings("unchecked")
        Future<HookResponse>[] pending = new Future[calls.length];
        for (int i = 0; i < last; i++) {
            if (calls[i] != null) {
                pending[i] = executor.submit(calls[i]::send);
            }
        }
        HookResponse[] responses = new HookResponse[calls.length];
        if (last >= 0) {
            responses[last] = sendHere(calls[last]);
        }
        for (int i = 0; i < last; i++) {
            if (pending[i] != null) {
                responses[i] = await(pending[i]);
            }
        }
        return responses;
    }

    private static HookResponse sendHere(PreparedCall call) {
        try {
            return call.send();
        } catch (RuntimeException e) {
            return HookResponse.failed("call failed: " + e.getClass().getSimpleName(), 0);
        }
    }

    private static HookResponse await(Future<HookResponse> response) {
        try {
            return response.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.cancel(true);
            return HookResponse.failed("interrupted", 0);
        } catch (ExecutionException e) {
            return HookResponse.failed("call failed: " + e.getCause().getClass().getSimpleName(), 0);
        }
    }
}
