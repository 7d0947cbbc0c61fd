package io.keycloakhooks.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's Webhooks and Prehooks pages (declarative UI) as a test drives them in a real browser: the
 * list at {@code #/<realm>/page-section/<page>} and the item form. Every wait polls with a deadline.
 */
final class HooksConsole {

    static final String WEBHOOKS = "hooks-webhooks";
    static final String PREHOOKS = "hooks-prehooks";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver driver;
    private final String baseUrl;

    HooksConsole(WebDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    /** Opens a console route, signing in as the master realm's admin when the console asks. */
    void open(String route) {
        boolean inConsole = driver.getCurrentUrl() != null && driver.getCurrentUrl().startsWith(baseUrl + "/admin/master/console/");
        driver.get(baseUrl + "/admin/master/console/#/" + route);
        if (inConsole) {
            driver.navigate().refresh(); // a new hash alone keeps the single-page app's state; start afresh
        }
        String shown = until(d -> !d.findElements(By.id("username")).isEmpty() ? "sign-in form"
                : !d.findElements(By.id("page-sidebar")).isEmpty()
                        || !d.findElements(By.cssSelector("[data-testid=nav-item-clients], #nav-item-clients")).isEmpty()
                        ? "console" : null);
        if (shown.equals("sign-in form")) {
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys("admin");
            driver.findElement(By.id("kc-login")).click();
        }
        until(d -> d.getCurrentUrl().contains("/console/#/" + route.split("\\?")[0]) && d.findElements(By.id("username")).isEmpty());
    }

    /** The list of a page; waits until it shows rows or its empty state. */
    void openList(String realm, String page) {
        open(realm + "/page-section/" + page);
        awaitList();
    }

    void awaitList() {
        until(d -> !d.findElements(By.cssSelector("table tbody tr")).isEmpty()
                || !d.findElements(By.xpath("//*[contains(@class,'empty-state')]")).isEmpty());
    }

    /**
     * The ids (first column) of the listed rows whose link opens {@code page}'s form, on the list shown. Keycloak 26.4
     * and 26.5 list every declarative-UI item of the realm on each page (their page list does not ask for the page's
     * provider), so there the Prehooks list shows the webhooks too, each opening the Webhooks form, and the other way
     * round; a page's own items are its rows that open its own form.
     */
    List<String> listedIds(String page) {
        awaitList();
        String form = "/page-section/" + page + "/";
        return retrying(() -> rowLinks().stream()
                .filter(link -> String.valueOf(link.getDomAttribute("href")).contains(form))
                .map(WebElement::getText).toList());
    }

    /** How many rows the list shown has, whatever page their items belong to. */
    int listedRows() {
        awaitList();
        return retrying(() -> rowLinks().size());
    }

    private List<WebElement> rowLinks() {
        return driver.findElements(By.cssSelector("table tbody tr td:first-child a"));
    }

    /** Waits until the list, reloaded, shows (or no longer shows) a hook of its page. */
    void awaitListed(String realm, String page, String hookId, boolean listed) {
        until(d -> {
            openList(realm, page);
            return listedIds(page).contains(hookId) == listed;
        });
    }

    /** The text of a row's cell: column 0 is the id, then name, URL, events or trigger, enabled. */
    String cell(String hookId, int column) {
        WebElement row = driver.findElement(By.xpath("//table//tbody/tr[td[1]//a[normalize-space(.)='" + hookId + "']]"));
        return row.findElements(By.cssSelector("td")).get(column).getText().trim();
    }

    /** Opens an empty form the way an admin does: the list's "Create item" (so the form starts afresh). */
    void openNew(String realm, String page) {
        openList(realm, page);
        until(d -> d.findElements(By.xpath("//a[normalize-space(.)='Create item'] | //button[normalize-space(.)='Create item']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null)).click();
        awaitForm();
        until(d -> d.findElement(By.id("config.hookId")).getDomProperty("value").isEmpty());
    }

    /** Opens a hook's form from the list. */
    void openItem(String realm, String page, String hookId) {
        openList(realm, page);
        driver.findElement(By.xpath("//table//tbody//td[1]//a[normalize-space(.)='" + hookId + "']")).click();
        awaitForm();
        until(d -> hookId.equals(d.findElement(By.id("config.hookId")).getDomProperty("value")));
    }

    void awaitForm() {
        until(d -> !d.findElements(By.id("config.url")).isEmpty());
    }

    /** Replaces a text field's value ({@code hookId}, {@code name}, {@code url}, {@code secret}, {@code timeoutMs}, …). */
    void type(String field, String value) {
        WebElement input = driver.findElement(field(field));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        if (!value.isEmpty()) {
            input.sendKeys(value);
        }
    }

    String value(String field) {
        return driver.findElement(field(field)).getDomProperty("value");
    }

    /** The console gives text areas ({@code description}, {@code coverage}) the plain field name as id. */
    private static By field(String field) {
        return field.equals("description") || field.equals("coverage") ? By.id(field) : By.id("config." + field);
    }

    /** Picks event types in the events multi-select. */
    void selectEvents(String... types) {
        for (String type : types) {
            WebElement input = driver.findElement(By.cssSelector("#events input"));
            input.click();
            input.sendKeys(type);
            option(type).click();
        }
        driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
    }

    /** The events the multi-select shows as chosen. */
    List<String> chosenEvents() {
        return driver.findElements(By.cssSelector("#events .pf-v5-c-chip__text, #events .pf-v5-c-label__text")).stream()
                .map(WebElement::getText).toList();
    }

    /** Picks a value of a single-choice list ({@code trigger}, {@code failMode}). */
    void choose(String field, String value) {
        driver.findElement(By.id(field)).click();
        option(value).click();
        until(d -> d.findElement(By.id(field)).getText().contains(value));
    }

    /** Sets a switch ({@code enabled}, {@code skipVerify}). */
    void setSwitch(String field, boolean on) {
        WebElement input = driver.findElement(By.id(field));
        if (input.isSelected() != on) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", input);
        }
        until(d -> d.findElement(By.id(field)).isSelected() == on);
    }

    /** Clicks Save and returns the alert the console shows about it. */
    String save() {
        dismissAlerts();
        driver.findElement(By.cssSelector("[data-testid=save]")).click();
        return alert();
    }

    /** Deletes a hook from the list's row menu, confirming the dialog; returns the alert. */
    String deleteFromList(String realm, String page, String hookId) {
        openList(realm, page);
        WebElement row = driver.findElement(By.xpath("//table//tbody/tr[td[1]//a[normalize-space(.)='" + hookId + "']]"));
        row.findElement(By.cssSelector("button[aria-label='Kebab toggle'], td:last-child button")).click();
        until(d -> !d.findElements(By.xpath("//button[normalize-space(.)='Delete'] | //*[@role='menuitem'][normalize-space(.)='Delete']")).isEmpty());
        driver.findElement(By.xpath("//*[@role='menuitem'][normalize-space(.)='Delete'] | //button[normalize-space(.)='Delete']")).click();
        until(d -> !d.findElements(By.cssSelector("[data-testid=confirm]")).isEmpty());
        dismissAlerts();
        driver.findElement(By.cssSelector("[data-testid=confirm]")).click();
        return alert();
    }

    /** The newest alert's text, waiting for one to appear. */
    String alert() {
        return until(d -> {
            List<WebElement> alerts = d.findElements(By.cssSelector("[data-testid=global-alerts] .pf-v5-c-alert"));
            return alerts.isEmpty() ? null : alerts.get(alerts.size() - 1).getText();
        });
    }

    private void dismissAlerts() {
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('[data-testid=global-alerts] .pf-v5-c-alert__action button').forEach(b => b.click());");
        until(d -> d.findElements(By.cssSelector("[data-testid=global-alerts] .pf-v5-c-alert")).isEmpty());
    }

    /** Saves a screenshot of the current page to {@code path}. */
    void screenshot(Path path) {
        try {
            Files.createDirectories(path.getParent());
            Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(taken, path, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private WebElement option(String text) {
        return until(d -> d.findElements(By.xpath("//*[@role='option' or @role='menuitem'][normalize-space(.)='" + text
                + "'] | //li[contains(@class,'select__menu-item') or contains(@class,'menu__list-item')]//*[normalize-space(text())='"
                + text + "']")).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /**
     * Polls the condition until it gives a value other than null or false, for at most {@link #WAIT}. Keycloak's test
     * framework gives the driver an implicit wait of 5 s, which every lookup that finds nothing (a login form that is
     * not there, no alert yet) would sit out on each poll; the poll is the wait, so lookups inside it answer at once.
     */
    <T> T until(java.util.function.Function<WebDriver, T> condition) {
        WebDriver.Timeouts timeouts = driver.manage().timeouts();
        Duration implicitWait = timeouts.getImplicitWaitTimeout();
        timeouts.implicitlyWait(Duration.ZERO);
        try {
            return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                    .until(d -> {
                        T result = condition.apply(d);
                        return result instanceof Boolean b && !b ? null : result;
                    });
        } finally {
            timeouts.implicitlyWait(implicitWait);
        }
    }

    private <T> T retrying(java.util.function.Supplier<T> read) {
        return until(d -> read.get());
    }
}
