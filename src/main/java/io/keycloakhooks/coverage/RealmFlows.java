package io.keycloakhooks.coverage;

import java.util.List;
import java.util.Map;

/**
 * What coverage needs of a realm, read once ({@link RealmFlowsReader}): its flows by alias, its flow bindings and
 * the clients and identity providers that can bind flows of their own.
 *
 * @param bindings the realm's flow bindings by path ({@link PathKind#BROWSER}, {@link PathKind#DIRECT_GRANT},
 *        {@link PathKind#REGISTRATION}, {@link PathKind#RESET_CREDENTIALS}, {@link PathKind#FIRST_BROKER_LOGIN}), as
 *        flow aliases
 */
public record RealmFlows(Map<String, FlowNode> flows, Map<PathKind, String> bindings, boolean registrationAllowed,
        List<Client> clients, List<IdentityProvider> identityProviders) {

    public RealmFlows {
        flows = Map.copyOf(flows);
        bindings = Map.copyOf(bindings);
        clients = List.copyOf(clients);
        identityProviders = List.copyOf(identityProviders);
    }

    /**
     * An enabled client.
     *
     * @param paths the client's flow paths it can use ({@link PathKind#BROWSER}, {@link PathKind#DIRECT_GRANT})
     * @param overrides its flow binding overrides by path, as flow aliases
     * @param tokens whether it gets OpenID Connect tokens (not bearer-only)
     * @param jwtGap why its access tokens get no custom claims, or null when they do
     */
    public record Client(String clientId, List<PathKind> paths, Map<PathKind, String> overrides, boolean tokens,
            String jwtGap) {

        public Client {
            paths = List.copyOf(paths);
            overrides = Map.copyOf(overrides);
        }
    }

    /**
     * An enabled identity provider that is not link-only.
     *
     * @param firstBrokerLoginFlow its first-login flow alias, null when it inherits the realm's
     * @param postBrokerLoginFlow its post-login flow alias, null when it has none
     */
    public record IdentityProvider(String alias, String firstBrokerLoginFlow, String postBrokerLoginFlow) {
    }
}
