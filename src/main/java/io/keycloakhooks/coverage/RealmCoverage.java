package io.keycloakhooks.coverage;

import java.util.List;
import java.util.Optional;

import io.keycloakhooks.config.Trigger;

/** Coverage of every trigger of a realm that has enabled prehooks, in trigger order. */
public record RealmCoverage(List<TriggerCoverage> triggers) {

    public RealmCoverage {
        triggers = List.copyOf(triggers);
    }

    public boolean complete() {
        return triggers.stream().allMatch(TriggerCoverage::complete);
    }

    public Optional<TriggerCoverage> of(Trigger trigger) {
        return triggers.stream().filter(t -> t.trigger() == trigger).findFirst();
    }

    /** "trigger path[ binding owner]" of each uncovered path, the set the log warns about. */
    public List<String> uncoveredNames() {
        return triggers.stream().flatMap(t -> t.uncovered().stream().map(p -> t.trigger().value() + " " + p.path().value()
                + (p.owner() == null ? "" : " (" + p.binding().value() + " " + p.owner() + ")"))).toList();
    }
}
