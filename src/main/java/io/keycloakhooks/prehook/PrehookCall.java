package io.keycloakhooks.prehook;

import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.transport.HookResponse;

/**
 * One prehook's call and what it means for the flow: a denial stops it with the hook's message; a failure
 * stops it only when the hook fails closed, then with the generic {@value #UNAVAILABLE_KEY} message.
 */
public record PrehookCall(PrehookConfig hook, HookResponse response, PrehookDecision decision) {

    public static final String UNAVAILABLE_KEY = "hooksUnavailable";

    public static PrehookCall of(PrehookConfig hook, HookResponse response) {
        return new PrehookCall(hook, response, DecisionParser.parse(response));
    }

    /** Whether the flow may go on after this hook, its fail mode applied. */
    public boolean proceeds() {
        return switch (decision.outcome()) {
            case ALLOW -> true;
            case DENY -> false;
            case FAILURE -> hook.failMode() == FailMode.OPEN;
        };
    }

    /** The message key a stopped flow shows when the hook gave no message of its own. */
    public String fallbackMessageKey() {
        return decision.outcome() == PrehookDecision.Outcome.FAILURE ? UNAVAILABLE_KEY : "hooksDenied";
    }
}
