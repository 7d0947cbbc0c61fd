package io.keycloakhooks.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The server option proxy-resolves-host-names: false unless set, and a value that is no boolean stops the start. */
class ProxyOptionTest {

    @Test
    void absentOrBlankIsFalse() {
        assertFalse(DefaultHooksRuntimeFactory.proxyResolvesHostNames(null));
        assertFalse(DefaultHooksRuntimeFactory.proxyResolvesHostNames(" "));
    }

    @Test
    void trueAndFalseInAnyCase() {
        assertTrue(DefaultHooksRuntimeFactory.proxyResolvesHostNames("true"));
        assertTrue(DefaultHooksRuntimeFactory.proxyResolvesHostNames(" TRUE "));
        assertFalse(DefaultHooksRuntimeFactory.proxyResolvesHostNames("false"));
        assertFalse(DefaultHooksRuntimeFactory.proxyResolvesHostNames("False"));
    }

    @Test
    void anythingElseIsAnErrorNamingTheOption() {
        for (String bad : new String[] { "yes", "1", "on", "treu" }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DefaultHooksRuntimeFactory.proxyResolvesHostNames(bad));
            assertEquals("proxy-resolves-host-names must be true or false, not '" + bad + "'", e.getMessage());
        }
    }

    @Test
    void theOptionIsDeclaredWithDefaultFalse() {
        var property = new DefaultHooksRuntimeFactory().getConfigMetadata().stream()
                .filter(p -> p.getName().equals("proxy-resolves-host-names")).findFirst().orElseThrow();
        assertEquals(false, property.getDefaultValue());
        assertEquals("boolean", property.getType());
    }
}
