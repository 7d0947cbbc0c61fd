package io.keycloakhooks.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ComponentPlanTest {

    @Test
    void createsUpdatesAndRemovesSoComponentsMatchTheAttributes() {
        Map<String, Map<String, List<String>>> desired = new LinkedHashMap<>();
        desired.put("kept", config("kept", "https://kept.example/"));
        desired.put("changed", config("changed", "https://new.example/"));
        desired.put("added", config("added", "https://added.example/"));
        List<ComponentPlan.Existing> existing = List.of(
                new ComponentPlan.Existing("c1", config("kept", "https://kept.example/")),
                new ComponentPlan.Existing("c2", config("changed", "https://old.example/")),
                new ComponentPlan.Existing("c3", config("deleted", "https://gone.example/")),
                new ComponentPlan.Existing("c4", config("kept", "https://kept.example/")),
                new ComponentPlan.Existing("c5", Map.of("url", List.of("https://no-id.example/"))));

        ComponentPlan plan = ComponentPlan.of(desired, existing);

        assertEquals(List.of(new ComponentPlan.Create("added", config("added", "https://added.example/"))), plan.creates());
        assertEquals(List.of(new ComponentPlan.Update("c2", "changed", config("changed", "https://new.example/"))),
                plan.updates());
        assertEquals(List.of("c3", "c4", "c5"), plan.removes(), "a deleted hook's, a duplicate's and an id-less component");
    }

    @Test
    void theOrderOfMultiValuedFieldsAndEmptyValuesDoNotCount() {
        Map<String, List<String>> wanted = Map.of("hookId", List.of("a"), "events", List.of("user.*", "tenant.*"));
        Map<String, List<String>> stored = Map.of("hookId", List.of("a"), "events", List.of("tenant.*", "user.*"),
                "name", List.of());

        assertTrue(ComponentPlan.of(Map.of("a", wanted), List.of(new ComponentPlan.Existing("c", stored))).isEmpty());
    }

    @Test
    void nothingToDoWhenBothAreEmpty() {
        assertTrue(ComponentPlan.of(Map.of(), List.of()).isEmpty());
    }

    private static Map<String, List<String>> config(String id, String url) {
        return Map.of("hookId", List.of(id), "url", List.of(url), "enabled", List.of("true"));
    }
}
