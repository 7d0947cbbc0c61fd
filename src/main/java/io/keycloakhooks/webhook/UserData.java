package io.keycloakhooks.webhook;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.UserModel;

/** A user as hook requests show it (docs/webhooks.md#envelope): id, username, email, names, flags, created time, attributes. */
public final class UserData {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shown as fields of their own, so left out of {@code attributes}. */
    private static final Set<String> PROFILE_FIELDS = Set.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME,
            UserModel.LAST_NAME, UserModel.EMAIL_VERIFIED, UserModel.ENABLED);

    private UserData() {
    }

    public static ObjectNode of(UserModel user) {
        ObjectNode node = JSON.createObjectNode()
                .put("id", user.getId())
                .put("username", user.getUsername())
                .put("email", user.getEmail())
                .put("emailVerified", user.isEmailVerified())
                .put("firstName", user.getFirstName())
                .put("lastName", user.getLastName())
                .put("enabled", user.isEnabled());
        if (user.getCreatedTimestamp() != null) {
            node.put("createdTimestamp", user.getCreatedTimestamp());
        }
        ObjectNode attributes = node.putObject("attributes");
        for (Map.Entry<String, List<String>> attribute : user.getAttributes().entrySet()) {
            if (!PROFILE_FIELDS.contains(attribute.getKey())) {
                ArrayNode values = attributes.putArray(attribute.getKey());
                attribute.getValue().forEach(values::add);
            }
        }
        return node;
    }
}
