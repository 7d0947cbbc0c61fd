package io.keycloakhooks.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookRunner.PrehookVerdict;
import io.keycloakhooks.prehook.SignUpData;
import io.keycloakhooks.webhook.UserData;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.LoginActionsService;

/**
 * {@code hooks-pre-sign-in}: after the user is identified, asks the realm's {@code pre_sign_in} prehooks, with
 * {@code authMethod} {@code password}, {@code sso_cookie}, {@code direct_grant} or {@code identity_provider} (in an
 * identity provider's post-login flow, then with {@code identityProvider}). A denial
 * ends the attempt with the hook's message, records LOGIN_ERROR with error {@value #DENIED_ERROR}, and is a
 * challenge rather than a failure, so it never counts toward brute-force lockout.
 */
public class PreSignInAuthenticator implements Authenticator {

    public static final String DENIED_ERROR = "hooks_denied";
    /** Keycloak's flow path for the direct grant (resource owner password) token request. */
    private static final String DIRECT_GRANT_FLOW_PATH = "token";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DENIED_TEMPLATE = "hooks-denied.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        boolean directGrant = DIRECT_GRANT_FLOW_PATH.equals(context.getFlowPath());
        PrehookGate gate = new PrehookGate(context.getSession(), context.getRealm(), Trigger.PRE_SIGN_IN);
        UserModel user = context.getUser();
        if (gate.idle() || user == null) {
            context.success();
            return;
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("user", UserData.of(user));
        ObjectNode identityProvider = identityProvider(context);
        data.put("authMethod", directGrant ? "direct_grant" : identityProvider != null ? "identity_provider"
                : "true".equals(context.getAuthenticationSession().getAuthNote(AuthenticationManager.SSO_AUTH))
                        ? "sso_cookie" : "password");
        if (identityProvider != null) {
            data.set("identityProvider", identityProvider);
        }
        PrehookVerdict verdict = gate.run(context.getAuthenticationSession().getClient(), user, data);
        if (verdict.proceeds()) {
            context.success();
            return;
        }
        PrehookCall stoppedBy = verdict.stoppedBy().orElseThrow();
        String message = directGrant ? gate.message(stoppedBy, user) : gate.pageMessage(stoppedBy, user);
        // a clone: in the broker flows Keycloak records the flow's own builder again after every page
        context.getEvent().clone().event(EventType.LOGIN).user(user).detail("hook", stoppedBy.hook().id()).error(DENIED_ERROR);
        context.forceChallenge(directGrant ? oauthError(message) : errorPage(context, message));
    }

    /**
     * In an identity provider's post-login flow (or the first-broker-login flow): the provider and the identity it
     * vouched for; else null.
     */
    private static ObjectNode identityProvider(AuthenticationFlowContext context) {
        String path = context.getFlowPath();
        String note = LoginActionsService.POST_BROKER_LOGIN_PATH.equals(path) ? PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT
                : LoginActionsService.FIRST_BROKER_LOGIN_PATH.equals(path) ? AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE
                : null;
        SerializedBrokeredIdentityContext brokered = note == null ? null
                : SerializedBrokeredIdentityContext.readFromAuthenticationSession(context.getAuthenticationSession(), note);
        if (brokered == null) {
            return null;
        }
        String alias = brokered.getIdentityProviderId();
        IdentityProviderModel idp = context.getSession().identityProviders().getByAlias(alias);
        return SignUpData.identityProvider(alias, idp == null ? null : idp.getProviderId(), brokered.getEmail(),
                brokered.getBrokerUsername() != null ? brokered.getBrokerUsername() : brokered.getUsername());
    }

    private static Response oauthError(String message) {
        return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new OAuth2ErrorRepresentation("access_denied", message)).build();
    }

    /** The login theme's page {@value #DENIED_TEMPLATE}, with the message as page message (escaped text). */
    private static Response errorPage(AuthenticationFlowContext context, String message) {
        return context.form().setError(message).setStatus(Response.Status.FORBIDDEN).createForm(DENIED_TEMPLATE);
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
