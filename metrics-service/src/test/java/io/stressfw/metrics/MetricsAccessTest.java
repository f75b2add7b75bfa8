package io.stressfw.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.stressfw.kafka.KafkaBrokerTestResource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Issue 18: metrics-service answers to the same keys and roles as the orchestrator. On main it had no access
 * control: anyone reaching port 8002 read every report and opened baseline windows.
 */
@QuarkusTest
@TestProfile(MetricsAccessTest.Secured.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class MetricsAccessTest {
    static final String OPERATOR = "metrics-operator-key-for-tests-1";
    static final String VIEWER = "metrics-viewer-key-for-tests-02";

    public static final class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stress.auth.enabled", "true",
                    "stress.auth.api-keys", OPERATOR + "=operator," + VIEWER + "=viewer");
        }
    }

    private static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @Test
    void readsNeedAViewer() {
        for (String path : new String[]{"/metrics/snapshot", "/metrics/cycles", "/metrics/baseline"}) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            as(VIEWER).get(path).then().statusCode(200);
        }
        as(VIEWER).get("/metrics/cycles/no-such-cycle").then().statusCode(404);
        as(VIEWER).get("/metrics/cycles/no-such-cycle/export?format=csv").then().statusCode(404);
    }

    @Test
    void openingABaselineWindowNeedsAnOperator() {
        as(VIEWER).post("/metrics/baseline?window_seconds=1").then().statusCode(403)
                .body("detail", containsString("it needs operator"));
        as(OPERATOR).post("/metrics/baseline?window_seconds=1").then().statusCode(202);
    }

    @Test
    void anythingElseIsClosedButTheProbesAndTheScrapeStayOpen() {
        as(OPERATOR).delete("/metrics/cycles/any").then().statusCode(403);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
