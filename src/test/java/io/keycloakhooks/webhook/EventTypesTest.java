package io.keycloakhooks.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class EventTypesTest {

    /** Facts for a plain password login: no identity provider, no second factor, one OTP device left. */
    record Facts(String idpType, boolean mfa, int left) implements EventTypes.Facts {
        @Override
        public String identityProviderType(String alias) {
            return idpType;
        }

        @Override
        public boolean secondFactorVerified() {
            return mfa;
        }

        @Override
        public int secondFactorsLeft() {
            return left;
        }
    }

    static final Facts PLAIN = new Facts(null, false, 1);

    /** A credential event without a credential type (or an authenticator without a category) is no MFA type and no error. */
    @Test
    void credentialEventsWithoutATypeAreNoSecondFactor() {
        assertEquals(List.of("keycloak.UPDATE_CREDENTIAL"), EventTypes.ofUserEvent(EventType.UPDATE_CREDENTIAL, Map.of(), PLAIN));
        assertEquals(List.of("keycloak.REMOVE_CREDENTIAL"), EventTypes.ofUserEvent(EventType.REMOVE_CREDENTIAL, Map.of(), PLAIN));
        assertEquals(false, EventTypes.isSecondFactor(null));
        assertEquals(true, EventTypes.isSecondFactor("otp"));
    }

    @Test
    void registrationIsCreatedAndSignedUp() {
        assertEquals(List.of("user.created", "user.signedUp", "keycloak.REGISTER"),
                EventTypes.ofUserEvent(EventType.REGISTER, Map.of(), PLAIN));
    }

    @Test
    void loginVariants() {
        assertEquals(List.of("user.authenticated", "keycloak.LOGIN"), EventTypes.ofUserEvent(EventType.LOGIN, Map.of(), PLAIN));
        assertEquals(List.of("user.authenticated", "user.authenticatedWithSSO", "keycloak.LOGIN"),
                EventTypes.ofUserEvent(EventType.LOGIN, Map.of("identity_provider", "corp"), new Facts("oidc", false, 0)));
        assertEquals(List.of("user.authenticated", "user.authenticatedWithSSO", "user.authenticatedWithSAML",
                        "user.authenticatedWithMFA", "keycloak.LOGIN"),
                EventTypes.ofUserEvent(EventType.LOGIN, Map.of("identity_provider", "corp"), new Facts("saml", true, 1)));
        assertEquals(List.of("user.failedAuthentication", "keycloak.LOGIN_ERROR"),
                EventTypes.ofUserEvent(EventType.LOGIN_ERROR, Map.of(), PLAIN));
        assertEquals(List.of("user.loggedOut", "keycloak.LOGOUT"), EventTypes.ofUserEvent(EventType.LOGOUT, null, PLAIN));
    }

    @Test
    void credentialsByType() {
        assertEquals(List.of("user.changedPassword", "keycloak.UPDATE_CREDENTIAL"),
                EventTypes.ofUserEvent(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "password"), PLAIN));
        assertEquals(List.of("keycloak.UPDATE_PASSWORD"),
                EventTypes.ofUserEvent(EventType.UPDATE_PASSWORD, Map.of(), PLAIN), "one changedPassword per change");
        assertEquals(List.of("user.enrolledMFA", "keycloak.UPDATE_CREDENTIAL"),
                EventTypes.ofUserEvent(EventType.UPDATE_CREDENTIAL, Map.of("credential_type", "otp"), PLAIN));
        assertEquals(List.of("user.disabledMFA", "keycloak.REMOVE_CREDENTIAL"),
                EventTypes.ofUserEvent(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "webauthn"), PLAIN));
        assertEquals(List.of("user.disabledMFA", "user.disabledLastMFADevice", "keycloak.REMOVE_CREDENTIAL"),
                EventTypes.ofUserEvent(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "otp"), new Facts(null, false, 0)));
        assertEquals(List.of("keycloak.REMOVE_CREDENTIAL"),
                EventTypes.ofUserEvent(EventType.REMOVE_CREDENTIAL, Map.of("credential_type", "password"), PLAIN));
    }

    @Test
    void profileAndAccount() {
        assertEquals(List.of("user.updated", "keycloak.UPDATE_EMAIL"), EventTypes.ofUserEvent(EventType.UPDATE_EMAIL, Map.of(), PLAIN));
        assertEquals(List.of("user.activated", "keycloak.VERIFY_EMAIL"), EventTypes.ofUserEvent(EventType.VERIFY_EMAIL, Map.of(), PLAIN));
        assertEquals(List.of("user.deleted", "keycloak.DELETE_ACCOUNT"), EventTypes.ofUserEvent(EventType.DELETE_ACCOUNT, Map.of(), PLAIN));
        assertEquals(List.of("user.forgotPassword", "keycloak.SEND_RESET_PASSWORD"),
                EventTypes.ofUserEvent(EventType.SEND_RESET_PASSWORD, Map.of(), PLAIN));
        assertEquals(List.of("user.acceptedInvitationToTenant", "keycloak.INVITE_ORG"),
                EventTypes.ofUserEvent(EventType.INVITE_ORG, Map.of(), PLAIN));
        assertEquals(List.of("keycloak.CODE_TO_TOKEN"), EventTypes.ofUserEvent(EventType.CODE_TO_TOKEN, Map.of(), PLAIN));
    }

    @Test
    void adminEvents() {
        assertEquals(List.of("user.created", "keycloak.admin.USER.CREATE"),
                EventTypes.ofAdminEvent(ResourceType.USER, OperationType.CREATE, "users/u1"));
        assertEquals(List.of("user.updated", "keycloak.admin.USER.UPDATE"),
                EventTypes.ofAdminEvent(ResourceType.USER, OperationType.UPDATE, "users/u1"));
        assertEquals(List.of("user.deleted", "keycloak.admin.USER.DELETE"),
                EventTypes.ofAdminEvent(ResourceType.USER, OperationType.DELETE, "users/u1"));
        assertEquals(List.of("user.changedPassword", "keycloak.admin.USER.ACTION"),
                EventTypes.ofAdminEvent(ResourceType.USER, OperationType.ACTION, "users/u1/reset-password"));
        assertEquals(List.of("keycloak.admin.USER.ACTION"),
                EventTypes.ofAdminEvent(ResourceType.USER, OperationType.ACTION, "users/u1/logout"));
        assertEquals(List.of("tenant.created", "keycloak.admin.ORGANIZATION.CREATE"),
                EventTypes.ofAdminEvent(ResourceType.ORGANIZATION, OperationType.CREATE, "organizations/o1"));
        assertEquals(List.of("tenant.deleted", "keycloak.admin.ORGANIZATION.DELETE"),
                EventTypes.ofAdminEvent(ResourceType.ORGANIZATION, OperationType.DELETE, "organizations/o1"));
        assertEquals(List.of("user.invitedToTenant", "keycloak.admin.ORGANIZATION_MEMBERSHIP.CREATE"),
                EventTypes.ofAdminEvent(ResourceType.ORGANIZATION_MEMBERSHIP, OperationType.CREATE, "organizations/o1/members"));
        assertEquals(List.of("user.invitedToTenant", "keycloak.admin.ORGANIZATION_MEMBERSHIP.ACTION"),
                EventTypes.ofAdminEvent(ResourceType.ORGANIZATION_MEMBERSHIP, OperationType.ACTION,
                        "organizations/o1/members/invite-user"));
        assertEquals(List.of("user.removedFromTenant", "keycloak.admin.ORGANIZATION_MEMBERSHIP.DELETE"),
                EventTypes.ofAdminEvent(ResourceType.ORGANIZATION_MEMBERSHIP, OperationType.DELETE,
                        "organizations/o1/members/u1"));
        assertEquals(List.of("keycloak.admin.ORGANIZATION_MEMBERSHIP.DELETE"),
                EventTypes.ofAdminEvent(ResourceType.ORGANIZATION_MEMBERSHIP, OperationType.DELETE,
                        "organizations/o1/invitations/i1"), "deleting an invitation removes no member");
        assertEquals(List.of("keycloak.admin.CLIENT.CREATE"),
                EventTypes.ofAdminEvent(ResourceType.CLIENT, OperationType.CREATE, "clients/c1"));
    }
}
