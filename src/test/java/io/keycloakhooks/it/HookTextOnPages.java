package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.keycloak.util.JsonSerialization;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** Hostile markup in a hook's text, and the checks that a login page shows it as the plain text it is. */
final class HookTextOnPages {

    /** Both built-in login themes: the default, and the older one that prints messages through kcSanitize. */
    static final List<String> LOGIN_THEMES = List.of("keycloak.v2", "keycloak");

    static final String MESSAGE = "<a href=\"https://phish.example/reset\">Reset here</a>"
            + "<img src=\"https://phish.example/x.png\"> <b>Blocked</b> &amp; <script>window.pwned=1</script>";

    static final String FIELD_ERROR = "<i>taken</i> <a href=\"https://phish.example/f\">fix</a>";

    /** Elements that hook text could create, anywhere on the page. */
    private static final String FROM_HOOK_TEXT = "a[href*='phish'], img[src*='phish'], .kc-feedback-text b, "
            + "[id^='input-error'] i, [id^='input-error'] a";

    private HookTextOnPages() {
    }

    /** A denial answer carrying {@link #MESSAGE}, and {@link #FIELD_ERROR} on {@code field} when not null. */
    static String denial(String field) {
        ObjectNode answer = JsonSerialization.mapper.createObjectNode().put("allow", false).put("message", MESSAGE);
        if (field != null) {
            answer.putObject("fieldErrors").put(field, FIELD_ERROR);
        }
        return answer.toString();
    }

    static void useLoginTheme(ManagedRealm realm, String theme) {
        realm.updateWithCleanup(r -> r.update(rep -> rep.setLoginTheme(theme)));
    }

    /** What a reader sees: the page text without the invisible word joiners the extension may insert. */
    static String visible(String pageText) {
        return pageText.replace("\u2060", "");
    }

    static void assertShownAsText(ManagedWebDriver driver, String theme) {
        assertTrue(driver.driver().findElements(By.cssSelector(FROM_HOOK_TEXT)).isEmpty(),
                theme + ": an element was created from hook text: " + driver.driver().getPageSource());
        assertFalse(Boolean.TRUE.equals(((JavascriptExecutor) driver.driver()).executeScript("return window.pwned === 1")),
                theme + ": a script from hook text ran");
    }
}
