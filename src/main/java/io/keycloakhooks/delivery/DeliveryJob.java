package io.keycloakhooks.delivery;

import io.keycloakhooks.runtime.HookCaller.PreparedCall;

/**
 * A claimed message ready to send: its signed call, or the reason it cannot be sent at all (its webhook was
 * deleted or disabled), in which case it fails without an attempt.
 */
record DeliveryJob(String messageId, String leaseToken, String realmId, String webhookId, String trigger,
        PreparedCall call, String unsendable) {

    static final String INITIAL = "initial";
    static final String RETRY = "retry";
    static final String REDELIVER = "redeliver";

    /** Why this attempt runs: the first one, a scheduled retry, or a retry after a redelivery by hand. */
    static String trigger(int attempts, int retryStep) {
        if (attempts == 0) {
            return INITIAL;
        }
        return retryStep == 0 ? REDELIVER : RETRY;
    }
}
