package io.stressfw.agent;

import io.restassured.RestAssured;
import io.stressfw.agent.http.AgentHttpServer;
import jakarta.inject.Inject;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.stressfw.kafka.KafkaBrokerTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 18: an agent's REST answers to the same keys and roles as the orchestrator. On main it had no access
 * control: anyone reaching port 8100 read its status, caps and scratch layout.
 */
@QuarkusTest
@TestProfile(AgentAccessTest.Secured.class)
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class AgentAccessTest {
    @Inject
    AgentHttpServer http;

    /** The agent's own server listens on a port picked at start; RestAssured asks that one. */
    @BeforeEach
    void agentPort() {
        RestAssured.port = http.port();
    }

    static final String VIEWER = "agent-viewer-key-for-tests-0001";

    public static final class Secured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stress.auth.enabled", "true", "stress.auth.api-keys", VIEWER + "=viewer",
                    "stress.instance.id", "agent-access-test");
        }
    }

    @Test
    void theStatusNeedsAViewer() {
        given().get("/agent/status").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer " + VIEWER).get("/agent/status").then().statusCode(200)
                .body("agent_id", equalTo("agent-access-test"));
    }

    @Test
    void anythingElseIsClosedButTheProbesAndTheScrapeStayOpen() {
        given().header("Authorization", "Bearer " + VIEWER).post("/agent/status").then().statusCode(403);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
