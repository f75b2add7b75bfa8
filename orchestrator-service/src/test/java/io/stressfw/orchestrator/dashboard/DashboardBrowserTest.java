package io.stressfw.orchestrator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.Phase;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.Topics;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser against the running orchestrator and a real Kafka broker: it loads without
 * console errors, its charts follow a running cycle, the EMERGENCY STOP button stops the cycle, and it fits a phone.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.FreshHistory.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    /** A history directory of its own, so the history table shows only this run's cycles. */
    public static final class FreshHistory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stress.orchestrator.data-dir", Path.of("target", "dashboard-test-data",
                    Long.toString(System.currentTimeMillis())).toAbsolutePath().toString());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** docs/images at the repository root; surefire runs in the module directory. */
    private static final Path SCREENSHOTS = Path.of("..", "docs", "images");

    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL dashboard;

    EmbeddedKafkaBroker broker;

    private AgentAndHostFeed feed;

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start(Path.of("target", "dashboard-browser"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stopFeed() {
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    @Order(1)
    void pageLoadsWithNoConsoleErrors() {
        openDashboard(new Dimension(1440, 2000));

        assertThat(browser.driver.findElements(By.cssSelector("#phase-picker input[type=checkbox]")))
                .extracting(e -> e.getAttribute("value"))
                .containsExactly("idle", "light", "medium", "heavy", "extreme", "critical", "chaos");
        // The bundled plan has no probes: the probe chart holds the load alone and says why
        // (DashboardProbeChartBrowserTest draws one).
        assertThat(browser.driver.findElement(By.id("probe-legend")).getText()).isEqualTo("Load %");
        assertThat(browser.driver.findElement(By.id("probe-empty")).isDisplayed()).isTrue();
        WebElement estop = browser.driver.findElement(By.id("emergency-stop"));
        assertThat(estop.isDisplayed()).isTrue();
        assertThat(estop.getText()).isEqualTo("EMERGENCY STOP");
        // Late failures (a 404, a script error on the first live messages) reach the console while the page takes
        // in its first live updates: read the console once four of them (1.5 s of the feed) are drawn.
        new WebDriverWait(browser.driver, WAIT).until(d ->
                Integer.parseInt(d.findElement(By.id("load-chart")).getAttribute("data-points")) >= 4);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void chartFollowsAShortCycleStartedFromThePage() {
        feed = new AgentAndHostFeed(broker.bootstrapServers(), this::currentLoadPercent).start();
        openDashboard(new Dimension(1440, 2000));
        // A start needs an agent: the operator sees it listed before starting.
        new WebDriverWait(browser.driver, WAIT).until(d ->
                d.findElement(By.id("agents")).getText().contains(AgentAndHostFeed.AGENT_ID));
        click("pick-light");
        click("override-safety");
        // No safety-service runs here: the watchdog would stop the cycle at once, so it is switched off too.
        click("override-safety-watchdog");
        click("start-button");
        new WebDriverWait(browser.driver, WAIT).until(d -> d.findElement(By.id("confirm-dialog")).isDisplayed());
        assertThat(browser.driver.findElement(By.id("confirm-text")).getText())
                .isEqualTo("Phases: light. The safety interlock is OVERRIDDEN. The safety watchdog is OFF: the load keeps "
                        + "running if safety-service is lost.");
        click("confirm-ok");

        waitForText("cycle-state", "running");
        waitForText("current-phase", "LIGHT");
        new WebDriverWait(browser.driver, WAIT).until(d -> lastT("load-chart") > 0);
        JsonNode first = lastPoint("load-chart");
        long firstT = lastT("load-chart");
        double firstTarget = first.path("target_cpu").asDouble();

        // The bundled LIGHT ramps up for 30 s: within it the drawn target must rise and the agent's achieved load must appear.
        new WebDriverWait(browser.driver, WAIT).until(d -> {
            JsonNode last = lastPoint("load-chart");
            return lastT("load-chart") >= firstT + 1500 && last.path("target_cpu").asDouble() > firstTarget
                    && last.path("achieved_cpu").isNumber() && last.path("achieved_cpu").asDouble() > 0;
        });
        new WebDriverWait(browser.driver, WAIT).until(d -> lastPoint("host-chart").path("cpu_usage").isNumber()
                && lastPoint("host-chart").path("network_mbps").isNumber());
        assertThat(lastPoint("host-chart").path("cpu_steal").asDouble()).isEqualTo(1.5);
        assertThat(browser.driver.findElement(By.id("host-legend")).getText()).contains("CPU steal %");
        assertThat(Integer.parseInt(browser.driver.findElement(By.id("load-chart")).getAttribute("data-points")))
                .isGreaterThan(3);
        // The agent joins with its first heartbeat; its generators' readings follow with the next status refresh.
        new WebDriverWait(browser.driver, WAIT).until(d ->
                d.findElement(By.id("agents")).getText().matches("(?s).*" + AgentAndHostFeed.AGENT_ID
                        + " CPU \\d+\\.\\d% · Memory .*"));
        // The agent's host as a whole: the CPU target against what it achieved, live.
        new WebDriverWait(browser.driver, WAIT).until(d -> d.findElement(By.id("hosts")).getText()
                .matches("(?s).*" + AgentAndHostFeed.AGENT_HOST_ID + " host " + AgentAndHostFeed.AGENT_ID
                        + " \\d+\\.\\d% / \\d+\\.\\d%.*"));
        assertThat(browser.driver.findElement(By.id("phase-strip")).getText()).isEqualTo("light");
        assertThat(browser.driver.findElement(By.id("stop-button")).isEnabled()).isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void emergencyStopButtonStopsTheRunningCycle() throws IOException {
        feed = new AgentAndHostFeed(broker.bootstrapServers(), this::currentLoadPercent).start();
        String cycleId = runningCycleId();
        // Keep the page of the previous test when it is still live, so the chart shows the whole cycle.
        if (!browser.driver.getCurrentUrl().equals(dashboard.toString())
                || !browser.driver.findElement(By.id("connection")).getText().equals("live")) {
            openDashboard(new Dimension(1440, 2000));
        }
        waitForText("cycle-state", "running");
        new WebDriverWait(browser.driver, WAIT).until(d ->
                Integer.parseInt(d.findElement(By.id("load-chart")).getAttribute("data-points")) >= 20);

        long clickedNanos = System.nanoTime();
        click("emergency-stop");
        new WebDriverWait(browser.driver, Duration.ofSeconds(5), Duration.ofMillis(20))
                .until(d -> "idle".equals(status().path("state").asText()));
        long stopMillis = (System.nanoTime() - clickedNanos) / 1_000_000;
        System.out.printf("dashboard EMERGENCY STOP: click to orchestrator idle in %d ms%n", stopMillis);

        JsonNode report = given().get("/cycles/" + cycleId).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(report.path("outcome").asText()).isEqualTo("aborted");
        assertThat(report.path("aborted_by").asText()).isEqualTo("operator");
        waitForText("cycle-state", "idle");
        new WebDriverWait(browser.driver, WAIT).until(d ->
                d.findElement(By.id("notice")).getText().equals("Emergency stop acknowledged."));

        click("history-refresh");
        By row = By.cssSelector("#history tr[data-cycle-id='" + cycleId + "']");
        new WebDriverWait(browser.driver, WAIT).until(d -> !d.findElements(row).isEmpty());
        browser.driver.findElement(row).click();
        new WebDriverWait(browser.driver, WAIT).until(d -> d.findElement(By.id("report")).isDisplayed()
                && d.findElement(By.id("report")).getText().contains("Aborted by operator"));
        assertThat(browser.driver.findElement(By.id("report")).getText()).contains("cycle " + cycleId, "light");
        assertThat(browser.consoleErrors()).isEmpty();
        fitWindowToPage(1440);
        screenshot("dashboard.png");
    }

    @Test
    @Order(4)
    void safetyEventsAndBreakersAppearAsTheyHappen() {
        openDashboard(new Dimension(1440, 2000));
        String source = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        String breakerId = "memory_usage/" + source;
        try (AgentAndHostFeed producer = new AgentAndHostFeed(broker.bootstrapServers(), () -> 0)) {
            // The orchestrator reads violations from "latest": repeat until one gets through.
            new WebDriverWait(browser.driver, WAIT, Duration.ofMillis(500)).until(d -> {
                long now = System.currentTimeMillis();
                producer.publish(Topics.VIOLATIONS, source, new BreakerTransition(Versioned.SCHEMA_VERSION, now,
                        breakerId, "memory_usage", source, BreakerState.CLOSED, BreakerState.OPEN,
                        "3 failures in 10 s"));
                producer.publish(Topics.VIOLATIONS, source, new Violation(Versioned.SCHEMA_VERSION,
                        UUID.randomUUID().toString(), now, "memory-warn", "memory_usage", 81.5, 80, Severity.WARNING,
                        SafetyAction.WARN, source, null, Phase.LIGHT, "memory_usage 81.5 > 80"));
                return d.findElement(By.id("breakers")).getText().contains(breakerId)
                        && d.findElement(By.id("safety-events")).getText().contains("memory-warn");
            });
        }
        assertThat(browser.driver.findElement(By.id("breakers")).getText()).contains(breakerId + "\nopen");
        assertThat(browser.driver.findElement(By.id("safety-events")).getText())
                .contains("[warn/warning] memory-warn: memory_usage = 81.5 (limit 80) on " + source)
                .contains("breaker " + breakerId + ": closed → open (3 failures in 10 s)");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(5)
    void reconnectsTheWebSocketAndResumesTheLiveUpdates() {
        openDashboard(new Dimension(1440, 2000));
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;

        // "reconnecting…" shows only until the first retry: the page records every text of the chip, so the
        // test sees it however late it looks.
        js.executeScript("""
                const chip = document.getElementById('connection');
                window.connectionTexts = [];
                new MutationObserver(() => window.connectionTexts.push(chip.textContent))
                    .observe(chip, {childList: true, characterData: true, subtree: true});
                window.stressDashboard.dropConnection();
                """);
        new WebDriverWait(browser.driver, WAIT).until(d ->
                ((List<?>) js.executeScript("return window.connectionTexts")).contains("reconnecting…"));
        waitForText("connection", "live");
        long afterReconnect = System.currentTimeMillis();

        new WebDriverWait(browser.driver, WAIT).until(d -> lastT("load-chart") > afterReconnect);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void fitsPhoneAndTabletWithTheEmergencyStopAlwaysInView() throws IOException {
        for (Dimension size : List.of(new Dimension(390, 844), new Dimension(820, 1180))) {
            openDashboard(size);
            JavascriptExecutor js = (JavascriptExecutor) browser.driver;
            js.executeScript("window.scrollTo(0, document.body.scrollHeight)");
            Boolean estopInView = (Boolean) js.executeScript(
                    "const r = document.getElementById('emergency-stop').getBoundingClientRect();"
                            + "return r.top >= 0 && r.bottom <= window.innerHeight && r.height >= 44;");
            assertThat(estopInView).as("EMERGENCY STOP visible at the bottom of the page, %s", size).isTrue();
            Long overflow = (Long) js.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow).as("horizontal overflow at %s", size).isLessThanOrEqualTo(0L);
            js.executeScript("window.scrollTo(0, 0)");
            if (size.getWidth() < 500) {
                screenshot("dashboard-phone.png");
            }
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private void openDashboard(Dimension size) {
        browser.driver.manage().window().setSize(size);
        browser.driver.get(dashboard.toString());
        waitForText("connection", "live");
        new WebDriverWait(browser.driver, WAIT).until(d ->
                d.findElements(By.cssSelector("#phase-picker input[type=checkbox]")).size() == 7);
    }

    /** Headless screenshots show the viewport only: make it as tall as the page. */
    private static void fitWindowToPage(int width) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver;
        long pageHeight = ((Number) js.executeScript("return Math.ceil(document.querySelector('main')"
                + ".getBoundingClientRect().bottom + window.scrollY);")).longValue();
        long chrome = (Long) js.executeScript("return window.outerHeight - window.innerHeight;");
        browser.driver.manage().window().setSize(new Dimension(width, (int) (pageHeight + chrome)));
    }

    private void click(String id) {
        browser.driver.findElement(By.id(id)).click();
    }

    private void waitForText(String id, String text) {
        new WebDriverWait(browser.driver, WAIT).until(d -> d.findElement(By.id(id)).getText().equals(text));
    }

    /** Server timestamp of the chart's latest point, 0 before the first live update. */
    private long lastT(String canvasId) {
        String value = browser.driver.findElement(By.id(canvasId)).getAttribute("data-last-t");
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private JsonNode lastPoint(String canvasId) {
        try {
            String last = browser.driver.findElement(By.id(canvasId)).getAttribute("data-last");
            return JSON.readTree(last == null || last.isEmpty() ? "{}" : last);
        } catch (IOException e) {
            throw new AssertionError("the chart's data-last is not JSON", e);
        }
    }

    private JsonNode status() {
        return given().get("/status").then().statusCode(200).extract().as(JsonNode.class);
    }

    private double currentLoadPercent() {
        try {
            return status().path("current_load_percent").asDouble();
        } catch (RuntimeException | AssertionError e) {
            return 0;
        }
    }

    /** The cycle the previous test started, or a fresh one-phase cycle when it has already ended. */
    private String runningCycleId() {
        JsonNode status = status();
        if ("running".equals(status.path("state").asText())) {
            return status.path("cycle_id").asText();
        }
        return given().contentType(ContentType.JSON)
                .body("{\"phases\":[\"light\"],\"override_safety\":true,\"override_safety_watchdog\":true,\"wait_for_fit\":20}")
                .post("/cycle/start").then().statusCode(202).extract().path("cycle_id");
    }

    private static void screenshot(String name) throws IOException {
        Path file = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(SCREENSHOTS);
        Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
