package io.stressfw.orchestrator.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.stressfw.model.ServiceKind;
import io.stressfw.orchestrator.testing.Wire;
import jakarta.enterprise.inject.Any;
import io.stressfw.orchestrator.testing.FakeSafetyControl;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(SecuredProfile.class)
class SecuredApiTest {
    /** An operator's start: safety-service is heard from (heartbeats below) and the fake pre-flight finds it fit. */
    private static final String START_MEDIUM = "{\"phases\": [\"medium\"]}";

    @Inject
    StartRateLimiter limiter;
    @Inject
    CommandAuthorizer authorizer;
    @Inject
    @Any
    InMemoryConnector connector;
    @ConfigProperty(name = "stress.safety.url")
    String safetyUrl;

    private ScheduledExecutorService safetyHeartbeats;
    private SimulatedAgent agent;

    /** Only an admin may override safety, so the operator's cycles here run with safety-service "alive". */
    @BeforeEach
    void safetyAliveAndAnAgent() {
        safetyHeartbeats = Executors.newSingleThreadScheduledExecutor();
        safetyHeartbeats.scheduleAtFixedRate(() -> connector.source("heartbeats-in")
                .send(Wire.heartbeat("safety-1", ServiceKind.SAFETY)), 0, 300, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                Boolean.TRUE.equals(as(SecuredProfile.VIEWER).get("/status").then().extract().path("safety_online")));
        agent = SimulatedAgent.inMemory(connector, "agent-secured")
                .awaitListed(() -> as(SecuredProfile.VIEWER).get("/agents").then().extract().path("agents.id"));
    }

    static RequestSpecification as(String key) {
        return given().header("Authorization", "Bearer " + key);
    }

    @AfterEach
    void stopAnything() {
        as(SecuredProfile.VIEWER).post("/emergency/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(as(SecuredProfile.VIEWER).get("/status").then().extract().path("state")));
        safetyHeartbeats.shutdownNow();
        agent.close();
    }

    private void awaitFullBucket() {
        await().atMost(Duration.ofSeconds(5)).until(() -> limiter.available() >= SecuredProfile.START_CAPACITY);
    }

    private String startAsOperator() {
        awaitFullBucket();
        return as(SecuredProfile.OPERATOR).contentType(ContentType.JSON).body(START_MEDIUM).post("/cycle/start")
                .then().statusCode(202).extract().path("cycle_id");
    }

    @Test
    void anUnauthenticatedStartIsRefusedWith401ProblemJson() {
        given().contentType(ContentType.JSON).body(START_MEDIUM).post("/cycle/start").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("title", equalTo("Unauthorized"))
                .body("status", equalTo(401))
                .body("detail", containsString("Authorization: Bearer"));
        given().get("/status").then().statusCode(401).contentType("application/problem+json");
        given().post("/emergency/stop").then().statusCode(401).contentType("application/problem+json");
        assertThat(as(SecuredProfile.VIEWER).get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }

    @Test
    void anUnknownKeyOrAnotherSchemeIsRefusedWith401() {
        as("not-a-configured-key-000").get("/status").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("invalid_token"))
                .body("detail", containsString("not a known API key"));
        // A wrong credential is refused even where none is needed: it is a misconfigured client, not an anonymous one.
        as("not-a-configured-key-000").get("/q/health/live").then().statusCode(401);
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/status").then()
                .statusCode(401).body("detail", containsString("only bearer tokens"));
        // A query token is accepted only where browsers cannot send headers (/ws, /metrics/stream).
        given().queryParam("access_token", SecuredProfile.VIEWER).get("/status").then().statusCode(401);
    }

    @Test
    void aViewerMayReadButNotStartWhichIsA403ProblemJson() {
        as(SecuredProfile.VIEWER).get("/status").then().statusCode(200);
        as(SecuredProfile.VIEWER).get("/phases").then().statusCode(200);
        as(SecuredProfile.VIEWER).get("/cycles").then().statusCode(200);
        as(SecuredProfile.VIEWER).contentType(ContentType.JSON).body(START_MEDIUM).post("/cycle/start").then()
                .statusCode(403)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("insufficient_scope"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("detail", containsString("role 'viewer' may not POST /cycle/start: it needs operator"));
        as(SecuredProfile.VIEWER).contentType(ContentType.JSON).body("{\"phase\": \"medium\", \"target_load\": 60}")
                .post("/load/adjust").then().statusCode(403);
        assertThat(as(SecuredProfile.VIEWER).get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }

    @Test
    void anOperatorStartsAndAViewersEmergencyStopHaltsTheCycle() {
        String id = startAsOperator();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(SecuredProfile.VIEWER).get("/status").then()
                .body("state", equalTo("running")).body("cycle_id", equalTo(id)));
        as(SecuredProfile.VIEWER).post("/emergency/stop").then().statusCode(200)
                .body("acknowledged", equalTo(true)).body("cycle_id", equalTo(id));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(SecuredProfile.VIEWER).get("/cycles/" + id)
                .then().statusCode(200).body("outcome", equalTo("aborted")));
    }

    /** Issue 18, hole 5: on main an operator's override_safety skipped the interlock and the watchdog. */
    @Test
    void onlyAnAdminMayOverrideSafetyAndTheReportNamesTheAdmin() {
        awaitFullBucket();
        as(SecuredProfile.OPERATOR).contentType(ContentType.JSON)
                .body("{\"phases\": [\"medium\"], \"override_safety\": true}").post("/cycle/start").then()
                .statusCode(403).contentType("application/problem+json")
                .body("field", equalTo("override_safety"))
                .body("detail", containsString("role 'operator' may not set override_safety: it needs admin"));
        as(SecuredProfile.OPERATOR).contentType(ContentType.JSON)
                .body("{\"target_load\": 30, \"duration\": 5, \"override_safety_watchdog\": true}").post("/cycle/quick").then()
                .statusCode(403).body("field", equalTo("override_safety_watchdog"));
        assertThat(as(SecuredProfile.VIEWER).get("/status").then().extract().<String>path("state")).isEqualTo("idle");

        String id = as(SecuredProfile.ADMIN).contentType(ContentType.JSON)
                .body("{\"phases\": [\"medium\"], \"override_safety\": true}").post("/cycle/start").then()
                .statusCode(202).body("override_safety_by", matchesPattern("api-key-[0-9a-f]{12} \\(admin\\)"))
                .extract().path("cycle_id");
        as(SecuredProfile.VIEWER).get("/cycles/" + id).then().statusCode(200)
                .body("override_safety", equalTo(true))
                .body("override_safety_watchdog", equalTo(false))
                .body("override_safety_by", matchesPattern("api-key-[0-9a-f]{12} \\(admin\\)"));
    }

    @Test
    void aViewerListsBreakersButOnlyAnAdminResetsThem() {
        as(SecuredProfile.VIEWER).get("/breakers").then().statusCode(200).body("count", equalTo(1));
        as(SecuredProfile.OPERATOR).post("/breakers/cpu@host-1/reset").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("it needs admin"));
        as(SecuredProfile.OPERATOR).post("/breakers/reset").then().statusCode(403);
        as(SecuredProfile.ADMIN).post("/breakers/cpu@host-1/reset").then().statusCode(200).body("state", equalTo("closed"));
        // Safety decides by the same roles: the reset reaches it with the admin's own key, not the orchestrator's.
        assertThat(new FakeSafetyControl(safetyUrl).lastResetAuthorization()).isEqualTo("Bearer " + SecuredProfile.ADMIN);
    }

