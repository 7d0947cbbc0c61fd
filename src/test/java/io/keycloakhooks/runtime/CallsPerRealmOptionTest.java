package io.keycloakhooks.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.Map;

import io.keycloakhooks.call.CallLane;
import io.keycloakhooks.call.CallLimiter;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

/** The server options login-calls-per-realm and webhook-calls-per-realm: defaults, values, and out-of-range starts. */
class CallsPerRealmOptionTest {

    @Test
    void unsetOptionsGiveTheDocumentedDefaults() {
        CallLimiter limiter = DefaultHooksRuntimeFactory.callLimiter(scope(Map.of()));
        assertEquals(20, limiter.limit(CallLane.LOGIN));
        assertEquals(16, limiter.limit(CallLane.WEBHOOK));
    }

    @Test
    void setOptionsAreUsed() {
        CallLimiter limiter = DefaultHooksRuntimeFactory.callLimiter(scope(Map.of("login-calls-per-realm", 5,
                "webhook-calls-per-realm", 3)));
        assertEquals(5, limiter.limit(CallLane.LOGIN));
        assertEquals(3, limiter.limit(CallLane.WEBHOOK));
    }

    @Test
    void outOfRangeValuesStopTheStartNamingTheOption() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> DefaultHooksRuntimeFactory.callLimiter(scope(Map.of("login-calls-per-realm", 0))));
        assertEquals("login-calls-per-realm must be between 1 and 10000, not 0", zero.getMessage());
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> DefaultHooksRuntimeFactory.callLimiter(scope(Map.of("webhook-calls-per-realm", 10_001))));
        assertEquals("webhook-calls-per-realm must be between 1 and 10000, not 10001", huge.getMessage());
    }

    @Test
    void bothOptionsAreDeclaredWithTheirDefaults() {
        Map<String, Object> defaults = new java.util.HashMap<>();
        new DefaultHooksRuntimeFactory().getConfigMetadata().forEach(p -> defaults.put(p.getName(), p.getDefaultValue()));
        assertEquals(20, defaults.get("login-calls-per-realm"));
        assertEquals(16, defaults.get("webhook-calls-per-realm"));
    }

    /** A scope with the given int options; every other read gets its default. */
    private static Config.Scope scope(Map<String, Integer> values) {
        return (Config.Scope) Proxy.newProxyInstance(Config.Scope.class.getClassLoader(),
                new Class<?>[] { Config.Scope.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getInt") && args.length == 2) {
                        return values.getOrDefault((String) args[0], (Integer) args[1]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
