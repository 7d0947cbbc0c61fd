package io.keycloakhooks.admin.console;

import static io.keycloakhooks.admin.console.HookForm.CACHE_TTL_SECONDS;
import static io.keycloakhooks.admin.console.HookForm.COVERAGE;
import static io.keycloakhooks.admin.console.HookForm.DESCRIPTION;
import static io.keycloakhooks.admin.console.HookForm.ENABLED;
import static io.keycloakhooks.admin.console.HookForm.EVENTS;
import static io.keycloakhooks.admin.console.HookForm.FAIL_MODE;
import static io.keycloakhooks.admin.console.HookForm.FORMAT;
import static io.keycloakhooks.admin.console.HookForm.HEADERS;
import static io.keycloakhooks.admin.console.HookForm.HOOK_ID;
import static io.keycloakhooks.admin.console.HookForm.NAME;
import static io.keycloakhooks.admin.console.HookForm.ORDER;
import static io.keycloakhooks.admin.console.HookForm.PAYLOAD;
import static io.keycloakhooks.admin.console.HookForm.SECRET;
import static io.keycloakhooks.admin.console.HookForm.REVISION;
import static io.keycloakhooks.admin.console.HookForm.SKIP_VERIFY;
import static io.keycloakhooks.admin.console.HookForm.TIMEOUT_MS;
import static io.keycloakhooks.admin.console.HookForm.TRIGGER;
import static io.keycloakhooks.admin.console.HookForm.URL;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.Payload;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.config.EventCatalogue;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * What the Webhooks and Prehooks pages show: their provider ids (also the message keys of their titles), list
 * columns and form fields. Labels and help texts are message keys of the extension's bundles
 * ({@code theme-resources/messages}), which Keycloak merges into the admin console's messages.
 */
public final class HookPages {

    public static final String WEBHOOKS = "hooks-webhooks";
    public static final String PREHOOKS = "hooks-prehooks";

    /** Wildcards offered before the catalogue's types; any other prefix wildcard may be typed in the admin API. */
    static final List<String> WILDCARDS = List.of("*", "user.*", "tenant.*", "keycloak.*", "keycloak.admin.*");

    private HookPages() {
    }

    public static String pageId(HookKind kind) {
        return kind == HookKind.WEBHOOK ? WEBHOOKS : PREHOOKS;
    }

    static String helpText(HookKind kind) {
        return kind == HookKind.WEBHOOK ? "hooksWebhooksPageHelp" : "hooksPrehooksPageHelp";
    }

    /** The list columns; the first links to the form. */
    static List<String> displayFields(HookKind kind) {
        return List.of(HOOK_ID, NAME, URL, kind == HookKind.WEBHOOK ? EVENTS : TRIGGER, ENABLED);
    }

