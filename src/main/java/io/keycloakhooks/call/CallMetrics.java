package io.keycloakhooks.call;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The refused-calls meter (docs/operations.md#metrics), one counter per lane, registered at start so that a
 * zero shows before the first refusal. Not tagged by realm: realms are unbounded.
 */
public final class CallMetrics {

    public static final String REFUSED = "keycloak.hooks.calls.refused";

    private final Map<CallLane, Counter> refused = new EnumMap<>(CallLane.class);

    public CallMetrics(MeterRegistry registry) {
        for (CallLane lane : CallLane.values()) {
            refused.put(lane, Counter.builder(REFUSED).tag("lane", lane.tag())
                    .description("Hook calls refused because the realm's concurrent calls of the lane were at the limit")
                    .register(registry));
        }
    }

    void refused(CallLane lane) {
        refused.get(lane).increment();
    }
}
