package io.keycloakhooks.delivery;

import io.keycloakhooks.call.HookCaller.PreparedCall;

/**
 * A claimed message ready to send: its signed call, or the reason it cannot be sent at all (its webhook was
 * deleted or disabled), in which case it fails without an attempt.
 */
record DeliveryJob(String messageId, String leaseToken, String realmId, String webhookId, String trigger,
        PreparedCall call, String unsendable) {
}
