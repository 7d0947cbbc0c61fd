package io.keycloakhooks.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Every event type a webhook can subscribe to (docs/webhooks.md#event-catalogue): the curated types first, then one raw
 * {@code keycloak.<EVENT_TYPE>} per Keycloak user event and one {@code keycloak.admin.<RESOURCE>.<OPERATION>}
 * per admin resource and operation of the running Keycloak.
 */
public final class EventCatalogue {

    public static final String RAW_PREFIX = "keycloak.";
    public static final String RAW_ADMIN_PREFIX = "keycloak.admin.";

    private static final List<CatalogueEntry> CURATED = List.of(
            entry("user.created", "A user is created: self-registration, first login through an identity provider, or admin CREATE USER."),
            entry("user.signedUp", "A user signs up: self-registration or first login through an identity provider."),
            entry("user.authenticated", "A user logs in (LOGIN), whatever the method."),
            entry("user.authenticatedWithSSO", "A user logs in through an identity provider."),
            entry("user.authenticatedWithSAML", "A user logs in through a SAML identity provider."),
            entry("user.authenticatedWithMFA", "A user logs in and the flow verified a second factor (OTP, WebAuthn)."),
            entry("user.failedAuthentication", "A login fails (LOGIN_ERROR)."),
            entry("user.loggedOut", "A user logs out (LOGOUT)."),
            entry("user.enrolledMFA", "An OTP or WebAuthn credential is added."),
            entry("user.disabledMFA", "An OTP or WebAuthn credential is removed."),
            entry("user.disabledLastMFADevice", "The user's last second-factor credential is removed."),
            entry("user.changedPassword", "The password is changed or reset (one message per change)."),
            entry("user.forgotPassword", "A password-reset email is sent (SEND_RESET_PASSWORD)."),
            entry("user.updated", "The profile or email is updated (UPDATE_PROFILE, UPDATE_EMAIL, admin UPDATE USER)."),
            entry("user.activated", "The email address is verified (VERIFY_EMAIL)."),
            entry("user.deleted", "A user is deleted (DELETE_ACCOUNT, admin DELETE USER)."),
            entry("user.invitedToTenant", "A user is invited to an organization (INVITE_ORG, or an admin adds a member)."),
            entry("user.acceptedInvitationToTenant", "An invited user joins the organization through the invitation."),
            entry("user.removedFromTenant", "A member is removed from an organization."),
            entry("tenant.created", "An organization is created (admin CREATE ORGANIZATION)."),
            entry("tenant.updated", "An organization is updated (admin UPDATE ORGANIZATION)."),
            entry("tenant.deleted", "An organization is deleted (admin DELETE ORGANIZATION)."),
            entry("webhook.test", "The test action of the admin API or console; sent whatever the webhook's events."));

    private static final List<CatalogueEntry> ALL = Collections.unmodifiableList(build());

    private EventCatalogue() {
    }

    /** The whole catalogue, curated types first, in a stable order. */
    public static List<CatalogueEntry> all() {
        return ALL;
    }

    public static List<CatalogueEntry> curated() {
        return CURATED;
    }

    public static String rawUserType(EventType type) {
        return RAW_PREFIX + type.name();
    }

    public static String rawAdminType(ResourceType resource, OperationType operation) {
        return RAW_ADMIN_PREFIX + resource.name() + "." + operation.name();
    }

    private static List<CatalogueEntry> build() {
        List<CatalogueEntry> entries = new ArrayList<>(CURATED);
        Stream.of(EventType.values())
                .map(type -> entry(rawUserType(type), "Keycloak user event " + type.name() + ", as Keycloak records it."))
                .forEach(entries::add);
        for (ResourceType resource : ResourceType.values()) {
            for (OperationType operation : OperationType.values()) {
                entries.add(entry(rawAdminType(resource, operation),
                        "Keycloak admin event: " + operation.name() + " on " + resource.name() + ", as Keycloak records it."));
            }
        }
        return entries;
    }

    private static CatalogueEntry entry(String type, String description) {
        return new CatalogueEntry(type, description);
    }

    /** One subscribable event type and what it means. */
    public record CatalogueEntry(String type, String description) {
    }
}
