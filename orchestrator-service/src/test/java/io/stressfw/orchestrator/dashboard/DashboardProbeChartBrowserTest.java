package io.stressfw.orchestrator.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.stressfw.kafka.EmbeddedKafkaBroker;
import io.stressfw.kafka.KafkaBrokerTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe chart in a real browser: with a plan whose {@code checkout} probe runs against a real HTTP service, a
 * running cycle draws the probe's p95 (its red line on the canvas, its legend entry, its value in the chart's latest
 * point) beside the load, and the "no probes" note is gone. {@code DashboardBrowserTest} checks the same chart with
 * a plan without probes: the load alone, and the note.
 */
@QuarkusTest
@QuarkusTestResource(value = ProbedServiceResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class DashboardProbeChartBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** PROBE_COLORS[0] in render.js: the first probe series. */
    static final int[] FIRST_PROBE_RGB = {0xc8, 0x10, 0x2e};

    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL dashboard;

    EmbeddedKafkaBroker broker;

    private AgentAndHostFeed feed;

    @BeforeAll
    static void openBrowser() {
        browser = HeadlessChromium.start(Path.of("target", "probe-chart-browser"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void stopCycleAndFeed() {
        given().contentType(ContentType.JSON).body("{}").post("/emergency/stop");
        if (feed != null) {
            feed.close();
        }
    }

    @Test
    void aRunningCycleDrawsTheProbesP95BesideTheLoad() throws Exception {
        feed = new AgentAndHostFeed(broker.bootstrapServers(), () -> 20.0).start();
        new WebDriverWait(browser.driver, WAIT).until(d ->
                given().get("/agents").then().extract().path("count").equals(1));
        given().contentType(ContentType.JSON)
                .body("{\"phases\":[\"light\"],\"override_safety\":true,\"override_safety_watchdog\":true,\"wait_for_fit\":20}")
                .post("/cycle/start").then().statusCode(202);
        browser.driver.manage().window().setSize(new Dimension(1440, 2400));
        browser.driver.get(dashboard.toString());

        new WebDriverWait(browser.driver, WAIT).until(d -> lastPoint().path("probe.checkout.p95_ms").isNumber()
                && lastPoint().path("load").isNumber() && Integer.parseInt(chart().getAttribute("data-points")) >= 4);

        assertThat(browser.driver.findElement(By.id("probe-legend")).getText())
                .contains("Load %").contains("probe.checkout.p95_ms (ms)");
        assertThat(browser.driver.findElement(By.id("probe-empty")).isDisplayed()).isFalse();
        new WebDriverWait(browser.driver, WAIT).until(d -> pixelsOf(FIRST_PROBE_RGB) > 20);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private org.openqa.selenium.WebElement chart() {
        return browser.driver.findElement(By.id("probe-chart"));
    }

    private JsonNode lastPoint() {
        try {
            String last = chart().getAttribute("data-last");
            return JSON.readTree(last == null || last.isEmpty() ? "{}" : last);
        } catch (java.io.IOException e) {
            throw new AssertionError("the chart's data-last is not JSON", e);
        }
    }

    /** Pixels of the probe chart's canvas within a small distance of a colour (the line's own, anti-aliasing aside). */
    static long pixelsOf(int[] rgb) {
        Object count = ((JavascriptExecutor) browser.driver).executeScript("""
                const [r, g, b] = [arguments[0], arguments[1], arguments[2]];
                const canvas = document.getElementById('probe-chart');
                const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let n = 0;
                for (let i = 0; i < data.length; i += 4) {
                  if (data[i + 3] > 200 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 40) {
                    n++;
                  }
                }
                return n;
                """, rgb[0], rgb[1], rgb[2]);
        return ((Number) count).longValue();
    }
}
