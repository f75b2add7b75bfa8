package io.stressfw.orchestrator.dashboard;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stressfw.kafka.KafkaBrokerTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With auth on, the dashboard asks for an API key once, then sends it on REST calls and the WebSocket. */
@QuarkusTest
@TestProfile(DashboardApiKeyBrowserTest.AuthOn.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class DashboardApiKeyBrowserTest {

    static final String OPERATOR_KEY = "dashboard-test-operator-key-0001";

    public static final class AuthOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "stress.auth.enabled", "true",
                    "stress.auth.api-keys", OPERATOR_KEY + "=operator",
                    "stress.orchestrator.data-dir", Path.of("target", "dashboard-auth-data",
                            Long.toString(System.currentTimeMillis())).toAbsolutePath().toString());
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL dashboard;

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start(Path.of("target", "dashboard-browser-auth"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void asksForTheKeyThenGoesLiveWithIt() {
        browser.driver.get(dashboard.toString());
        WebDriverWait wait = new WebDriverWait(browser.driver, WAIT);
        wait.until(d -> d.findElement(By.id("connection")).getText().equals("API key needed"));
        assertThat(browser.driver.findElement(By.id("sign-in")).isDisplayed()).isTrue();
        assertThat(browser.driver.findElement(By.id("notice")).getText())
                .isEqualTo("This orchestrator requires an API key: use \"API key…\" at the top.");

        browser.driver.findElement(By.id("sign-in")).click();
        wait.until(d -> d.findElement(By.id("token-dialog")).isDisplayed());
        browser.driver.findElement(By.id("token-input")).sendKeys(OPERATOR_KEY);
        browser.driver.findElement(By.id("token-save")).click();

        wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        wait.until(d -> d.findElement(By.id("load-chart")).getAttribute("data-last-t") != null);
        assertThat(browser.driver.findElement(By.id("cycle-state")).getText()).isEqualTo("idle");
        assertThat(browser.driver.findElements(By.cssSelector("#phase-picker input[type=checkbox]"))).hasSize(7);

        // The key is kept for the tab: a reload goes live at once, with no refused handshake in the console.
        browser.consoleErrors();
        browser.driver.navigate().refresh();
        wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
        assertThat(browser.driver.findElement(By.id("sign-in")).isDisplayed()).isFalse();
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
