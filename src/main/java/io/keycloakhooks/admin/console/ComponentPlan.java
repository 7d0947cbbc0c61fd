package io.keycloakhooks.admin.console;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What to change so that the page components of one kind match the hooks in the realm attributes (the source
 * of truth): a component per hook, with the hook's form config; components of hooks that no longer exist, and
 * duplicates, go. Multi-valued fields compare as sets, since Keycloak does not keep the order of a component's
 * values.
 */
public record ComponentPlan(List<Create> creates, List<Update> updates, List<String> removes) {

    /** A component as stored: its id and config. */
    public record Existing(String componentId, Map<String, List<String>> config) {
    }

    public record Create(String hookId, Map<String, List<String>> config) {
    }

    public record Update(String componentId, String hookId, Map<String, List<String>> config) {
    }

    /** @param desired the form config of every hook of the kind, by hook id */
    public static ComponentPlan of(Map<String, Map<String, List<String>>> desired, List<Existing> existing) {
        List<Create> creates = new ArrayList<>();
        List<Update> updates = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (Existing component : existing) {
            String hookId = HookForm.hookId(component.config());
            Map<String, List<String>> wanted = hookId == null ? null : desired.get(hookId);
            if (wanted == null || !matched.add(hookId)) {
                removes.add(component.componentId());
            } else if (!comparable(wanted).equals(comparable(component.config()))) {
                updates.add(new Update(component.componentId(), hookId, wanted));
            }
        }
        desired.forEach((hookId, config) -> {
            if (!matched.contains(hookId)) {
                creates.add(new Create(hookId, config));
            }
        });
        return new ComponentPlan(List.copyOf(creates), List.copyOf(updates), List.copyOf(removes));
    }

    public boolean isEmpty() {
        return creates.isEmpty() && updates.isEmpty() && removes.isEmpty();
    }

    private static Map<String, Set<String>> comparable(Map<String, List<String>> config) {
        Map<String, Set<String>> sets = new TreeMap<>();
        config.forEach((key, values) -> {
            if (values != null && !values.isEmpty()) {
                sets.put(key, Set.copyOf(values));
            }
        });
        return sets;
    }
}
