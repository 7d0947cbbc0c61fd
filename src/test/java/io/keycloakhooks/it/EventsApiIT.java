package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.keycloakhooks.config.EventCatalogue;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;
import org.keycloak.testframework.server.KeycloakUrls;

/** {@code GET /admin/realms/{realm}/hooks/events} on a real Keycloak, with real tokens. */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class EventsApiIT {

    static final String PASSWORD = "Secret-pass-1";

    @InjectRealm(config = AcmeRealm.class)
    ManagedRealm acme;

    @InjectRealm(ref = "other", config = OtherRealm.class)
    ManagedRealm other;

    @InjectAdminClient
    Keycloak masterAdmin;

    @InjectKeycloakUrls
    KeycloakUrls urls;

    @Test
    void runsTheNewestKeycloakWithTheProviderLoaded() {
        ServerInfoRepresentation info = masterAdmin.serverInfo().getInfo();
        assertEquals(System.getProperty("keycloak.server.version"), info.getSystemInfo().getVersion());
        assertTrue(info.getProviders().get("admin-realm-restapi-extension").getProviders().containsKey("hooks"),
                "the hooks admin resource is registered");
    }

    @Test
    void withoutTokenIs401() {
        assertEquals(401, http().getHooks(acme.getName(), "events", null).status());
    }

    @Test
    void withoutViewRealmIs403() {
        String token = http().userToken(acme.getName(), "plain-user", PASSWORD);
        assertEquals(403, http().getHooks(acme.getName(), "events", token).status());
    }

    @Test
    void realmAdminWithViewRealmGetsTheCatalogue() {
        String token = http().userToken(acme.getName(), "viewer", PASSWORD);
        AdminHttp.Response response = http().getHooks(acme.getName(), "events", token);

        assertEquals(200, response.status(), response.body());
        JsonNode catalogue = response.json();
        assertTrue(catalogue.isArray());
        List<String> types = new ArrayList<>();
        for (JsonNode entry : catalogue) {
            assertEquals(2, entry.size(), "each entry is exactly {type, description}: " + entry);
            assertFalse(entry.get("description").asText().isBlank(), entry.toString());
            types.add(entry.get("type").asText());
        }
        assertEquals(EventCatalogue.all().stream().map(EventCatalogue.CatalogueEntry::type).toList(), types);
        assertTrue(types.containsAll(List.of("user.created", "user.signedUp", "tenant.deleted", "webhook.test",
                "keycloak.LOGIN", "keycloak.REGISTER_ERROR", "keycloak.admin.USER.CREATE")));
    }

    @Test
    void masterAdminMayReadAnyRealm() {
        String token = masterAdmin.tokenManager().getAccessTokenString();
        assertEquals(200, http().getHooks(acme.getName(), "events", token).status());
    }

    @Test
    void anotherRealmsAdminIs403() {
        String otherAdminToken = http().userToken(other.getName(), "other-admin", PASSWORD);
        assertEquals(200, http().getHooks(other.getName(), "events", otherAdminToken).status(),
                "the other realm's admin may read its own realm");
        assertEquals(403, http().getHooks(acme.getName(), "events", otherAdminToken).status(),
                "but never another realm's");
    }

    private AdminHttp http() {
        return new AdminHttp(urls.getBase());
    }

    public static class AcmeRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(
                    UserBuilder.create("viewer").email("viewer@acme.test").name("View", "Er").password(PASSWORD)
                            .clientRoles("realm-management", "view-realm"),
                    UserBuilder.create("plain-user").email("plain@acme.test").name("Plain", "User").password(PASSWORD));
        }
    }

    public static class OtherRealm implements RealmConfig {
        @Override
        public RealmBuilder configure(RealmBuilder realm) {
            return realm.users(UserBuilder.create("other-admin").email("admin@other.test").name("Other", "Admin")
                    .password(PASSWORD).clientRoles("realm-management", "realm-admin"));
        }
    }
}
