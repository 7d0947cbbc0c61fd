package io.keycloakhooks.store;

/** Where a hook write came from, as the revision history shows it. */
public enum WriteSource {
    API("api"),
    CONSOLE("console"),
    REALM_UPDATE("realm-update"),
    IMPORT("import"),
    SYSTEM("system");

    private final String value;

    WriteSource(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
