package io.keycloakhooks.coverage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.keycloakhooks.claims.JwtClaimsMapper;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.Trigger;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.ConfigurableAuthenticatorFactory;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderFactory;

/** Reads a realm's flows, bindings, clients and identity providers into {@link RealmFlows}. */
public final class RealmFlowsReader {

    /** Deeper nesting than this is not a flow an admin built; the analysis stops there (nothing below counts). */
    private static final int MAX_DEPTH = 32;

    private final KeycloakSession session;
    private final RealmModel realm;

    private RealmFlowsReader(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The realm's flows and their coverage, as they are now in this session. */
    record Snapshot(RealmFlows flows, RealmCoverage coverage) {
    }

    /** The realm's coverage as it is now in this session. */
    public static RealmCoverage coverage(KeycloakSession session, RealmModel realm) {
        return snapshot(session, realm).coverage();
    }

    static Snapshot snapshot(KeycloakSession session, RealmModel realm) {
        RealmHooks hooks = RealmHooks.from(realm.getName(), realm.getAttributes());
        Map<Trigger, List<String>> enabled = new EnumMap<>(Trigger.class);
        for (Trigger trigger : Trigger.values()) {
            enabled.put(trigger, hooks.enabledPrehooks(trigger).stream().map(PrehookConfig::id).toList());
        }
        if (enabled.values().stream().allMatch(List::isEmpty)) {
            return new Snapshot(new RealmFlows(Map.of(), Map.of(), false, List.of(), List.of()), new RealmCoverage(List.of()));
        }
        RealmFlows flows = new RealmFlowsReader(session, realm).read(enabled.get(Trigger.JWT));
        return new Snapshot(flows, CoverageAnalyser.analyse(flows, enabled));
    }

    /** @param jwtPrehooks the enabled jwt prehooks (a client's token path is only judged when there are some) */
    RealmFlows read(List<String> jwtPrehooks) {
        Map<String, FlowNode> flows = new HashMap<>();
        realm.getAuthenticationFlowsStream().filter(AuthenticationFlowModel::isTopLevel)
                .forEach(f -> flows.put(f.getAlias(), node(f, null, FlowNode.Requirement.REQUIRED, 0)));

        Map<PathKind, String> bindings = new EnumMap<>(PathKind.class);
        putAlias(bindings, PathKind.BROWSER, realm.getBrowserFlow());
        putAlias(bindings, PathKind.DIRECT_GRANT, realm.getDirectGrantFlow());
        putAlias(bindings, PathKind.REGISTRATION, realm.getRegistrationFlow());
        putAlias(bindings, PathKind.RESET_CREDENTIALS, realm.getResetCredentialsFlow());
        putAlias(bindings, PathKind.FIRST_BROKER_LOGIN, realm.getFirstBrokerLoginFlow());

        List<RealmFlows.Client> clients = realm.getClientsStream().filter(ClientModel::isEnabled)
                .sorted(Comparator.comparing(ClientModel::getClientId))
                .map(c -> client(c, jwtPrehooks)).toList();
        List<RealmFlows.IdentityProvider> identityProviders = session.identityProviders().getAllStream()
                .filter(IdentityProviderModel::isEnabled).filter(idp -> !IdentityProviders.linkOnly(idp))
                .sorted(Comparator.comparing(IdentityProviderModel::getAlias))
                .map(idp -> new RealmFlows.IdentityProvider(idp.getAlias(), alias(idp.getFirstBrokerLoginFlowId()),
                        alias(idp.getPostBrokerLoginFlowId())))
                .toList();
        return new RealmFlows(flows, bindings, realm.isRegistrationAllowed(), clients, identityProviders);
    }

    private FlowNode node(AuthenticationFlowModel flow, String authenticator, FlowNode.Requirement requirement, int depth) {
        List<FlowNode> children = new ArrayList<>();
        if (depth < MAX_DEPTH) {
            realm.getAuthenticationExecutionsStream(flow.getId()).forEach(execution -> {
                FlowNode child = child(execution, depth);
                if (child != null) {
                    children.add(child);
                }
            });
        }
        return new FlowNode(flow.getAlias(), authenticator, flow.getProviderId(), requirement, children);
    }

    private FlowNode child(AuthenticationExecutionModel execution, int depth) {
        FlowNode.Requirement requirement = requirement(execution);
        if (execution.isAuthenticatorFlow()) {
            AuthenticationFlowModel subFlow = realm.getAuthenticationFlowById(execution.getFlowId());
            return subFlow == null ? null : node(subFlow, execution.getAuthenticator(), requirement, depth + 1);
        }
        ProviderFactory<?> factory = factory(execution.getAuthenticator());
        if (factory instanceof ConditionalAuthenticatorFactory) {
            return null;
        }
        String name = factory instanceof ConfigurableAuthenticatorFactory configurable
                && configurable.getDisplayType() != null ? configurable.getDisplayType() : execution.getAuthenticator();
        return FlowNode.step(name, execution.getAuthenticator(), requirement);
    }

    private ProviderFactory<?> factory(String providerId) {
        if (providerId == null) {
            return null;
        }
        ProviderFactory<?> factory = session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, providerId);
        return factory != null ? factory : session.getKeycloakSessionFactory().getProviderFactory(FormAction.class, providerId);
    }