    @Test
    void unlistedEndpointsNeedAnAdmin() {
        as(SecuredProfile.OPERATOR).get("/thresholds").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("it needs admin"));
        as(SecuredProfile.ADMIN).get("/thresholds").then().statusCode(404);
        as(SecuredProfile.ADMIN).get("/status").then().statusCode(200);
    }

    @Test
    void probesMetricsDocumentationAndTheDashboardStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        assertThat(given().get("/q/health").statusCode()).isIn(200, 503);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().get("/css/dashboard.css").then().statusCode(200);
    }

    @Test
    void floodingStartsGets429WithoutHarmingTheRunningCycle() {
        String id = startAsOperator();
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 12; i++) {
            Response r = as(SecuredProfile.OPERATOR).contentType(ContentType.JSON).body(START_MEDIUM).post("/cycle/start");
            statuses.add(r.statusCode());
            if (r.statusCode() == 429 && limited == null) {
                limited = r;
            }
        }
        assertThat(statuses).doesNotContain(202).contains(429).allMatch(s -> s == 409 || s == 429);
        assertThat(limited).isNotNull();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 3);
        assertThat(limited.<String>path("detail")).contains("start requests are limited to 3 per 3 s");
        List<Integer> quick = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            quick.add(as(SecuredProfile.OPERATOR).contentType(ContentType.JSON)
                    .body("{\"target_load\": 30, \"duration\": 5}").post("/cycle/quick").statusCode());
        }
        assertThat(quick).as("quick tests share the bucket").doesNotContain(202).contains(429);
        as(SecuredProfile.VIEWER).get("/status").then().statusCode(200)
                .body("state", equalTo("running")).body("cycle_id", equalTo(id));
    }

    @Test
    void anOversizedBodyIsRefusedWith413ProblemJson() {
        String huge = "{\"phases\": [\"medium\"], \"pad\": \"" + "x".repeat(70 * 1024) + "\"}";
        as(SecuredProfile.OPERATOR).contentType(ContentType.JSON).body(huge).post("/cycle/start").then()
                .statusCode(413).contentType("application/problem+json");
        assertThat(as(SecuredProfile.VIEWER).get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }

    @Test
    void theCommandAuthorizerAppliesTheSameRolesToWebSocketCommands() {
        var viewer = identity("viewer");
        var operator = identity("viewer", "operator");
        assertThat(authorizer.refusal(viewer, "emergency_stop")).isEmpty();
        assertThat(authorizer.refusal(viewer, "start")).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.message()).contains("it needs operator");
        });
        assertThat(authorizer.refusal(viewer, "adjust")).map(CommandRefusal::status).contains(403);
        assertThat(authorizer.refusal(operator, "stop")).isEmpty();
        assertThat(authorizer.refusal(operator, "set_threshold")).map(CommandRefusal::status).contains(403);
        assertThat(authorizer.refusal(io.quarkus.security.runtime.QuarkusSecurityIdentity.builder()
                .setAnonymous(true).build(), "emergency_stop")).map(CommandRefusal::status).contains(401);
    }

    private static io.quarkus.security.identity.SecurityIdentity identity(String... roles) {
        return io.quarkus.security.runtime.QuarkusSecurityIdentity.builder()
                .setPrincipal(new io.quarkus.security.runtime.QuarkusPrincipal("test"))
                .addRoles(java.util.Set.of(roles)).build();
    }
}
