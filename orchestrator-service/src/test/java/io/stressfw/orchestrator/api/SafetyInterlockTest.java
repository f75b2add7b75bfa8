package io.stressfw.orchestrator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import io.stressfw.model.BreakerState;
import io.stressfw.model.Command;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.testing.FakeSafetyControl;
import io.stressfw.orchestrator.testing.InMemoryMessagingResource;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import io.stressfw.orchestrator.testing.Wire;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@TestProfile(InMemoryProfile.class)
class SafetyInterlockTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @ConfigProperty(name = "stress.safety.url")
    String safetyUrl;

    private InMemorySource<String> heartbeats;
    private InMemorySource<String> violations;
    private InMemorySink<String> commands;
    private FakeSafetyControl safety;
    private SimulatedAgent agent;

    @BeforeEach
    void setUp() {
        heartbeats = connector.source("heartbeats-in");
        violations = connector.source("violations-in");
        commands = connector.sink("commands-out");
        commands.clear();
        safety = new FakeSafetyControl(safetyUrl);
        safety.verdict(true);
        agent = SimulatedAgent.inMemory(connector, "agent-interlock").awaitListed(CycleApiTest::listedAgents);
    }

    @AfterEach
    void tearDown() {
        safety.verdict(true);
        given().post("/emergency/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        agent.close();
    }

    private void safetyAlive() {
        // Re-sent while waiting: the in-memory source drops what it gets before the consumer subscribed.
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            heartbeats.send(Wire.heartbeat("safety-1", ServiceKind.SAFETY));
            return Boolean.TRUE.equals(given().get("/status").then().extract().path("safety_online"));
        });
    }

    private List<Command> sent() throws Exception {
        List<Command> list = new ArrayList<>();
        for (Message<String> m : List.copyOf(commands.received())) {
            list.add(WireCodec.decode(m.getPayload(), Command.class));
        }
        return list;
    }

    /** With {@code override}, both overrides: the interlock skipped and the cycle kept running without safety. */
    private String startMedium(boolean override) {
        return given().contentType(ContentType.JSON)
                .body("{\"phases\": [\"medium\"], \"override_safety\": " + override + ", \"override_safety_watchdog\": "
                        + override + "}")
                .post("/cycle/start").then().statusCode(202).extract().path("cycle_id");
    }

    @Test
    void withoutSafetyHeartbeatsAStartIsRefusedUnlessOverridden() {
        await().atMost(Duration.ofSeconds(6)).until(() ->
                Boolean.FALSE.equals(given().get("/status").then().extract().path("safety_online")));
        given().contentType(ContentType.JSON).body("{\"phases\": [\"light\"]}").post("/cycle/start").then()
                .statusCode(503).contentType("application/problem+json")
                .body("field", equalTo("override_safety")).body("detail", containsString("safety-service is offline"));
        startMedium(true);
    }

    /** Issue 18, hole 5: override_safety alone no longer switches the watchdog off, so without safety it cannot run. */
    @Test
    void overridingTheChecksAloneWithoutSafetyIsRefusedBecauseTheWatchdogWouldStopTheCycle() {
        await().atMost(Duration.ofSeconds(6)).until(() ->
                Boolean.FALSE.equals(given().get("/status").then().extract().path("safety_online")));
        given().contentType(ContentType.JSON).body("{\"phases\": [\"light\"], \"override_safety\": true}")
                .post("/cycle/start").then()
                .statusCode(503).contentType("application/problem+json")
                .body("field", equalTo("override_safety_watchdog"))
                .body("detail", containsString("the watchdog would stop the cycle"));
        assertThat(given().get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }

    @Test
    void anUnfitPreflightIsAConflictListingTheFailedChecks() {
        safetyAlive();
        safety.verdict(false);
        given().contentType(ContentType.JSON).body("{\"phases\": [\"light\"]}").post("/cycle/start").then()
                .statusCode(409).contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("preflight.memory_headroom")))
                .body("detail", containsString("memory_usage 97% over 90%"));
    }

    @Test
    void aPreflightAnsweredTooLateOnceIsAskedAgainAndTheCycleStarts() {
        safetyAlive();
        int before = safety.preflightCalls();
        safety.slowPreflights(false);
        given().contentType(ContentType.JSON).body("{\"phases\": [\"light\"]}").post("/cycle/start").then()
                .statusCode(202);
        assertThat(safety.preflightCalls() - before).isEqualTo(2);
    }

    @Test
    void aPreflightAnsweredTooLateTwiceRefusesTheStartNamingTheTimeOut() {
        safetyAlive();
        int before = safety.preflightCalls();
        safety.slowPreflights(true);
        given().contentType(ContentType.JSON).body("{\"phases\": [\"light\"]}").post("/cycle/start").then()
                .statusCode(503).contentType("application/problem+json")
                .body("field", equalTo("override_safety")).body("detail", containsString("Timeout"));
        assertThat(safety.preflightCalls() - before).isEqualTo(2);
        assertThat(given().get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }

    @Test
    void aStartThatMayWaitWaitsOutAReadingOverALimitAndSaysSo() throws Exception {
        safetyAlive();
        safety.overLimit();
        int before = safety.preflightCalls();
        CompletableFuture<Response> started = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                .body("{\"phases\": [\"medium\"], \"wait_for_fit\": 20}").post("/cycle/start"));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            heartbeats.send(Wire.heartbeat("safety-1", ServiceKind.SAFETY));
            return safety.preflightCalls() >= before + 2;
        });
        assertThat(started).as("still waiting while the reading is over the limit").isNotDone();
        safety.verdict(true);

        Response answer = started.get(15, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(202);
        assertThat(answer.<Integer>path("preflight.attempts")).isGreaterThanOrEqualTo(3);
        assertThat(answer.<List<String>>path("preflight.waited_for")).containsExactly("preflight.under_limit:cpu: host-1: "
                + "cpu_usage = 97 over the limit, not for long enough to break cpu_usage > 95 for 2s");
    }

    @Test
    void aReadingOverALimitDoesNotHoldUpAStartThatMayNotWait() {
        safetyAlive();
        safety.overLimit();
        given().contentType(ContentType.JSON).body("{\"phases\": [\"medium\"]}").post("/cycle/start").then()
                .statusCode(202).body("preflight.attempts", equalTo(1)).body("preflight.waited_for", equalTo(List.of()));
    }

    @Test
    void aReadingStillOverALimitWhenTheWaitEndsStartsTheCycle() {
        safetyAlive();
        safety.overLimit();
        given().contentType(ContentType.JSON).body("{\"phases\": [\"medium\"], \"wait_for_fit\": 1.5}")
                .post("/cycle/start").then()
                .statusCode(202).body("preflight.fit", equalTo(true))
                .body("preflight.waited_for[0]", containsString("over the limit, not for long enough"));
    }

    @Test
    void aFitPreflightWithSafetyAliveStarts() {
        safetyAlive();
        int before = safety.preflightCalls();
        startMedium(false);
        assertThat(safety.preflightCalls()).isEqualTo(before + 1);
        assertThat(safety.lastPreflightAuthorization()).as("the pre-flight presents stress.safety.api-key")
                .isEqualTo("Bearer " + InMemoryMessagingResource.SAFETY_API_KEY);
        List<String> questions = safety.preflightBodies();
        assertThat(questions.get(questions.size() - 1)).as("the planned phase goes with the question").contains(
                "\"phase\":\"medium\"", "\"max_load\":50.0", "\"cpu_weight\":1.0",
                "\"safety_thresholds\":{\"cpu_usage\":{\"comparison\":\"above\",\"limit\":95.0,\"for\":\"500ms\"");
    }

    @Test
    void losingSafetyHeartbeatsStopsARunningCycle() throws Exception {
        safetyAlive();
        String id = startMedium(false);
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> given().get("/cycles/" + id).then()
                .body("outcome", equalTo("aborted")).body("aborted_by", equalTo("orchestrator")));
        assertThat(sent()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(StopCommand.class,
                s -> assertThat(s.mode()).isEqualTo(StopMode.EMERGENCY)));
    }

    @Test
    void aStopViolationEmergencyStopsTheCycle() throws Exception {
        String id = startMedium(true);
        violations.send(Wire.violation(id, SafetyAction.STOP));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/cycles/" + id).then()
                .body("outcome", equalTo("aborted")).body("aborted_by", equalTo("safety"))
                .body("violations.rule_id", hasItem("cpu-high")));
        assertThat(sent()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(StopCommand.class,
                s -> assertThat(s.mode()).isEqualTo(StopMode.EMERGENCY)));
    }

    @Test
    void aStopViolationNamingAnotherCycleStillStopsTheRunningOne() {
        // After an outage safety-service may still believe an older cycle runs; the agents obey its stop whatever
        // the id, so the orchestrator must not carry on (and re-load them) as if nothing happened.
        String id = startMedium(true);
        violations.send(Wire.violation("cycle-other", SafetyAction.STOP));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/cycles/" + id).then()
                .body("outcome", equalTo("aborted")).body("aborted_by", equalTo("safety")));
    }

    @Test
    void aThrottleViolationStepsTheLoadBack() throws Exception {
        String id = startMedium(true);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "hold".equals(given().get("/status").then().extract().path("stage")));
        violations.send(Wire.violation(id, SafetyAction.THROTTLE));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/status").then().body("target_load_percent", equalTo(40.0f)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sent()).anySatisfy(c ->
                assertThat(c).isInstanceOfSatisfying(PhaseCommand.class, p -> assertThat(p.targetLoadPercent()).isEqualTo(40.0))));
        given().get("/status").then().body("state", equalTo("running"));
    }

    @Test
    void breakerTransitionsAreTracked() {
        violations.send(Wire.breaker("cpu-high/host-1", BreakerState.CLOSED, BreakerState.OPEN));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/status").then()
                .body("breakers.breaker_id", hasItem("cpu-high/host-1"))
                .body("breakers.find { it.breaker_id == 'cpu-high/host-1' }.to", equalTo("open")));
    }

    @Test
    void aMalformedSafetyEventIsSkipped() {
        violations.send("{not json");
        violations.send(Wire.breaker("mem/host-2", BreakerState.CLOSED, BreakerState.HALF_OPEN));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/status").then()
                .body("breakers.breaker_id", hasItem("mem/host-2")));
        assertThat(connector.sink("dead-letters").received()).anySatisfy(m ->
                assertThat(m.getPayload().toString()).contains("not valid JSON").contains("{not json"));
    }
}
