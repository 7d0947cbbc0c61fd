package io.keycloakhooks.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.keycloakhooks.transport.HookResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Webhook meters (docs/operations.md#metrics), registered in Keycloak's Micrometer registry, so they appear on the management
 * interface's {@code /metrics} when {@code metrics-enabled} is on.
 */
public final class DeliveryMetrics {

    public static final String DELIVERIES = "keycloak.hooks.webhook.deliveries";
    public static final String LATENCY = "keycloak.hooks.webhook.delivery.latency";
    public static final String BACKLOG = "keycloak.hooks.webhook.backlog";

    private final Counter success;
    private final Counter failure;
    private final Timer latency;
    private final AtomicLong backlog = new AtomicLong();

    public DeliveryMetrics(MeterRegistry registry) {
        success = Counter.builder(DELIVERIES).tag("result", "success")
                .description("Webhook delivery attempts by result").register(registry);
        failure = Counter.builder(DELIVERIES).tag("result", "failure")
                .description("Webhook delivery attempts by result").register(registry);
        latency = Timer.builder(LATENCY).description("Time from sending a webhook request to its response")
                .register(registry);
        Gauge.builder(BACKLOG, backlog, AtomicLong::get).description("Webhook messages waiting for delivery")
                .register(registry);
    }

    void attempt(HookResponse response) {
        (response.isSuccess() ? success : failure).increment();
        latency.record(Duration.ofMillis(response.latencyMillis()));
    }

    void backlog(long pending) {
        backlog.set(pending);
    }
}
