package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.keycloakhooks.config.EventCatalogue.CatalogueEntry;
import org.junit.jupiter.api.Test;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class EventCatalogueTest {

    /** docs/webhooks.md#event-catalogue, in its order. */
    static final List<String> CURATED_TYPES = List.of(
            "user.created", "user.signedUp", "user.authenticated", "user.authenticatedWithSSO",
            "user.authenticatedWithSAML", "user.authenticatedWithMFA", "user.failedAuthentication", "user.loggedOut",
            "user.enrolledMFA", "user.disabledMFA", "user.disabledLastMFADevice", "user.changedPassword",
            "user.forgotPassword", "user.updated", "user.activated", "user.deleted", "user.invitedToTenant",
            "user.acceptedInvitationToTenant", "user.removedFromTenant", "tenant.created", "tenant.updated",
            "tenant.deleted", "webhook.test");

    @Test
    void curatedTypesAreExactlyThoseOfTheSpecFirst() {
        List<String> curated = EventCatalogue.all().subList(0, CURATED_TYPES.size()).stream()
                .map(CatalogueEntry::type).toList();
        assertEquals(CURATED_TYPES, curated);
        assertEquals(CURATED_TYPES, EventCatalogue.curated().stream().map(CatalogueEntry::type).toList());
    }

    @Test
    void everyKeycloakUserEventHasARawType() {
        Set<String> types = types();
        for (EventType type : EventType.values()) {
            assertTrue(types.contains("keycloak." + type.name()), type.name());
        }
        assertTrue(types.contains("keycloak.REGISTER_ERROR"));
    }

    @Test
    void everyAdminResourceAndOperationHasARawType() {
        Set<String> types = types();
        for (ResourceType resource : ResourceType.values()) {
            for (OperationType operation : OperationType.values()) {
                assertTrue(types.contains("keycloak.admin." + resource.name() + "." + operation.name()));
            }
        }
        assertEquals("keycloak.admin.USER.CREATE", EventCatalogue.rawAdminType(ResourceType.USER, OperationType.CREATE));
    }

    @Test
    void typesAreUniqueAndDescribed() {
        List<CatalogueEntry> all = EventCatalogue.all();
        assertEquals(all.size(), types().size(), "no type listed twice");
        assertEquals(CURATED_TYPES.size() + EventType.values().length
                + ResourceType.values().length * OperationType.values().length, all.size());
        for (CatalogueEntry entry : all) {
            assertFalse(entry.description().isBlank(), entry.type());
            assertTrue(entry.description().length() <= 200, entry.type() + " has a one-line description");
        }
    }

    private static Set<String> types() {
        Set<String> types = new HashSet<>();
        EventCatalogue.all().forEach(e -> types.add(e.type()));
        return types;
    }
}
