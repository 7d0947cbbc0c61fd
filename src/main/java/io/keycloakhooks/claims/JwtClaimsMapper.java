package io.keycloakhooks.claims;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.keycloakhooks.logging.ThrottledLog;
import io.keycloakhooks.claims.JwtClaimsFetcher.Outcome;
import io.keycloakhooks.config.PrehookConfig;
import io.keycloakhooks.config.RealmHooks;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.config.FailMode;
import io.keycloakhooks.execlog.ExecutionRecord;
import io.keycloakhooks.prehook.Executions;
import io.keycloakhooks.runtime.HooksRuntime;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;
import org.keycloak.services.ErrorResponseException;

/**
 * The JWT prehook (docs/jwt-claims.md): adds the custom claims of the realm's {@code jwt} prehooks to tokens. A stateless
 * singleton apart from the claims cache (thread-safe). It runs after Keycloak's mappers, calls the hooks once per
 * token request (the answer is kept on the {@link ClientSessionContext}, which the access and ID token of one
 * request share) and, when a {@code closed} hook fails, stops the request with the OAuth 2.0 error
 * {@value #FAIL_CLOSED_ERROR} (HTTP 503).
 */
public class JwtClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "hooks-jwt-claims";
    public static final String PREHOOK = "prehook";
    public static final String NAMESPACE = "namespace";
    /** After every mapper Keycloak ships (the highest, the script mapper, is 50). */
    public static final int PRIORITY = 1000;
    public static final String FAIL_CLOSED_ERROR = "temporarily_unavailable";
    public static final String FAIL_CLOSED_DESCRIPTION = "Custom token claims are unavailable right now";

    private static final Logger LOG = Logger.getLogger(JwtClaimsMapper.class);
    /** Failures are logged at most once a minute per hook: a hook that is down fails on every token request. */
    private static final ThrottledLog FAILURE_LOG = new ThrottledLog(60_000);
    private static final Pattern HOOK_ID = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final String MEMO_PREFIX = "hooks.jwt-claims.";
    private static final List<ProviderConfigProperty> CONFIG;

    static {
        CONFIG = ProviderConfigurationBuilder.create()
                .property().name(PREHOOK).label("Prehook id").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("The id of one jwt prehook to call. Empty: every enabled jwt prehook of the realm.").add()
                .property().name(NAMESPACE).label("Claim namespace").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Put the custom claims under this claim instead of the top level of the token. "
                        + "Empty: top level.").add()
                .build();
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, JwtClaimsMapper.class);
    }

    private final ClaimsCache cache = new ClaimsCache(Clock.systemUTC(), ClaimsCache.DEFAULT_MAX_BYTES);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Hooks: JWT prehook claims";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the custom claims returned by the realm's jwt prehooks. Protected claims are never set.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
            ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        String prehook = trimmed(mapperModel.getConfig().get(PREHOOK));
        if (prehook != null && !HOOK_ID.matcher(prehook).matches()) {
            throw new ProtocolMapperConfigException("prehook: 1 to 64 characters of a-z 0-9 _ -");
        }
        String namespace = trimmed(mapperModel.getConfig().get(NAMESPACE));
        if (namespace != null && ProtectedClaims.isProtected(namespace)) {
            throw new ProtocolMapperConfigException("namespace: " + namespace + " is a protected claim"
                    + " (names are compared ignoring case, up to the first dot)");
        }
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        String prehook = trimmed(mappingModel.getConfig().get(PREHOOK));
        String namespace = trimmed(mappingModel.getConfig().get(NAMESPACE));
        if (namespace != null && ProtectedClaims.isProtected(namespace)) {
            return; // refused by validateConfig; a realm import may still carry it
        }
        String memoKey = MEMO_PREFIX + (prehook == null ? "*" : prehook);
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = clientSessionCtx.getAttribute(memoKey, Map.class);
        if (claims == null) {
            claims = fetch(token, prehook, userSession, session, clientSessionCtx);
            clientSessionCtx.setAttribute(memoKey, claims);
        }
        ClaimMerger.apply(token.getOtherClaims(), claims, namespace);
    }

    private Map<String, Object> fetch(IDToken token, String prehook, UserSessionModel userSession,
            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        RealmModel realm = userSession.getRealm();
        List<PrehookConfig> hooks = hooks(realm, prehook);
        HooksRuntime runtime = session.getProvider(HooksRuntime.class);
        if (hooks.isEmpty()) {
            if (prehook != null && runtime.onceLog().first("jwt-missing|" + realm.getId() + "|" + prehook)) {
                LOG.warnf("realm %s: a %s mapper names the prehook %s, which is not an enabled, valid jwt prehook; "
                        + "it adds no claims (logged once)", realm.getName(), PROVIDER_ID, prehook);
            }
            return Map.of();
        }
        JwtTokenRequest request = new JwtTokenRequest(session, realm, userSession, clientSessionCtx, token);
        Outcome outcome = new JwtClaimsFetcher(runtime.calls(), cache).fetch(hooks, request.cacheScope(),
                request::prepare, (hook, claim) -> {
                    if (runtime.onceLog().first("jwt-protected|" + realm.getId() + "|" + hook.id() + "|" + claim)) {
                        LOG.warnf("realm %s: jwt prehook %s returned the protected claim %s; it is dropped "
                                + "(logged once per hook and claim)", realm.getName(), hook.id(), claim);
                    }
                });
        long now = System.currentTimeMillis();
        UserModel user = userSession.getUser();
        for (JwtClaimsFetcher.Call call : outcome.calls()) {
            runtime.executions().record(executionRecord(realm, user, call, now));
        }
        for (JwtClaimsFetcher.Failure failure : outcome.failures()) {
            long heldBack = FAILURE_LOG.offer(realm.getId() + "|" + failure.hook().id());
            if (heldBack >= 0) {
                LOG.warnf("realm %s: jwt prehook %s failed (%s, failMode %s)%s", realm.getName(), failure.hook().id(),
                        failure.reason(), failure.hook().failMode().value(),
                        heldBack == 0 ? "" : "; " + heldBack + " more failures of it in the last minute not logged");
            }
        }
        if (outcome.fatal().isPresent()) {
            throw new ErrorResponseException(FAIL_CLOSED_ERROR, FAIL_CLOSED_DESCRIPTION,
                    Response.Status.SERVICE_UNAVAILABLE);
        }
        return outcome.claims();
    }

    private static ExecutionRecord executionRecord(RealmModel realm, UserModel user, JwtClaimsFetcher.Call call,
            long now) {
        boolean failed = call.result().failed();
        return Executions.record(realm.getId(), call.hook().id(), Trigger.JWT, now, user.getId(), user.getUsername(),
                user.getEmail(), failed ? "failure" : "claims", !failed || call.hook().failMode() == FailMode.OPEN,
                call.response(), failed ? call.result().failure() : null, null);
    }

    /** The enabled jwt prehooks to call, by order then id: all of them, or the one the mapper names. */
    private List<PrehookConfig> hooks(RealmModel realm, String prehook) {
        List<PrehookConfig> all = RealmHooks.from(realm.getName(), realm.getAttributes()).enabledPrehooks(Trigger.JWT);
        if (prehook == null) {
            return all;
        }
        List<PrehookConfig> named = new ArrayList<>(1);
        for (PrehookConfig hook : all) {
            if (hook.id().equals(prehook)) {
                named.add(hook);
            }
        }
        return named;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
