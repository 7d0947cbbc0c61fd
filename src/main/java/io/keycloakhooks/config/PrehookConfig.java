package io.keycloakhooks.config;

public record PrehookConfig(String id, Trigger trigger, Endpoint endpoint, boolean enabled, String name,
        String description, FailMode failMode, int order, int cacheTtlSeconds) implements HookConfig {

    @Override
    public HookKind kind() {
        return HookKind.PREHOOK;
    }
}
