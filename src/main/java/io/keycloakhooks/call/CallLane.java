package io.keycloakhooks.call;

/**
 * The two kinds of outbound calls, each with its own HTTP client and its own per-realm limit
 * (docs/operations.md#call-capacity): calls a login waits for, and webhook deliveries, which must not take the
 * login path's connections.
 */
public enum CallLane {
    /** Prehooks (every trigger, and the JWT prehook) and a prehook's test action. */
    LOGIN("login", "login-calls-per-realm", "login-path calls"),
    /** Webhook deliveries and a webhook's test action. */
    WEBHOOK("webhook", "webhook-calls-per-realm", "webhook calls");

    private final String tag;
    private final String option;
    private final String calls;

    CallLane(String tag, String option, String calls) {
        this.tag = tag;
        this.option = option;
        this.calls = calls;
    }

    /** The value of the refused-calls meter's {@code lane} tag. */
    public String tag() {
        return tag;
    }

    /** The server option that sets this lane's per-realm limit. */
    public String option() {
        return option;
    }

    /** The reason a refused call records: names the option, so an operator knows what to raise. */
    String refusal(int limit) {
        return "refused: the realm's concurrent " + calls + " are at the limit (" + option + "=" + limit + ")";
    }
}
