package io.keycloakhooks.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.keycloakhooks.config.EventCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which {@code events} a webhook may list (docs/configuration.md, docs/webhooks.md#event-catalogue), and which event types they match. */
class WebhookEventsTest {

    @Test
    void everyCatalogueTypeCanBeSubscribedTo() {
        List<String> all = EventCatalogue.all().stream().map(EventCatalogue.CatalogueEntry::type).toList();
        ParseResult result = HookParser.parse(HookParserTest.WEBHOOK, HookJson.toAttributeValue(webhook(all)));
        assertTrue(result.valid(), result.errors().toString());
        assertEquals(all, ((WebhookConfig) result.config()).events());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "user.created", "tenant.deleted", "webhook.test", "keycloak.LOGIN", "keycloak.REGISTER_ERROR",
            "keycloak.admin.USER.CREATE", "keycloak.admin.ORGANIZATION_MEMBERSHIP.DELETE", "user.*", "tenant.*", "webhook.*",
            "keycloak.*", "keycloak.admin.*", "keycloak.admin.USER.*", "keycloak.admin.REALM_ROLE.*"})
    void validPatterns(String pattern) {
        ParseResult result = parse(pattern);
        assertTrue(result.valid(), pattern + " -> " + result.errors());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "user", "user.", "user*", "User.created", "user.created ", "**", "*.*", ".*", "zzz.*",
            "user.created.*", "keycloak.NOPE", "keycloak.login", "keycloak.admin.USER.NOPE", "keycloak.admin.NOPE.*",
            "keycloak.admin.USER", "user.*.created"})
    void invalidPatternsNameTheirIndex(String pattern) {
        ParseResult result = HookParser.parse(HookParserTest.WEBHOOK,
                "{\"url\": \"https://x.test/\", \"events\": [\"user.created\", \"" + pattern + "\"]}");
        assertFalse(result.valid(), pattern);
        assertEquals(List.of("events[1]"), result.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void matchingIsExactByPrefixWildcardOrAll() {
        WebhookConfig config = webhook(List.of("user.created", "tenant.*", "keycloak.admin.USER.*"));
        assertTrue(config.subscribesTo("user.created"));
        assertFalse(config.subscribesTo("user.createdX"));
        assertFalse(config.subscribesTo("user.deleted"));
        assertTrue(config.subscribesTo("tenant.created"));
        assertTrue(config.subscribesTo("tenant.deleted"));
        assertFalse(config.subscribesTo("user.invitedToTenant"));
        assertFalse(config.subscribesTo("tenant"), "the wildcard needs the dot");
        assertTrue(config.subscribesTo("keycloak.admin.USER.DELETE"));
        assertFalse(config.subscribesTo("keycloak.admin.USER_PROFILE.UPDATE"), "USER.* is not USER*");
        assertFalse(config.subscribesTo("keycloak.admin.CLIENT.CREATE"));
        assertFalse(config.subscribesTo("keycloak.LOGIN"));
        assertFalse(config.subscribesTo(null));
    }

    @Test
    void rawWildcards() {
        WebhookConfig user = webhook(List.of("keycloak.*"));
        assertTrue(user.subscribesTo("keycloak.LOGIN"));
        assertTrue(user.subscribesTo("keycloak.admin.USER.CREATE"), "keycloak.* covers the raw admin types too");
        assertFalse(user.subscribesTo("user.authenticated"));

        WebhookConfig admin = webhook(List.of("keycloak.admin.*"));
        assertTrue(admin.subscribesTo("keycloak.admin.ORGANIZATION.CREATE"));
        assertFalse(admin.subscribesTo("keycloak.LOGIN"));
    }

    @Test
    void starMatchesEveryType() {
        WebhookConfig all = webhook(List.of("*"));
        assertTrue(all.subscribesTo("user.created"));
        assertTrue(all.subscribesTo("tenant.updated"));
        assertTrue(all.subscribesTo("keycloak.LOGIN_ERROR"));
        assertTrue(all.subscribesTo("keycloak.admin.CLIENT.UPDATE"));
    }

    @Test
    void theTestMessageIsNeverMatchedItIsSentWhateverTheEvents() {
        for (List<String> events : List.of(List.of("*"), List.of("webhook.*"), List.of("webhook.test"), List.of("user.*"))) {
            assertFalse(webhook(events).subscribesTo("webhook.test"), events.toString());
        }
    }

    private static ParseResult parse(String pattern) {
        return HookParser.parse(HookParserTest.WEBHOOK, "{\"url\": \"https://x.test/\", \"events\": [\"" + pattern + "\"]}");
    }

    private static WebhookConfig webhook(List<String> events) {
        return new WebhookConfig("w", new Endpoint(URI.create("https://x.test/"), null, null, Duration.ofSeconds(10)),
                events, true, null, null);
    }
}
