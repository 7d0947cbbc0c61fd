package io.keycloakhooks.coverage;

/** Provider ids of Keycloak's steps that coverage and apply place the hooks' steps beside. */
final class KnownSteps {

    static final String COOKIE = "auth-cookie";
    static final String CHOOSE_USER = "reset-credentials-choose-user";
    static final String REVIEW_PROFILE = "idp-review-profile";
    static final String CREATE_USER_IF_UNIQUE = "idp-create-user-if-unique";
    static final String REGISTRATION_FORM = "registration-page-form";
    static final String SUB_FLOW_EXECUTED = "conditional-sub-flow-executed";
    /** The config key of {@link #SUB_FLOW_EXECUTED} that names a sub-flow by alias. */
    static final String FLOW_TO_CHECK = "flow_to_check";

    private KnownSteps() {
    }
}
