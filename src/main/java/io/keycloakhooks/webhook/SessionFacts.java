package io.keycloakhooks.webhook;

import java.util.Map;
import java.util.function.Predicate;

import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.events.Event;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.provider.ProviderFactory;

/** {@link EventTypes.Facts} looked up in Keycloak for one user event. */
final class SessionFacts implements EventTypes.Facts {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Event event;
    private final Predicate<String> wanted;

    /** @param wanted whether some webhook subscribes to a type: facts only it needs are not looked up otherwise */
    SessionFacts(KeycloakSession session, RealmModel realm, Event event, Predicate<String> wanted) {
        this.session = session;
        this.realm = realm;
        this.event = event;
        this.wanted = wanted;
    }

    @Override
    public String identityProviderType(String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        return provider == null ? null : provider.getProviderId();
    }

    /** The session's completed executions (Keycloak's own record, also used for the amr claim) include a second factor. */
    @Override
    public boolean secondFactorVerified() {
        if (event.getSessionId() == null || !wanted.test("user.authenticatedWithMFA")) {
            return false;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, event.getSessionId());
        if (userSession == null) {
            return false;
        }
        Map<String, Integer> executions = AuthenticatorUtils.parseCompletedExecutions(
                userSession.getNote(Constants.AUTHENTICATORS_COMPLETED));
        for (String executionId : executions.keySet()) {
            AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
            if (execution != null && execution.getAuthenticator() != null) {
                ProviderFactory<Authenticator> factory = session.getKeycloakSessionFactory()
                        .getProviderFactory(Authenticator.class, execution.getAuthenticator());
                if (factory instanceof AuthenticatorFactory authenticator
                        && EventTypes.isSecondFactor(authenticator.getReferenceCategory())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public int secondFactorsLeft() {
        if (!wanted.test("user.disabledLastMFADevice")) {
            return -1;
        }
        UserModel user = event.getUserId() == null ? null : session.users().getUserById(realm, event.getUserId());
        if (user == null) {
            return 0;
        }
        return (int) user.credentialManager().getStoredCredentialsStream()
                .filter(c -> EventTypes.isSecondFactor(c.getType()))
                .count();
    }
}
