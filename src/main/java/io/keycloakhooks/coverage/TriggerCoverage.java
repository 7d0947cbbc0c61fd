package io.keycloakhooks.coverage;

import java.util.List;

import io.keycloakhooks.config.Trigger;

/** The paths of one trigger that has enabled prehooks. */
public record TriggerCoverage(Trigger trigger, List<String> prehooks, List<PathCoverage> paths) {

    public TriggerCoverage {
        prehooks = List.copyOf(prehooks);
        paths = List.copyOf(paths);
    }

    public boolean complete() {
        return paths.stream().allMatch(PathCoverage::covered);
    }

    public List<PathCoverage> uncovered() {
        return paths.stream().filter(p -> !p.covered()).toList();
    }
}
