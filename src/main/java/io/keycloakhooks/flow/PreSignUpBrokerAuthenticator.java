package io.keycloakhooks.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookRunner.PrehookVerdict;
import io.keycloakhooks.prehook.SignUpData;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventType;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * {@code hooks-pre-sign-up-broker}: in the first-broker-login flow, before "Create User If Unique" creates the account,
 * asks the realm's {@code pre_sign_up} prehooks. It runs only for a sign-up: when the brokered identity would be linked
 * to an account that exists (same email or username, as "Create User If Unique" decides), or a user is already set,
 * it does nothing. A denial shows the hook's message on an error page (HTTP 403) and records REGISTER_ERROR with error
 * {@value PreSignInAuthenticator#DENIED_ERROR}; no user is created.
 */
public class PreSignUpBrokerAuthenticator extends AbstractIdpAuthenticator {

    static final String TITLE_KEY = "hooksSignUpDeniedTitle";

    @Override
    protected void authenticateImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
            BrokeredIdentityContext brokerContext) {
        PrehookGate gate = new PrehookGate(context.getSession(), context.getRealm(), Trigger.PRE_SIGN_UP);
        if (gate.idle() || !isSignUp(context, brokerContext)) {
            context.success();
            return;
        }
        IdentityProviderModel idp = brokerContext.getIdpConfig();
        ObjectNode data = SignUpData.of(brokerContext.getEmail(), username(context.getRealm(), brokerContext),
                brokerContext.getFirstName(), brokerContext.getLastName(), serializedCtx.getAttributes(), idp.getAlias());
        data.set("identityProvider", SignUpData.identityProvider(idp.getAlias(), idp.getProviderId(),
                brokerContext.getEmail(), brokerContext.getUsername()));
        PrehookVerdict verdict = gate.run(context.getAuthenticationSession().getClient(), null, data);
        if (verdict.proceeds()) {
            context.success();
            return;
        }
        PrehookCall stoppedBy = verdict.stoppedBy().orElseThrow();
        String message = gate.pageMessage(stoppedBy, null);
        // a clone: Keycloak records the flow's own builder as IDENTITY_PROVIDER_FIRST_LOGIN after every broker-flow page
        context.getEvent().clone().event(EventType.REGISTER)
                .detail(Details.IDENTITY_PROVIDER, idp.getAlias())
                .detail(Details.IDENTITY_PROVIDER_USERNAME, brokerContext.getUsername())
                .detail(Details.EMAIL, brokerContext.getEmail())
                .detail("hook", stoppedBy.hook().id())
                .error(PreSignInAuthenticator.DENIED_ERROR);
        context.forceChallenge(deniedPage(context, message));
    }

    private static Response deniedPage(AuthenticationFlowContext context, String message) {
        return context.form().setAttribute("hooksTitleKey", TITLE_KEY).setError(message)
                .setStatus(Response.Status.FORBIDDEN).createForm(PreSignInAuthenticator.DENIED_TEMPLATE);
    }

    /** A new account, not a link to an existing one: the same test as Keycloak's "Create User If Unique". */
    private static boolean isSignUp(AuthenticationFlowContext context, BrokeredIdentityContext brokerContext) {
        if (context.getUser() != null || context.getAuthenticationSession().getAuthNote(EXISTING_USER_INFO) != null) {
            return false;
        }
        if (brokerContext.getIdpConfig().isTransientUsers()) {
            return true;
        }
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        String email = brokerContext.getEmail();
        if (email != null && !realm.isDuplicateEmailsAllowed() && session.users().getUserByEmail(realm, email) != null) {
            return false;
        }
        String username = username(realm, brokerContext);
        return username == null || session.users().getUserByUsername(realm, username) == null;
    }

    private static String username(RealmModel realm, BrokeredIdentityContext brokerContext) {
        return realm.isRegistrationEmailAsUsername() ? brokerContext.getEmail() : brokerContext.getModelUsername();
    }

    @Override
    protected void actionImpl(AuthenticationFlowContext context, SerializedBrokeredIdentityContext serializedCtx,
            BrokeredIdentityContext brokerContext) {
        authenticateImpl(context, serializedCtx, brokerContext);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }
}
