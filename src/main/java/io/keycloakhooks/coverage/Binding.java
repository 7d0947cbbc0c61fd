package io.keycloakhooks.coverage;

/** Where the flow of a path is bound. */
public enum Binding {
    REALM("realm"), CLIENT("client"), IDENTITY_PROVIDER("identityProvider");

    private final String value;

    Binding(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