    static List<ProviderConfigProperty> properties(HookKind kind) {
        ProviderConfigurationBuilder form = ProviderConfigurationBuilder.create();
        text(form, HOOK_ID, "hooksFieldHookId", "hooksFieldHookIdHelp");
        text(form, NAME, "hooksFieldName", "hooksFieldNameHelp");
        form.property().name(DESCRIPTION).label("hooksFieldDescription").helpText("hooksFieldDescriptionHelp")
                .type(ProviderConfigProperty.TEXT_TYPE).add();
        form.property().name(URL).label("hooksFieldUrl").helpText("hooksFieldUrlHelp")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add();
        if (kind == HookKind.WEBHOOK) {
            form.property().name(EVENTS).label("hooksFieldEvents").helpText("hooksFieldEventsHelp")
                    .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE).options(eventOptions()).required(true).add();
        } else {
            form.property().name(TRIGGER).label("hooksFieldTrigger").helpText("hooksFieldTriggerHelp")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(Stream.of(Trigger.values()).map(Trigger::value).toList())
                    .defaultValue(Trigger.PRE_SIGN_UP.value()).required(true).add();
            // Filled in by the server (HookComponents.pageConfig); what the page sends back is ignored. A text area,
            // so a long text wraps.
            form.property().name(COVERAGE).label("hooksFieldCoverage").helpText("hooksFieldCoverageHelp")
                    .type(ProviderConfigProperty.TEXT_TYPE).add();
        }
        form.property().name(ENABLED).label("hooksFieldEnabled").helpText("hooksFieldEnabledHelp")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true).add();
        form.property().name(SECRET).label("hooksFieldSecret").helpText("hooksFieldSecretHelp")
                .type(ProviderConfigProperty.PASSWORD).secret(true).add();
        form.property().name(TIMEOUT_MS).label("hooksFieldTimeoutMs")
                .helpText(kind == HookKind.WEBHOOK ? "hooksFieldWebhookTimeoutMsHelp" : "hooksFieldPrehookTimeoutMsHelp")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(kind == HookKind.WEBHOOK ? 10_000 : 5_000).add();
        if (kind == HookKind.PREHOOK) {
            form.property().name(FAIL_MODE).label("hooksFieldFailMode").helpText("hooksFieldFailModeHelp")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(Stream.of(FailMode.values()).map(FailMode::value).toList())
                    .defaultValue(FailMode.OPEN.value()).add();
            form.property().name(ORDER).label("hooksFieldOrder").helpText("hooksFieldOrderHelp")
                    .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(0).add();
            form.property().name(CACHE_TTL_SECONDS).label("hooksFieldCacheTtlSeconds").helpText("hooksFieldCacheTtlSecondsHelp")
                    .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(0).add();
        }
        form.property().name(FORMAT).label("hooksFieldFormat")
                .helpText(kind == HookKind.WEBHOOK ? "hooksFieldWebhookFormatHelp" : "hooksFieldPrehookFormatHelp")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options(Stream.of(Format.values()).filter(f -> kind == HookKind.WEBHOOK || f != Format.CLOUDEVENTS)
                        .map(Format::value).toList())
                .defaultValue(Format.STANDARD.value()).add();
        if (kind == HookKind.WEBHOOK) {
            form.property().name(PAYLOAD).label("hooksFieldPayload").helpText("hooksFieldPayloadHelp")
                    .type(ProviderConfigProperty.LIST_TYPE)
                    .options(Stream.of(Payload.values()).map(Payload::value).toList())
                    .defaultValue(Payload.FULL.value()).add();
        }
        form.property().name(HEADERS).label("hooksFieldHeaders").helpText("hooksFieldHeadersHelp")
                .type(ProviderConfigProperty.MAP_TYPE).add();
        form.property().name(SKIP_VERIFY).label("hooksFieldSkipVerify").helpText("hooksFieldSkipVerifyHelp")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false).add();
        // Declared, or Keycloak would drop the page's value on save and keep the stored (newest) revision.
        form.property().name(REVISION).label("hooksFieldRevision").helpText("hooksFieldRevisionHelp")
                .type(ProviderConfigProperty.STRING_TYPE).add();
        // Marked read-only for Keycloak versions that pass the flag on to the console (26.x drops it in
        // ModelToRepresentation, so the page shows both as ordinary fields): the server never takes their values.
        List<ProviderConfigProperty> properties = form.build();
        properties.stream().filter(p -> p.getName().equals(REVISION) || p.getName().equals(COVERAGE))
                .forEach(p -> p.setReadOnly(true));
        return properties;
    }

    /** The events multi-select: wildcards, then the whole catalogue ({@code webhook.test} is sent regardless). */
    static List<String> eventOptions() {
        List<String> options = new ArrayList<>(WILDCARDS);
        EventCatalogue.all().stream().map(EventCatalogue.CatalogueEntry::type)
                .filter(type -> !type.equals("webhook.test"))
                .forEach(options::add);
        return List.copyOf(options);
    }

    /** A component config from a plain map, with lists of its own (components may change them). */
    static MultivaluedHashMap<String, String> multivalued(Map<String, List<String>> config) {
        MultivaluedHashMap<String, String> map = new MultivaluedHashMap<>();
        config.forEach((key, values) -> map.put(key, new ArrayList<>(values)));
        return map;
    }

    private static void text(ProviderConfigurationBuilder form, String name, String label, String help) {
        form.property().name(name).label(label).helpText(help).type(ProviderConfigProperty.STRING_TYPE).add();
    }
}
