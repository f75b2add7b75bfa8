package io.stressfw.orchestrator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * What a start requires beyond a valid body: agents present (min_agents), a pre-flight it may wait for
 * (wait_for_fit), and what the cycle's report then says: per phase the resources held against their targets, the
 * hosts' metrics against IDLE's baseline, and the verdict.
 */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class StartRequirementsTest {
    @Inject
    @Any
    InMemoryConnector connector;

    /** No safety-service runs here: the start skips its checks and its watchdog, both explicitly (issue 18). */
    private static final String WITHOUT_SAFETY = "\"override_safety\": true, \"override_safety_watchdog\": true";

    private SimulatedAgent agent;

    @AfterEach
    void stopAnything() {
        given().post("/emergency/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        if (agent != null) {
            agent.close();
        }
    }

    private static void noAgentIsListed() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> CycleApiTest.listedAgents().isEmpty());
    }

    private static Response start(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/cycle/start");
    }

    @Test
    void withoutAnyAgentAStartIsAConflictNamingTheAgents() {
        noAgentIsListed();

        start("{\"phases\": [\"light\"], " + WITHOUT_SAFETY + "}").then()
                .statusCode(409).contentType("application/problem+json")
                .body("field", equalTo("agents"))
                .body("detail", containsString("agents: 0 of 1 agent(s) present"));
        given().contentType(ContentType.JSON).body("{\"target_load\": 20, \"duration\": 1, " + WITHOUT_SAFETY + "}")
                .post("/cycle/quick").then().statusCode(409).body("field", equalTo("agents"));
        given().get("/status").then().body("state", equalTo("idle"));
    }

    @Test
    void aStartMayAskForMoreAgents() {
        noAgentIsListed();
        agent = SimulatedAgent.inMemory(connector, "agent-min").awaitListed(CycleApiTest::listedAgents);

        start("{\"phases\": [\"light\"], " + WITHOUT_SAFETY + ", \"min_agents\": 2}").then()
                .statusCode(409).body("detail", containsString("1 of 2 agent(s) present"));
    }

    @Test
    void aStartWaitsForFitAndSaysWhatItWaitedFor() throws Exception {
        noAgentIsListed();
        CompletableFuture<Response> started = CompletableFuture.supplyAsync(() ->
                start("{\"phases\": [\"light\"], " + WITHOUT_SAFETY + ", \"wait_for_fit\": 20}"));
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !started.isDone());

        agent = SimulatedAgent.inMemory(connector, "agent-late");

        Response answer = started.get(25, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(202);
        assertThat(answer.<Integer>path("preflight.attempts")).isGreaterThanOrEqualTo(2);
        assertThat(answer.<Float>path("preflight.waited_seconds")).isGreaterThanOrEqualTo(1.5f);
        assertThat(answer.<List<String>>path("preflight.waited_for")).first().asString()
                .startsWith("agents: 0 of 1 agent(s) present");
        assertThat(answer.<List<Object>>path("warnings")).isEmpty();
    }

    @Test
    void waitingEndsWithTheLastReasonsWhenTheHostsNeverBecomeFit() {
        noAgentIsListed();

        start("{\"phases\": [\"light\"], " + WITHOUT_SAFETY + ", \"wait_for_fit\": 1.5}").then()
                .statusCode(409)
                .body("detail", containsString("still not fit after waiting"))
                .body("detail", containsString("pre-flights)"));
    }

    @Test
    void aCycleWhoseAgentFallsShortOfTheTargetEndsUnderTarget() {
        // Alone: the agents of other tests linger until their heartbeats time out, with their last readings.
        noAgentIsListed();
        agent = SimulatedAgent.inMemory(connector, "agent-short", 0.5).awaitListed(CycleApiTest::listedAgents);

        String id = given().contentType(ContentType.JSON)
                .body("{\"target_load\": 40, \"duration\": 1, \"weights\": {\"cpu\": 1, \"memory\": 0}, " + WITHOUT_SAFETY + "}")
                .post("/cycle/quick").then().statusCode(202).extract().path("cycle_id");

        // Half of 40, or a hair under it: on a busy host the hold's first tick can still see the last ramp reading.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/cycles/" + id).then()
                .body("outcome", equalTo("under_target"))
                .body("verdict_reason", org.hamcrest.Matchers.matchesRegex(
                        "phase medium: cpu achieved (20|19\\.\\d+) % against a target of 40 % \\(tolerance 5 points\\)"))
                .body("phases[0].outcome", equalTo("under_target"))
                .body("phases[0].resources.cpu.verdict", equalTo("under_target"))
                .body("phases[0].resources.cpu.target_percent", equalTo(40.0f))
                .body("phases[0].resources.cpu.achieved_percent", org.hamcrest.Matchers.both(
                        org.hamcrest.Matchers.greaterThan(19.0f)).and(org.hamcrest.Matchers.lessThanOrEqualTo(20.0f)))
                .body("phases[0].resources.cpu.tolerance_points", equalTo(5.0f)));
        given().get("/status").then().body("last_cycle_id", equalTo(id)).body("last_outcome", equalTo("under_target"));
    }

    @Test
    void theReportShowsEachPhasesHostMetricsAgainstIdlesBaseline() {
        noAgentIsListed();
        agent = SimulatedAgent.inMemory(connector, "agent-base").awaitListed(CycleApiTest::listedAgents);

        String id = start("{\"phases\": [\"idle\", \"light\"], " + WITHOUT_SAFETY + "}").then().statusCode(202)
                .extract().path("cycle_id");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/cycles/" + id).then()
                .body("outcome", equalTo("completed"))
                .body("verdict_reason", nullValue())
                .body("baseline.'host-agent-base'.cpu_usage", notNullValue())
                .body("phases[0].host_metrics.'host-agent-base'.cpu_usage.baseline_mean", nullValue())
                .body("phases[1].host_metrics.'host-agent-base'.cpu_usage.p95", notNullValue())
                .body("phases[1].host_metrics.'host-agent-base'.cpu_usage.baseline_mean", notNullValue())
                .body("phases[1].host_metrics.'host-agent-base'.cpu_usage.over_baseline", notNullValue())
                .body("phases[1].resources.cpu.verdict", equalTo("met"))
                .body("phases.outcome", hasItem("completed")));
    }
}
