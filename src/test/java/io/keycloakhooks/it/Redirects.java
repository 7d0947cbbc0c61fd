package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;

import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;

/** The browser's way back to the client after a login. */
final class Redirects {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Redirects() {
    }

    /**
     * Waits (polling, with a deadline) until the browser is back at the client with an authorization code: a
     * submit returns before the browser has followed Keycloak's redirect.
     */
    static void awaitCode(ManagedWebDriver driver, Supplier<String> context) {
        Polls.until(() -> driver.getCurrentUrl().contains("code="), WAIT);
        assertTrue(driver.getCurrentUrl().contains("code="), "back at the client: " + driver.getCurrentUrl() + context.get());
    }

    static void awaitCode(ManagedWebDriver driver) {
        awaitCode(driver, () -> "");
    }
}
