package io.keycloakhooks.delivery;

import io.keycloakhooks.transport.HookResponse;

/** What one job came to: the receiver's response (null for an unsendable job) and when the attempt started. */
record DeliveryResult(DeliveryJob job, HookResponse response, long attemptedAt) {
}
