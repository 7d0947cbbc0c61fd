package io.keycloakhooks.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookRunner.PrehookVerdict;
import io.keycloakhooks.webhook.UserData;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;

/**
 * {@code hooks-pre-password-reset}: between "Choose User" and "Send Reset Email" of the reset-credentials flow, asks
 * the realm's {@code pre_password_reset} prehooks about the identified user. When Keycloak found no (enabled) user the
 * step does nothing, so the next step shows Keycloak's usual "you should receive an email" answer and nothing about
 * the account's existence changes. A denial sends no email: the flow ends on the login page with the hook's message
 * and records RESET_PASSWORD_ERROR with error {@value PreSignInAuthenticator#DENIED_ERROR}.
 */
public class PrePasswordResetAuthenticator implements Authenticator {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        PrehookGate gate = new PrehookGate(context.getSession(), context.getRealm(), Trigger.PRE_PASSWORD_RESET);
        if (user == null || gate.idle() || cameThroughTheEmailLink(context, user)) {
            context.success();
            return;
        }
        ObjectNode data = JSON.createObjectNode();
        data.set("user", UserData.of(user));
        PrehookVerdict verdict = gate.run(context.getAuthenticationSession().getClient(), user, data);
        if (verdict.proceeds()) {
            context.success();
            return;
        }
        PrehookCall stoppedBy = verdict.stoppedBy().orElseThrow();
        context.getEvent().user(user).detail("hook", stoppedBy.hook().id()).error(PreSignInAuthenticator.DENIED_ERROR);
        context.forkWithErrorMessage(new FormMessage(null, gate.pageMessage(stoppedBy, user)));
    }

    /** Following the emailed link runs the flow again; the hooks were asked before that email was sent. */
    private static boolean cameThroughTheEmailLink(AuthenticationFlowContext context, UserModel user) {
        return user.getId().equals(context.getAuthenticationSession().getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    /** False: an unknown user must pass through unnoticed, like Keycloak's own reset steps. */
    @Override
    public boolean requiresUser() {
        return false;
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
