package io.keycloakhooks.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.oauth.OAuthClient;
import org.keycloak.testframework.oauth.annotations.InjectOAuthClient;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.ui.annotations.InjectPage;
import org.keycloak.testframework.ui.annotations.InjectWebDriver;
import org.keycloak.testframework.ui.page.LoginPage;
import org.keycloak.testframework.ui.webdriver.ManagedWebDriver;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

/** Proves the browser harness: a real Chromium renders the realm's login page served by the real Keycloak. */
@KeycloakIntegrationTest(config = HooksServerConfig.class)
class LoginPageIT {

    @InjectRealm
    ManagedRealm realm;

    @InjectWebDriver
    ManagedWebDriver driver;

    @InjectOAuthClient
    OAuthClient oauth;

    @InjectPage
    LoginPage loginPage;

    @Test
    void loginPageRendersInChromium() throws IOException {
        oauth.openLoginForm();

        loginPage.assertCurrent();
        assertTrue(driver.findElement(By.id("username")).isDisplayed());
        assertTrue(driver.findElement(By.id("password")).isDisplayed());
        assertTrue(driver.getCurrentUrl().contains("/realms/" + realm.getName() + "/"), driver.getCurrentUrl());
        assertEquals("chrome", ((org.openqa.selenium.remote.RemoteWebDriver) driver.driver()).getCapabilities().getBrowserName());

        Path screenshot = Path.of("target", "screenshots", "login-page.png");
        Files.createDirectories(screenshot.getParent());
        Path taken = ((TakesScreenshot) driver.driver()).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(screenshot) > 1000, "a real PNG was written to " + screenshot);
    }
}
