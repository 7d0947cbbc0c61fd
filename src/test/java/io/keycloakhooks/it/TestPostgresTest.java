package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void servesOnlyTheDatabasesOfUrlsOnItsLocalPort() {
        assertEquals(Set.of("keycloak_hooks_test", "keycloak_hooks_crash"), TestPostgres.databasesServedAt(54329, List.of(
                "jdbc:postgresql://localhost:54329/keycloak_hooks_test",
                "jdbc:postgresql://127.0.0.1:54329/keycloak_hooks_crash?ssl=false",
                "jdbc:postgresql://localhost:5432/keycloak_hooks_cluster",
                "jdbc:postgresql://db.example:54329/other",
                "jdbc:h2:mem:x")));
    }

    @Test
    void startsNothingForAServerOfYourOwn() {
        assertEquals(Set.of(), TestPostgres.databasesServedAt(54329, List.of("jdbc:postgresql://localhost:5432/keycloak_hooks_test")));
    }
}
