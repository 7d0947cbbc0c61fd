package io.keycloakhooks.execlog;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Prehook meters (docs/operations.md#metrics): calls by trigger and decision, call latency by trigger, log records
 * dropped because the queue was full or the database refused them.
 */
public final class PrehookMetrics {

    public static final String CALLS = "keycloak.hooks.prehook.calls";
    public static final String LATENCY = "keycloak.hooks.prehook.latency";
    public static final String DROPPED = "keycloak.hooks.prehook.executions.dropped";
    public static final String REFUSED = "keycloak.hooks.prehook.executions.refused";

    private final MeterRegistry registry;
    private final Map<String, Counter> calls = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public PrehookMetrics(MeterRegistry registry, ExecutionLog log) {
        this.registry = registry;
        FunctionCounter.builder(DROPPED, log, ExecutionLog::dropped)
                .description("Prehook execution log records dropped because the log's queue was full")
                .register(registry);
        FunctionCounter.builder(REFUSED, log, ExecutionLog::refused)
                .description("Prehook execution log records dropped because the database refused them")
                .register(registry);
    }

    void call(String trigger, String decision, long latencyMillis) {
        calls.computeIfAbsent(trigger + ' ' + decision, k -> Counter.builder(CALLS).tag("trigger", trigger)
                .tag("decision", decision).description("Prehook calls by trigger and decision").register(registry))
                .increment();
        latency.computeIfAbsent(trigger, k -> Timer.builder(LATENCY).tag("trigger", trigger)
                .description("Time from sending a prehook request to its response").register(registry))
                .record(Duration.ofMillis(latencyMillis));
    }
}
