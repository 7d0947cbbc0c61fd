package io.keycloakhooks.prehook;

import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.Format;
import io.keycloakhooks.config.Trigger;
import io.keycloakhooks.format.PrehookBodies;

/**
 * The sample request of the admin test action (docs/admin-api.md): a request envelope (docs/prehooks.md#request) for the prehook's trigger with
 * made-up data, marked {@code "test": true} so receivers can skip side effects.
 */
public final class SampleRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleRequests() {
    }

    public static byte[] envelope(String messageId, Trigger trigger, String realmId, String realmName, Clock clock) {
        return envelope(messageId, trigger, Format.STANDARD, realmId, realmName, clock);
    }

    /** The sample request in the hook's format (docs/formats.md), rendered from the standard one. */
    public static byte[] envelope(String messageId, Trigger trigger, Format format, String realmId, String realmName,
            Clock clock) {
        ObjectNode context = PrehookEnvelope.context("203.0.113.7", "Mozilla/5.0 (sample request from Keycloak Hooks)",
                "en", "sample-client");
        ObjectNode envelope = PrehookEnvelope.build(messageId, trigger, realmId, realmName, context, data(trigger, clock), clock);
        return PrehookBodies.render(format, trigger, envelope.put("test", true));
    }

    private static ObjectNode data(Trigger trigger, Clock clock) {
        ObjectNode data = JSON.createObjectNode();
        switch (trigger) {
            case PRE_SIGN_UP -> {
                data.put("email", "jane.doe@example.com").put("username", "jane.doe")
                        .put("firstName", "Jane").put("lastName", "Doe").put("provider", "form");
                data.putObject("attributes");
            }
            case PRE_SIGN_IN -> {
                data.set("user", user(clock));
                data.put("authMethod", "password");
            }
            case PRE_PASSWORD_RESET -> data.set("user", user(clock));
            case JWT -> {
                data.set("user", user(clock));
                data.put("tokenType", "user").put("grantType", "authorization_code").put("scope", "openid profile email")
                        .put("sessionId", "00000000-0000-0000-0000-000000000001");
                data.putObject("client").put("id", "00000000-0000-0000-0000-000000000002").put("clientId", "sample-client")
                        .put("name", "Sample client");
                data.putArray("organizations");
                ObjectNode roles = data.putObject("roles");
                roles.putArray("realm").add("default-roles");
                roles.putObject("clients");
                long now = clock.instant().getEpochSecond();
                data.putObject("claims").put("exp", now + 300).put("iat", now)
                        .put("jti", "00000000-0000-0000-0000-000000000003")
                        .put("sub", "00000000-0000-0000-0000-000000000000").put("typ", "Bearer")
                        .put("azp", "sample-client").put("scope", "openid profile email")
                        .put("email", "jane.doe@example.com").put("preferred_username", "jane.doe");
            }
        }
        return data;
    }

    private static ObjectNode user(Clock clock) {
        ObjectNode user = JSON.createObjectNode()
                .put("id", "00000000-0000-0000-0000-000000000000")
                .put("username", "jane.doe")
                .put("email", "jane.doe@example.com")
                .put("emailVerified", true)
                .put("firstName", "Jane")
                .put("lastName", "Doe")
                .put("enabled", true)
                .put("createdTimestamp", clock.millis());
        user.putObject("attributes");
        return user;
    }
}
