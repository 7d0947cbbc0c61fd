package io.keycloakhooks.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.keycloakhooks.config.EventCatalogue;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Which catalogue types (docs/webhooks.md#event-catalogue) one Keycloak event produces: the curated types it means, then its raw
 * {@code keycloak.*} type. Facts that the event itself does not carry (the kind of identity provider, whether the
 * session verified a second factor, how many second factors are left) come from {@link Facts}, asked only when
 * the event type needs them.
 */
public final class EventTypes {

    /** Credential types that count as a second factor. */
    private static final Set<String> SECOND_FACTORS = Set.of("otp", "webauthn", "webauthn-passwordless");

    private EventTypes() {
    }

    /** Whether a credential type (or an authenticator's reference category) is a second factor; null is not. */
    public static boolean isSecondFactor(String type) {
        return type != null && SECOND_FACTORS.contains(type); // Set.of(...).contains(null) would throw
    }

    /** Looks up what the event does not say. */
    public interface Facts {
        /** The provider id ({@code oidc}, {@code saml}, …) of the realm's identity provider with this alias, or null. */
        String identityProviderType(String alias);

        /** Whether the session of this login verified a second factor. */
        boolean secondFactorVerified();

        /** How many second-factor credentials the user has now. */
        int secondFactorsLeft();
    }

    public static List<String> ofUserEvent(EventType type, Map<String, String> details, Facts facts) {
        Map<String, String> d = details == null ? Map.of() : details;
        List<String> types = new ArrayList<>();
        switch (type) {
            case REGISTER -> {
                types.add("user.created");
                types.add("user.signedUp");
            }
            case LOGIN -> {
                types.add("user.authenticated");
                String idp = d.get(Details.IDENTITY_PROVIDER);
                if (idp != null) {
                    types.add("user.authenticatedWithSSO");
                    if ("saml".equals(facts.identityProviderType(idp))) {
                        types.add("user.authenticatedWithSAML");
                    }
                }
                if (facts.secondFactorVerified()) {
                    types.add("user.authenticatedWithMFA");
                }
            }
            case LOGIN_ERROR -> types.add("user.failedAuthentication");
            case LOGOUT -> types.add("user.loggedOut");
            case UPDATE_CREDENTIAL -> {
                String credential = d.get(Details.CREDENTIAL_TYPE);
                if ("password".equals(credential)) {
                    types.add("user.changedPassword");
                } else if (isSecondFactor(credential)) {
                    types.add("user.enrolledMFA");
                }
            }
            case REMOVE_CREDENTIAL -> {
                if (isSecondFactor(d.get(Details.CREDENTIAL_TYPE))) {
                    types.add("user.disabledMFA");
                    if (facts.secondFactorsLeft() == 0) {
                        types.add("user.disabledLastMFADevice");
                    }
                }
            }
            case SEND_RESET_PASSWORD -> types.add("user.forgotPassword");
            case UPDATE_PROFILE, UPDATE_EMAIL -> types.add("user.updated");
            case VERIFY_EMAIL -> types.add("user.activated");
            case DELETE_ACCOUNT -> types.add("user.deleted");
            case INVITE_ORG -> types.add("user.acceptedInvitationToTenant");
            default -> {
            }
        }
        types.add(EventCatalogue.rawUserType(type));
        return types;
    }

    /**
     * @param resourcePath as Keycloak records it, e.g. {@code users/<id>} or {@code organizations/<id>/members/<id>}
     */
    public static List<String> ofAdminEvent(ResourceType resource, OperationType operation, String resourcePath) {
        List<String> types = new ArrayList<>();
        String[] path = resourcePath == null ? new String[0] : resourcePath.split("/");
        switch (resource) {
            case USER -> {
                boolean theUser = path.length == 2;
                if (theUser) {
                    switch (operation) {
                        case CREATE -> types.add("user.created");
                        case UPDATE -> types.add("user.updated");
                        case DELETE -> types.add("user.deleted");
                        default -> {
                        }
                    }
                } else if (path.length == 3 && "reset-password".equals(path[2]) && operation == OperationType.ACTION) {
                    types.add("user.changedPassword");
                }
            }
            case ORGANIZATION -> {
                if (path.length == 2) {
                    switch (operation) {
                        case CREATE -> types.add("tenant.created");
                        case UPDATE -> types.add("tenant.updated");
                        case DELETE -> types.add("tenant.deleted");
                        default -> {
                        }
                    }
                }
            }
            case ORGANIZATION_MEMBERSHIP -> {
                boolean members = path.length >= 3 && "members".equals(path[2]);
                if (members && (operation == OperationType.CREATE || operation == OperationType.ACTION)) {
                    types.add("user.invitedToTenant");
                } else if (members && operation == OperationType.DELETE) {
                    types.add("user.removedFromTenant");
                }
            }
            default -> {
            }
        }
        types.add(EventCatalogue.rawAdminType(resource, operation));
        return types;
    }
}
