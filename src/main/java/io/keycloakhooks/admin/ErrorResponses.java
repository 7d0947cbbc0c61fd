package io.keycloakhooks.admin;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keycloakhooks.config.FieldError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Error bodies in the shape of Keycloak's own admin API ({@code ErrorRepresentation}): {@code errorMessage}
 * names the field, {@code field} is the first bad field, {@code errors} lists every one.
 */
final class ErrorResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {
    }

    static Response invalid(List<FieldError> errors) {
        ObjectNode body = JSON.createObjectNode()
                .put("errorMessage", String.join("; ", errors.stream().map(FieldError::toString).toList()))
                .put("field", errors.get(0).field());
        body.set("errors", fieldErrors(errors));
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    static Response of(Response.Status status, String field, String message) {
        ObjectNode body = JSON.createObjectNode().put("errorMessage", field == null ? message : field + ": " + message);
        if (field != null) {
            body.put("field", field);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    static ArrayNode fieldErrors(List<FieldError> errors) {
        ArrayNode array = JSON.createArrayNode();
        errors.forEach(e -> array.addObject().put("field", e.field()).put("errorMessage", e.message()));
        return array;
    }
}
