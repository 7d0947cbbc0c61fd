package io.keycloakhooks.admin.console;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keycloakhooks.config.HookJson;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.coverage.CoverageText;
import io.keycloakhooks.coverage.CurrentCoverage;
import io.keycloakhooks.coverage.RealmCoverage;
import io.keycloakhooks.config.HookKind;
import io.keycloakhooks.config.ParseResult;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.store.HookChangeListener;
import io.keycloakhooks.store.HookValues;
import org.jboss.logging.Logger;
import org.keycloak.common.Profile;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

/**
 * Keeps the admin console's page components in step with the hook attributes, which are the source of truth:
 * after every change of hook attributes that did not come from the pages themselves (admin API, realm update,
 * realm import, auto-disable) the realm's Webhooks and Prehooks components are made to match. These writes run
 * "quietly": the page factories see the session flag and neither validate, test nor write attributes back.
 * Without the {@code declarative-ui} feature there are no pages and nothing is done.
 */
public final class HookComponents {

    public static final String PROVIDER_TYPE = UiPageProvider.class.getName();

    private static final Logger LOG = Logger.getLogger(HookComponents.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUIET = HookComponents.class.getName() + ".quiet";

    private HookComponents() {
    }

    public static boolean pagesEnabled() {
        return Profile.isFeatureEnabled(Profile.Feature.DECLARATIVE_UI);
    }

    /** Whether the current component write is one of this class's own (then the page factories stay out). */
    public static boolean quiet(KeycloakSession session) {
        return Boolean.TRUE.equals(session.getAttribute(QUIET));
    }

    /** Runs component writes that the page factories must not act on. */
    static void quietly(KeycloakSession session, Runnable writes) {
        Object before = session.getAttribute(QUIET);
        session.setAttribute(QUIET, Boolean.TRUE);
        try {
            writes.run();
        } finally {
            if (before == null) {
                session.removeAttribute(QUIET);
            } else {
                session.setAttribute(QUIET, before);
            }
        }
    }

    /** Follows every write of the hook store, except the console's own saves (they write their component). */
    public static final class Follower implements HookChangeListener {
        @Override
        public void hooksChanged(KeycloakSession session, RealmModel realm) {
            if (!quiet(session)) {
                sync(session, realm);
            }
        }
    }

    /** Makes the realm's page components match its hook attributes (and the prehooks' coverage as it is now). */
    public static void sync(KeycloakSession session, RealmModel realm) {
        if (pagesEnabled() && realm != null) {
            sync(session, realm, coverage(session, realm));
        }
    }

    /**
     * Makes the realm's page components match its hook attributes.
     *
     * @param coverage the realm's coverage as it is now (worked out at most once, and only when a prehook needs it)
     */
    public static void sync(KeycloakSession session, RealmModel realm, Supplier<RealmCoverage> coverage) {
        if (!pagesEnabled() || realm == null) {
            return;
        }
        RealmHooks hooks = RealmHooks.from(realm.getName(), realm.getAttributes());
        for (HookKind kind : HookKind.values()) {
            String pageId = HookPages.pageId(kind);
            List<ComponentPlan.Existing> existing = new ArrayList<>();
            realm.getComponentsStream(realm.getId(), PROVIDER_TYPE)
                    .filter(c -> pageId.equals(c.getProviderId()))
                    .forEach(c -> existing.add(new ComponentPlan.Existing(c.getId(), c.getConfig())));
            ComponentPlan plan = ComponentPlan.of(desired(hooks, kind, coverage), existing);
            if (!plan.isEmpty()) {
                quietly(session, () -> apply(realm, pageId, plan));
                LOG.debugf("realm %s: %s page components synchronised (%d created, %d updated, %d removed)",
                        realm.getName(), pageId, plan.creates().size(), plan.updates().size(), plan.removes().size());
            }
        }
    }

    private static Map<String, Map<String, List<String>>> desired(RealmHooks hooks, HookKind kind,
            Supplier<RealmCoverage> coverage) {
        Map<String, Map<String, List<String>>> desired = new LinkedHashMap<>();
        for (ParseResult result : hooks.results()) {
            if (result.ref().kind() == kind) {
                desired.put(result.ref().id(), pageConfig(result, coverage));
            }
        }
        return desired;
    }

    /**
     * The one source of a page component's config, for syncs and console saves alike: the hook's form, and for a
     * valid prehook its coverage ({@link HookForm#COVERAGE}, read-only: what a page sends back is never used).
     */
    static Map<String, List<String>> pageConfig(ParseResult result, Supplier<RealmCoverage> coverage) {
        Map<String, List<String>> config = HookForm.toConfig(result.ref().kind(), result.ref().id(), json(result));
        if (result.config() instanceof PrehookConfig prehook) {
            config.put(HookForm.COVERAGE, List.of(CoverageText.of(prehook, prehook.enabled() ? coverage.get() : null)));
        }
        return config;
    }

    /**
     * The realm's coverage, worked out on first use and at most once; null when it cannot be (the page then says
     * so): a hook write or a sync must never fail because of it.
     */
    static Supplier<RealmCoverage> coverage(KeycloakSession session, RealmModel realm) {
        return new Supplier<>() {
            private boolean done;
            private RealmCoverage coverage;

            @Override
            public RealmCoverage get() {
                if (!done) {
                    done = true;
                    try {
                        coverage = CurrentCoverage.of(session, realm);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "realm %s: the prehooks' coverage for the Prehooks page could not be worked out",
                                realm.getName());
                    }
                }
                return coverage;
            }
        };
    }

    /** A valid hook as the admin API shows it (defaults filled in); an invalid one as far as its value is JSON. */
    static JsonNode json(ParseResult result) {
        if (result.valid()) {
            return HookValues.putStoreFields(HookJson.toRepresentation(result.config()), result.raw());
        }
        try {
            return result.raw() == null ? null : JSON.readTree(result.raw());
        } catch (IOException e) {
            return null;
        }
    }

    private static void apply(RealmModel realm, String pageId, ComponentPlan plan) {
        for (String componentId : plan.removes()) {
            ComponentModel component = realm.getComponent(componentId);
            if (component != null) {
                realm.removeComponent(component);
            }
        }
        for (ComponentPlan.Update update : plan.updates()) {
            ComponentModel component = realm.getComponent(update.componentId());
            if (component != null) {
                component.setName(update.hookId());
                component.setConfig(HookPages.multivalued(update.config()));
                realm.updateComponent(component);
            }
        }
        for (ComponentPlan.Create create : plan.creates()) {
            ComponentModel component = new ComponentModel();
            component.setName(create.hookId());
            component.setParentId(realm.getId());
            component.setProviderType(PROVIDER_TYPE);
            component.setProviderId(pageId);
            component.setConfig(HookPages.multivalued(create.config()));
            realm.addComponentModel(component);
        }
    }
}
