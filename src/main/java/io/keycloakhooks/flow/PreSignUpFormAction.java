package io.keycloakhooks.flow;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.prehook.PrehookCall;
import io.keycloakhooks.prehook.PrehookRunner.PrehookVerdict;
import io.keycloakhooks.prehook.SignUpData;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.FormAction;
import org.keycloak.authentication.FormContext;
import org.keycloak.authentication.ValidationContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

/**
 * {@code hooks-pre-sign-up}: in the registration form's validation, before the user exists, asks the realm's
 * {@code pre_sign_up} prehooks. A denial re-renders the registration page with the hook's message on top and its
 * field errors next to their fields, the entered values kept (passwords excepted), and records REGISTER_ERROR with
 * error {@value PreSignInAuthenticator#DENIED_ERROR}. A form whose profile is invalid anyway is left to Keycloak's
 * own validation and not sent to the hooks.
 */
public class PreSignUpFormAction implements FormAction {

    private static final List<String> SECRET_FIELDS = List.of("password", "password-confirm", "g-recaptcha-response");

    @Override
    public void validate(ValidationContext context) {
        PrehookGate gate = new PrehookGate(context.getSession(), context.getRealm(), Trigger.PRE_SIGN_UP);
        if (gate.idle()) {
            context.success();
            return;
        }
        MultivaluedMap<String, String> formData = context.getHttpRequest().getDecodedFormParameters();
        MultivaluedMap<String, String> kept = new MultivaluedHashMap<>(formData);
        SECRET_FIELDS.forEach(kept::remove);
        Attributes attributes = validProfile(context.getSession(), kept);
        if (attributes == null) {
            context.success();
            return;
        }
        String email = attributes.getFirst(UserModel.EMAIL);
        String username = context.getRealm().isRegistrationEmailAsUsername() ? email
                : attributes.getFirst(UserModel.USERNAME);
        ObjectNode data = SignUpData.of(email, username, attributes.getFirst(UserModel.FIRST_NAME),
                attributes.getFirst(UserModel.LAST_NAME), attributes.getReadable(), SignUpData.FORM_PROVIDER);
        PrehookVerdict verdict = gate.run(context.getAuthenticationSession().getClient(), null, data);
        if (verdict.proceeds()) {
            context.success();
            return;
        }
        PrehookCall stoppedBy = verdict.stoppedBy().orElseThrow();
        List<FormMessage> errors = new ArrayList<>();
        errors.add(new FormMessage(null, gate.pageMessage(stoppedBy, null)));
        stoppedBy.decision().fieldErrors().forEach((field, text) -> errors.add(new FormMessage(field, PageText.plain(text))));
        context.getEvent().detail("hook", stoppedBy.hook().id());
        context.error(PreSignInAuthenticator.DENIED_ERROR);
        context.validationError(kept, errors);
    }

    /** The form's profile attributes when they pass the realm's user profile validation, else null. */
    private static Attributes validProfile(KeycloakSession session, MultivaluedMap<String, String> formData) {
        UserProfile profile = session.getProvider(UserProfileProvider.class).create(UserProfileContext.REGISTRATION,
                formData);
        try {
            profile.validate();
            return profile.getAttributes();
        } catch (ValidationException e) {
            return null;
        }
    }

    @Override
    public void buildPage(FormContext context, LoginFormsProvider form) {
    }

    @Override
    public void success(FormContext context) {
    }

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
