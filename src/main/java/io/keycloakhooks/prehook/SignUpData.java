package io.keycloakhooks.prehook;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code data} of a {@code pre_sign_up} request (docs/prehooks.md#request): email, username, first and last name, the other
 * profile attributes (never passwords), the provider ({@code form} or an identity provider's alias) and, when
 * brokered, the identity provider.
 */
public final class SignUpData {

    public static final String FORM_PROVIDER = "form";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shown as fields of their own, or secret: never in {@code attributes}. */
    private static final Set<String> LEFT_OUT = Set.of("username", "email", "firstName", "lastName", "password",
            "password-confirm", "password-new", "g-recaptcha-response", "emailVerified", "enabled");

    private SignUpData() {
    }

    public static ObjectNode of(String email, String username, String firstName, String lastName,
            Map<String, List<String>> attributes, String provider) {
        ObjectNode data = JSON.createObjectNode()
                .put("email", email)
                .put("username", username)
                .put("firstName", firstName)
                .put("lastName", lastName);
        ObjectNode others = data.putObject("attributes");
        new TreeMap<>(attributes == null ? Map.<String, List<String>>of() : attributes).forEach((name, values) -> {
            if (!LEFT_OUT.contains(name) && !name.toLowerCase(java.util.Locale.ROOT).contains("password")
                    && values != null) {
                ArrayNode array = others.putArray(name);
                values.forEach(array::add);
            }
        });
        data.put("provider", provider);
        return data;
    }

    /** {@code identityProvider} of a brokered sign-up or sign-in: the provider and the identity it vouched for. */
    public static ObjectNode identityProvider(String alias, String providerId, String email, String username) {
        return JSON.createObjectNode()
                .put("alias", alias)
                .put("providerId", providerId)
                .put("email", email)
                .put("username", username);
    }
}
