package io.keycloakhooks.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP against a running Keycloak, the way an operator's script would call the admin API. */
public final class AdminHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final String baseUrl;

    public AdminHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A user's access token from the realm's {@code admin-cli} client (password grant). */
    public String userToken(String realm, String username, String password) {
        Response response = tokenResponse(realm, username, password);
        if (response.status() != 200) {
            throw new IllegalStateException("token request for " + username + " failed: " + response);
        }
        return response.json().get("access_token").asText();
    }

    /** The token endpoint's answer to a password grant on {@code admin-cli}, whatever it is. */
    public Response tokenResponse(String realm, String username, String password) {
        String form = formEncode(Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", username, "password", password));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        return send(request);
    }

    /** A form POST to a realm's OpenID Connect endpoint, e.g. {@code logout}. */
    public Response oidcForm(String realm, String endpoint, Map<String, String> fields) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/"
                        + endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(fields)))
                .build();
        return send(request);
    }

    /** GET {@code /admin/realms/{realm}/hooks/{path}}; a null token sends no Authorization header. */
    public Response getHooks(String realm, String path, String token) {
        return hooks("GET", realm, path, token, null);
    }

    /** Any call to {@code /admin/realms/{realm}/hooks/{path}} with an optional JSON body. */
    public Response hooks(String method, String realm, String path, String token, String json) {
        return admin(method, "/admin/realms/" + realm + "/hooks/" + path, token, json);
    }

    /** Any admin API call, e.g. {@code PUT /admin/realms/{realm}}. */
    public Response admin(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(),
                    response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String formEncode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    public record Response(int status, String body, String location) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }
    }
}
