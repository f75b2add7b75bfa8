package io.stressfw.orchestrator.dashboard;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import io.stressfw.model.ServiceKind;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import io.stressfw.orchestrator.testing.Wire;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The breakers card in a real browser, against the orchestrator and its stand-in safety-service (one OPEN breaker,
 * {@code cpu@host-1}): while safety heartbeats, the card lists safety's breakers with until when an open one stays
 * open, and its Reset button closes it through the orchestrator.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class DashboardBreakersBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL dashboard;

    @Inject
    @Any
    InMemoryConnector connector;

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start(Path.of("target", "dashboard-breakers-browser"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void openBreakersShowUntilWhenAndAResetButtonThatClosesThem() {
        InMemorySource<String> heartbeats = connector.source("heartbeats-in");
        ScheduledExecutorService safety = Executors.newSingleThreadScheduledExecutor();
        safety.scheduleAtFixedRate(() -> heartbeats.send(Wire.heartbeat("safety-browser", ServiceKind.SAFETY)),
                0, 500, TimeUnit.MILLISECONDS);
        try {
            browser.driver.manage().window().setSize(new Dimension(1440, 2000));
            browser.driver.get(dashboard.toString());
            // The card is redrawn at every status refresh: each read looks the row up again.
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            By row = By.cssSelector("#breakers li[data-breaker-id='cpu@host-1']");
            wait.until(d -> d.findElement(row).getText().contains("open until"));

            String open = wait.until(d -> d.findElement(row).getText());
            assertThat(open).startsWith("cpu@host-1\nopen\nopen until");
            wait.until(d -> {
                d.findElement(By.cssSelector("#breakers li[data-breaker-id='cpu@host-1'] .reset-breaker")).click();
                return true;
            });

            wait.until(d -> d.findElement(By.id("notice")).getText().equals("Breaker cpu@host-1 reset."));
            wait.until(d -> d.findElement(row).getText().equals("cpu@host-1\nclosed"));
            assertThat(browser.driver.findElements(By.cssSelector("#breakers li[data-breaker-id='cpu@host-1'] .reset-breaker")))
                    .as("a closed breaker has nothing to reset").isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
        } finally {
            safety.shutdownNow();
        }
    }
}
