package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testsuite.util.oauth.AccessTokenResponse;

/** The realm ./demo.sh imports is valid and its demo user and clients work. */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class DemoRealmIT {

    @InjectRealm(fromJson = "/demo-realm.json")
    ManagedRealm demo;

    @InjectOAuthClient
    OAuthClient oauth;

    @Test
    void demoUserSignsInThroughTheDemoApp() {
        AccessTokenResponse response = oauth.realm(demo.getName()).client("demo-app")
                .doPasswordGrantRequest("demo", "demo");
        assertEquals(200, response.getStatusCode(), response.getErrorDescription());
        assertNotNull(response.getAccessToken());
    }

    @Test
    void demoServiceGetsClientCredentialsTokens() {
        AccessTokenResponse response = oauth.realm(demo.getName()).client("demo-service", "demo-service-secret")
                .doClientCredentialsGrantAccessTokenRequest();
        assertEquals(200, response.getStatusCode(), response.getErrorDescription());
        assertNotNull(response.getAccessToken());
    }
}
