package io.keycloakhooks.claims;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.keycloakhooks.runtime.HooksRuntime;
import io.keycloakhooks.claims.JwtClaimsFetcher.CacheScope;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.format.PrehookBodies;
import io.keycloakhooks.prehook.PrehookEnvelope;
import io.keycloakhooks.call.HookCaller;
import io.keycloakhooks.call.HookCaller.PreparedCall;
import io.keycloakhooks.webhook.UserData;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.IDToken;
import org.keycloak.services.Urls;
import org.keycloak.util.JsonSerialization;

/**
 * One token request as a {@code jwt} prehook sees it: reads user, client, grant, scope, session, organizations and
 * roles from Keycloak (on the request thread) and builds the signed call. The body is built at most once, and only
 * when some hook is not answered from the cache.
 */
final class JwtTokenRequest {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserSessionModel userSession;
    private final ClientSessionContext clientSessionCtx;
    private final IDToken token;
    private final ClientModel client;
    private final UserModel user;
    private final String messageId = UUID.randomUUID().toString();
    private Function<Format, byte[]> bodies;
    private HookCaller caller;

    JwtTokenRequest(KeycloakSession session, RealmModel realm, UserSessionModel userSession,
            ClientSessionContext clientSessionCtx, IDToken token) {
        this.session = session;
        this.realm = realm;
        this.userSession = userSession;
        this.clientSessionCtx = clientSessionCtx;
        this.token = token;
        this.client = clientSessionCtx.getClientSession().getClient();
        this.user = userSession.getUser();
    }

    CacheScope cacheScope() {
        return new CacheScope(realm.getId(), user.getId(), client.getId(), clientSessionCtx.getScopeString());
    }

    PreparedCall prepare(PrehookConfig hook) {
        if (bodies == null) {
            Clock clock = Clock.systemUTC();
            bodies = PrehookBodies.perFormat(Trigger.JWT, PrehookEnvelope.build(messageId, Trigger.JWT, realm.getId(),
                    realm.getName(), context(), data(), clock));
            // the token's own iss is the realm's issuer URL for this request; building it again costs a URI build
            String issuer = token.getIssuer() != null ? token.getIssuer()
                    : Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
            caller = new HookCaller(session, realm, issuer, clock,
                    session.getProvider(HooksRuntime.class).login());
        }
        return caller.prepare(hook, messageId, bodies.apply(hook.format()));
    }

    private ObjectNode context() {
        String ip = session.getContext().getConnection() == null ? null
                : session.getContext().getConnection().getRemoteAddr();
        HttpHeaders headers = session.getContext().getRequestHeaders();
        String userAgent = headers == null ? null : headers.getHeaderString(HttpHeaders.USER_AGENT);
        return PrehookEnvelope.context(ip, userAgent, session.getContext().resolveLocale(user).toLanguageTag(),
                client.getClientId());
    }

    private ObjectNode data() {
        Set<String> realmRoles = new TreeSet<>();
        Map<String, Set<String>> clientRoles = new TreeMap<>();
        clientSessionCtx.getRolesStream().forEach(role -> {
            if (role.isClientRole()) {
                clientRoles.computeIfAbsent(clientIdOf(role), k -> new TreeSet<>()).add(role.getName());
            } else {
                realmRoles.add(role.getName());
            }
        });
        boolean transientSession = userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT;
        return JwtRequestBuilder.data(UserData.of(user), user.getServiceAccountClientLink() != null,
                new JwtRequestBuilder.Client(client.getId(), client.getClientId(), client.getName()),
                clientSessionCtx.getAttribute(Constants.GRANT_TYPE, String.class), clientSessionCtx.getScopeString(),
                transientSession ? null : userSession.getId(), organizations(), realmRoles, clientRoles,
                new RawValue(tokenJson()));
    }

    /** The token's claims as Keycloak writes them (its mapper leaves out null fields). */
    private String tokenJson() {
        try {
            return JsonSerialization.mapper.writeValueAsString(token);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the token's claims", e);
        }
    }

    private String clientIdOf(RoleModel role) {
        return role.getContainer() instanceof ClientModel owner ? owner.getClientId() : role.getContainerId();
    }

    private List<JwtRequestBuilder.Organization> organizations() {
        List<JwtRequestBuilder.Organization> result = new ArrayList<>();
        if (realm.isOrganizationsEnabled()) {
            OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
            if (organizations != null) {
                organizations.getByMember(user).forEach(org ->
                        result.add(new JwtRequestBuilder.Organization(org.getId(), org.getAlias(), org.getName())));
            }
        }
        return result;
    }
}