    private static FlowNode.Requirement requirement(AuthenticationExecutionModel execution) {
        AuthenticationExecutionModel.Requirement requirement = execution.getRequirement();
        if (requirement == null) {
            return FlowNode.Requirement.DISABLED;
        }
        return switch (requirement) {
            case REQUIRED -> FlowNode.Requirement.REQUIRED;
            case ALTERNATIVE -> FlowNode.Requirement.ALTERNATIVE;
            case CONDITIONAL -> FlowNode.Requirement.CONDITIONAL;
            default -> FlowNode.Requirement.DISABLED;
        };
    }

    private RealmFlows.Client client(ClientModel client, List<String> jwtPrehooks) {
        boolean oidc = client.getProtocol() == null || OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol());
        List<PathKind> paths = new ArrayList<>();
        if (!client.isBearerOnly() && (!oidc || client.isStandardFlowEnabled() || client.isImplicitFlowEnabled())) {
            paths.add(PathKind.BROWSER);
        }
        if (oidc && !client.isBearerOnly() && client.isDirectAccessGrantsEnabled()) {
            paths.add(PathKind.DIRECT_GRANT);
        }
        Map<PathKind, String> overrides = new EnumMap<>(PathKind.class);
        for (PathKind kind : List.of(PathKind.BROWSER, PathKind.DIRECT_GRANT)) {
            String flowId = client.getAuthenticationFlowBindingOverride(kind.clientOverride());
            String alias = flowId == null ? null : alias(flowId);
            if (alias != null) {
                overrides.put(kind, alias);
            }
        }
        boolean tokens = oidc && !client.isBearerOnly();
        String jwtGap = tokens && !jwtPrehooks.isEmpty() ? jwtGap(client, jwtPrehooks) : null;
        return new RealmFlows.Client(client.getClientId(), paths, overrides, tokens, jwtGap);
    }

    /** Null when the client's access tokens get a claims mapper that calls an enabled jwt prehook. */
    private static String jwtGap(ClientModel client, List<String> jwtPrehooks) {
        List<ProtocolMapperModel> mappers = Stream.concat(client.getProtocolMappersStream(),
                        client.getClientScopes(true).values().stream().flatMap(ClientScopeModel::getProtocolMappersStream))
                .filter(m -> JwtClaimsMapper.PROVIDER_ID.equals(m.getProtocolMapper()))
                .filter(OIDCAttributeMapperHelper::includeInAccessToken)
                .toList();
        if (mappers.isEmpty()) {
            return "Client '" + client.getClientId() + "' has no Hooks: JWT prehook claims mapper for access tokens,"
                    + " of its own or in a default client scope.";
        }
        for (ProtocolMapperModel mapper : mappers) {
            String named = mapper.getConfig() == null ? null : mapper.getConfig().get(JwtClaimsMapper.PREHOOK);
            if (named == null || named.isBlank() || jwtPrehooks.contains(named.trim())) {
                return null;
            }
        }
        return "The Hooks: JWT prehook claims mappers of client '" + client.getClientId() + "' name prehook '"
                + mappers.get(0).getConfig().get(JwtClaimsMapper.PREHOOK) + "', which is not an enabled jwt prehook.";
    }

    private String alias(String flowId) {
        if (flowId == null || flowId.isBlank()) {
            return null;
        }
        AuthenticationFlowModel flow = realm.getAuthenticationFlowById(flowId);
        return flow == null ? null : flow.getAlias();
    }

    private static void putAlias(Map<PathKind, String> bindings, PathKind kind, AuthenticationFlowModel flow) {
        if (flow != null && !Objects.requireNonNullElse(flow.getAlias(), "").isEmpty()) {
            bindings.put(kind, flow.getAlias());
        }
    }
}
