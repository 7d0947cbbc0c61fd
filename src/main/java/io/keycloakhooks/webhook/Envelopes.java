package io.keycloakhooks.webhook;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.HookRedaction;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

/**
 * The {@code data} of webhook envelopes (docs/webhooks.md#envelope), looked up while the event's transaction is open, so a deleted
 * user or organization shows what the event knew.
 */
final class Envelopes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final RealmModel realm;

    Envelopes(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * The whole envelope for one message, serialized in one pass over the data tree: this runs in the request
     * that emits the event, and a mapper call costs several times as much for the few nodes an envelope has.
     */
    static String envelope(String id, String type, long timeMillis, RealmModel realm, ObjectNode data) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("type", type);
            json.writeStringField("timestamp", Timestamps.format(timeMillis));
            json.writeObjectFieldStart("realm");
            json.writeStringField("id", realm.getId());
            json.writeStringField("name", realm.getName());
            json.writeEndObject();
            json.writeFieldName("data");
            write(json, data);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator json, JsonNode node) throws IOException {
        if (node.isObject()) {
            json.writeStartObject();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                json.writeFieldName(field.getKey());
                write(json, field.getValue());
            }
            json.writeEndObject();
        } else if (node.isArray()) {
            json.writeStartArray();
            for (JsonNode element : node) {
                write(json, element);
            }
            json.writeEndArray();
        } else if (node.isTextual()) {
            json.writeString(node.textValue());
        } else if (node.isBoolean()) {
            json.writeBoolean(node.booleanValue());
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            json.writeNumber(node.longValue());
        } else if (node.isNull() || node.isMissingNode()) {
            json.writeNull();
        } else {
            JSON.writeTree(json, node); // decimals and anything rarer: the mapper knows them all
        }
    }

    ObjectNode userEventData(Event event) {
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        ObjectNode data = JSON.createObjectNode();
        if (event.getUserId() != null) {
            data.set("user", user(event.getUserId(), details.get(Details.USERNAME), details.get(Details.EMAIL)));
        }
        if (event.getClientId() != null) {
            data.putObject("client").put("clientId", event.getClientId());
        }
        if (details.get(Details.ORG_ID) != null) {
            data.set("organization", organization(details.get(Details.ORG_ID), null));
        }
        if (details.get(Details.IDENTITY_PROVIDER) != null) {
            data.set("identityProvider", identityProvider(details.get(Details.IDENTITY_PROVIDER)));
        }
        data.put("ipAddress", event.getIpAddress());
        data.put("sessionId", event.getSessionId());
        ObjectNode keycloak = data.putObject("keycloak").put("eventType", event.getType().name());
        ObjectNode detailsNode = keycloak.putObject("details");
        details.forEach(detailsNode::put);
        keycloak.put("error", event.getError());
        return data;
    }

    ObjectNode adminEventData(AdminEvent event, boolean includeRepresentation) {
        ObjectNode data = JSON.createObjectNode();
        String[] path = event.getResourcePath() == null ? new String[0] : event.getResourcePath().split("/");
        JsonNode representation = includeRepresentation ? parse(event.getRepresentation()) : null;
        HookRedaction.redactInPlace(representation); // a realm's or a hook page's representation carries hook credentials
        if (path.length >= 2 && "users".equals(path[0])) {
            data.set("user", user(path[1], null, null));
        }
        if (path.length >= 2 && "organizations".equals(path[0])) {
            data.set("organization", organization(path[1], path.length == 2 ? representation : null));
            if (path.length >= 4 && "members".equals(path[2]) && !path[3].startsWith("invite-")) {
                data.set("user", user(path[3], null, null));
            } else if (path.length == 4 && "members".equals(path[2])) {
                ObjectNode invitee = invitee(event.getRepresentation());
                if (invitee != null) {
                    data.set("user", invitee);
                }
            } else if (path.length >= 3 && "members".equals(path[2]) && details(event).get(UserModel.USERNAME) != null) {
                UserModel member = session.users().getUserByUsername(realm, details(event).get(UserModel.USERNAME));
                if (member != null) {
                    data.set("user", UserData.of(member)); // adding a member names the user in the details, not the path
                }
            }
        }
        ObjectNode keycloak = data.putObject("keycloak")
                .put("operationType", event.getOperationType().name())
                .put("resourceType", event.getResourceTypeAsString())
                .put("resourcePath", event.getResourcePath());
        keycloak.set("representation", representation);
        AuthDetails auth = event.getAuthDetails();
        if (auth != null) {
            keycloak.putObject("authDetails")
                    .put("realmId", auth.getRealmId())
                    .put("clientId", auth.getClientId())
                    .put("userId", auth.getUserId())
                    .put("ipAddress", auth.getIpAddress());
        }
        return data;
    }

    /**
     * Whom an invitation ({@code members/invite-user}, {@code members/invite-existing-user}) was sent to: the user
     * with the invitation's email, or just the email while nobody has registered with it. Keycloak names the
     * invitee only in the event's representation (the invitation's id, email and organization), so the email is
     * read from it even when the realm does not include representations in admin events; the representation
     * itself is still left out then.
     */
    private ObjectNode invitee(String representation) {
        JsonNode invitation = parse(representation);
        String email = invitation == null ? null : invitation.path("email").asText(null);
        if (email == null || email.isBlank()) {
            return null;
        }
        UserModel user;
        try {
            user = session.users().getUserByEmail(realm, email);
        } catch (ModelDuplicateException e) {
            user = null; // a realm that allows duplicate emails: the email is all that is certain
        }
        return user != null ? UserData.of(user) : JSON.createObjectNode().put("email", email);
    }

    private static Map<String, String> details(AdminEvent event) {
        return event.getDetails() == null ? Map.of() : event.getDetails();
    }

    private ObjectNode user(String id, String username, String email) {
        UserModel user = session.users().getUserById(realm, id);
        if (user != null) {
            return UserData.of(user);
        }
        ObjectNode known = JSON.createObjectNode().put("id", id);
        if (username != null) {
            known.put("username", username);
        }
        if (email != null) {
            known.put("email", email);
        }
        return known;
    }

    /** The organization as it is now, or as the representation recorded it when it no longer exists. */
    private ObjectNode organization(String id, JsonNode representation) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationModel organization = organizations == null ? null : organizations.getById(id);
        ObjectNode node = JSON.createObjectNode().put("id", id);
        if (organization != null) {
            return node.put("alias", organization.getAlias()).put("name", organization.getName());
        }
        if (representation != null && representation.isObject()) {
            node.put("alias", representation.path("alias").asText(null)).put("name", representation.path("name").asText(null));
        }
        return node;
    }

    private ObjectNode identityProvider(String alias) {
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        return JSON.createObjectNode().put("alias", alias)
                .put("providerId", provider == null ? null : provider.getProviderId());
    }

    private static JsonNode parse(String representation) {
        if (representation == null || representation.isEmpty()) {
            return null;
        }
        try {
            return JSON.readTree(representation);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(representation);
        }
    }
}
