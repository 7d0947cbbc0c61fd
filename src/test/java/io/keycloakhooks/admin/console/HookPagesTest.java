package io.keycloakhooks.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.keycloakhooks.config.HookKind;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

class HookPagesTest {

    private static final List<String> LOCALES = List.of("en", "de", "fr", "es", "pt", "ja");

    @Test
    void everyTitleLabelHelpTextAndErrorIsTranslatedIntoEveryLanguage() throws IOException {
        List<String> keys = new ArrayList<>(List.of(HookPages.WEBHOOKS, HookPages.PREHOOKS, ConsoleWrite.INVALID,
                ConsoleWrite.TEST_FAILED, ConsoleWrite.ID_TAKEN, ConsoleWrite.ID_FIXED));
        for (HookKind kind : HookKind.values()) {
            keys.add(HookPages.helpText(kind));
            for (ProviderConfigProperty property : HookPages.properties(kind)) {
                keys.add(property.getLabel());
                keys.add(property.getHelpText());
            }
        }
        for (String locale : LOCALES) {
            Properties messages = messages(locale);
            for (String key : keys) {
                String text = messages.getProperty(key);
                assertTrue(text != null && !text.isBlank(), key + " missing in messages_" + locale);
            }
            // the save errors go through MessageFormat: the hook id must come out between plain quotes
            assertTrue(MessageFormat.format(messages.getProperty(ConsoleWrite.ID_TAKEN), "crm").contains("'crm'"), locale);
        }
    }

    @Test
    void secretIsAMaskedSecretAndTheListShowsIdNameUrlEventsOrTriggerAndEnabled() {
        ProviderConfigProperty secret = HookPages.properties(HookKind.WEBHOOK).stream()
                .filter(p -> p.getName().equals(HookForm.SECRET)).findFirst().orElseThrow();
        assertTrue(secret.isSecret());
        assertEquals(ProviderConfigProperty.PASSWORD, secret.getType());
        assertEquals(List.of("hookId", "name", "url", "events", "enabled"), HookPages.displayFields(HookKind.WEBHOOK));
        assertEquals(List.of("hookId", "name", "url", "trigger", "enabled"), HookPages.displayFields(HookKind.PREHOOK));
        List<String> names = HookPages.properties(HookKind.WEBHOOK).stream().map(ProviderConfigProperty::getName).toList();
        assertTrue(names.containsAll(HookPages.displayFields(HookKind.WEBHOOK)), "every column is a form field");
        assertFalse(names.contains(HookForm.FAIL_MODE), "fail mode is a prehook field");
    }

    @Test
    void theEventsChoiceOffersWildcardsAndTheCatalogueButNotTheTestType() {
        List<String> options = HookPages.eventOptions();
        assertEquals(HookPages.WILDCARDS, options.subList(0, HookPages.WILDCARDS.size()));
        assertTrue(options.containsAll(List.of("user.created", "tenant.deleted", "keycloak.LOGIN", "keycloak.admin.USER.CREATE")));
        assertFalse(options.contains("webhook.test"));
    }

    @Test
    void theDemoEnablesThePages() throws IOException {
        assertTrue(Files.readString(Path.of("demo.sh")).contains("--features=declarative-ui"));
    }

    private static Properties messages(String locale) throws IOException {
        Properties messages = new Properties();
        try (InputStream in = HookPagesTest.class.getResourceAsStream("/theme-resources/messages/messages_" + locale + ".properties")) {
            messages.load(in);
        }
        return messages;
    }

    @Test
    void theFormatListOffersCloudEventsForWebhooksOnlyAndPayloadIsAWebhookField() {
        ProviderConfigProperty webhookFormat = HookPages.properties(HookKind.WEBHOOK).stream()
                .filter(p -> p.getName().equals("format")).findFirst().orElseThrow();
        assertEquals(List.of("standard", "frontegg", "hellojohn", "cloudevents"), webhookFormat.getOptions());
        ProviderConfigProperty prehookFormat = HookPages.properties(HookKind.PREHOOK).stream()
                .filter(p -> p.getName().equals("format")).findFirst().orElseThrow();
        assertEquals(List.of("standard", "frontegg", "hellojohn"), prehookFormat.getOptions());
        assertTrue(HookPages.properties(HookKind.WEBHOOK).stream().anyMatch(p -> p.getName().equals("payload")));
        assertFalse(HookPages.properties(HookKind.PREHOOK).stream().anyMatch(p -> p.getName().equals("payload")));
    }
}
