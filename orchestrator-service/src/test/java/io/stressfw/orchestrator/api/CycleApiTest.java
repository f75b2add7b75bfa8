package io.stressfw.orchestrator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import io.stressfw.model.AbortedBy;
import io.stressfw.model.Command;
import io.stressfw.model.CycleEndedDetails;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.PhaseStartedDetails;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.ThresholdSpec;
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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@TestProfile(InMemoryProfile.class)
class CycleApiTest {
    @Inject
    @Any
    InMemoryConnector connector;
    @ConfigProperty(name = "stress.safety.url")
    String safetyUrl;

    private InMemorySink<String> commands;
    private InMemorySink<String> events;
    private SimulatedAgent agent;

    @BeforeEach
    void clearSinksAndStartAnAgent() {
        commands = connector.sink("commands-out");
        events = connector.sink("phase-events-out");
        commands.clear();
        events.clear();
        agent = SimulatedAgent.inMemory(connector, "agent-api").awaitListed(CycleApiTest::listedAgents);
    }

    @AfterEach
    void stopAnything() {
        given().post("/emergency/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        agent.close();
    }

    static List<String> listedAgents() {
        return given().get("/agents").then().extract().path("agents.id");
    }

    static String start(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/cycle/start")
                .then().statusCode(202).body("cycle_id", startsWith("cycle-")).extract().path("cycle_id");
    }

    List<Command> sentCommands() throws Exception {
        List<Command> list = new ArrayList<>();
        for (Message<String> m : List.copyOf(commands.received())) {
            list.add(WireCodec.decode(m.getPayload(), Command.class));
        }
        return list;
    }

    List<PhaseEvent> sentEvents() throws Exception {
        List<PhaseEvent> list = new ArrayList<>();
        for (Message<String> m : List.copyOf(events.received())) {
            list.add(WireCodec.decode(m.getPayload(), PhaseEvent.class));
        }
        return list;
    }

    @Test
    void startRunsTheNamedPhasesAndPublishesCommandsWithALease() throws Exception {
        String id = start("{\"phases\": [\"idle\", \"light\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sentEvents()).extracting(PhaseEvent::type).contains(PhaseEventType.CYCLE_COMPLETED));
        List<PhaseCommand> phaseCommands = sentCommands().stream()
                .filter(PhaseCommand.class::isInstance).map(PhaseCommand.class::cast).toList();
        assertThat(phaseCommands).isNotEmpty().allSatisfy(c -> {
            assertThat(c.cycleId()).isEqualTo(id);
            assertThat(c.leaseMs()).isEqualTo(5_000);
        });
        assertThat(phaseCommands).extracting(PhaseCommand::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(phaseCommands).extracting(PhaseCommand::phase).containsSubsequence(
                io.stressfw.model.Phase.IDLE, io.stressfw.model.Phase.LIGHT);
        assertThat(phaseCommands.stream().mapToDouble(PhaseCommand::targetLoadPercent).max().orElseThrow()).isEqualTo(25);
        // The graceful stop goes out just after CYCLE_COMPLETED (the end's own handling sends it): awaited, and each
        // look takes one snapshot, since the connector's list may grow between two reads.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Command> commands = sentCommands();
            assertThat(commands.get(commands.size() - 1)).isInstanceOfSatisfying(StopCommand.class,
                    s -> assertThat(s.mode()).isEqualTo(StopMode.GRACEFUL));
        });
        assertThat(sentEvents()).extracting(PhaseEvent::type).containsSubsequence(PhaseEventType.CYCLE_STARTED,
                PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED, PhaseEventType.PHASE_COMPLETED,
                PhaseEventType.PHASE_STARTED, PhaseEventType.HOLD_STARTED, PhaseEventType.RAMP_DOWN_STARTED,
                PhaseEventType.PHASE_COMPLETED, PhaseEventType.CYCLE_COMPLETED);
        PhaseEvent lightStarted = sentEvents().stream().filter(e -> e.type() == PhaseEventType.PHASE_STARTED
                && e.phase() == io.stressfw.model.Phase.LIGHT).findFirst().orElseThrow();
        PhaseStartedDetails lightDetails = lightStarted.details(PhaseStartedDetails.class);
        assertThat(lightDetails.safetyThresholds()).containsEntry("cpu_usage", ThresholdSpec.above(95));
        assertThat(lightDetails.plannedDurationSeconds()).isEqualTo(1.5);
        assertThat(lightDetails.plannedRampUpSeconds()).isEqualTo(1.0);
        assertThat(lightDetails.plannedRampDownSeconds()).isEqualTo(0.5);
        assertThat(lightDetails.targetLoadPercent()).isEqualTo(25.0);
        assertThat(lightDetails.weights()).isNotNull();

        given().get("/cycles/" + id).then().statusCode(200)
                .body("outcome", equalTo("completed"))
                .body("plan.phase", equalTo(List.of("idle", "light")))
                .body("phases", hasSize(2))
                .body("phases[1].phase", equalTo("light"))
                .body("phases[1].target_load_percent", equalTo(25.0f))
                .body("phases[1].hold_started_at_ms", notNullValue());
        given().get("/cycles").then().statusCode(200).body("cycles.cycle_id", hasItem(id));
    }

    @Test
    void webhooksReceivePhaseEventsAndAFailedDeliveryIsRetried() {
        String id = start("{\"phases\": [\"idle\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        FakeSafetyControl receivers = new FakeSafetyControl(safetyUrl);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(receivers.webhookBodies()).anySatisfy(body -> assertThat(body)
                    .contains("\"kind\":\"phase_event\"").contains(id).contains("\"type\":\"cycle_completed\""));
            assertThat(receivers.flakyRetried()).anySatisfy(body ->
                    assertThat(body).contains(id));
        });
        assertThat(receivers.badSignatures()).as("every delivery carries a signature the receiver verifies").isZero();
    }

    /** Issue 18, hole 5: the report says who overrode safety (here nobody logged in: access control is off). */
    @Test
    void theReportAndTheAnswerNameWhoOverrodeSafety() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"phases\": [\"idle\"], \"override_safety\": true, \"override_safety_watchdog\": true}")
                .post("/cycle/start").then().statusCode(202)
                .body("override_safety", equalTo(true)).body("override_safety_watchdog", equalTo(true))
                .body("override_safety_by", equalTo("anonymous (access control off)"))
                .extract().path("cycle_id");
        given().get("/cycles/" + id).then().statusCode(200)
                .body("override_safety", equalTo(true)).body("override_safety_watchdog", equalTo(true))
                .body("override_safety_by", equalTo("anonymous (access control off)"));
    }

    @Test
    void aSecondStartWhileOneRunsIsAConflict() {
        start("{\"phases\": [\"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        given().contentType(ContentType.JSON).body("{\"phases\": [\"light\"], \"override_safety\": true, \"override_safety_watchdog\": true}")
                .post("/cycle/start").then().statusCode(409).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("is running"));
    }

    @Test
    void statusShowsTheRunningPhaseLoadProgressAndPlan() {
        // Test classes share the application: a safety heartbeat another class sent may still count for 3 s.
        await().atMost(Duration.ofSeconds(6)).until(() ->
                Boolean.FALSE.equals(given().get("/status").then().extract().path("safety_online")));
        String id = start("{\"phases\": [\"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/status").then()
                .body("state", equalTo("running"))
                .body("cycle_id", equalTo(id))
                .body("current_phase", equalTo("medium"))
                .body("current_load_percent", equalTo(50.0f))
                .body("target_load_percent", equalTo(50.0f))
                .body("phases[0].phase", equalTo("medium"))
                .body("phase_progress", notNullValue())
                .body("phase_remaining_seconds", notNullValue())
                .body("safety_online", equalTo(false))
                .body("agents", notNullValue())
                .body("breakers", notNullValue()));
    }

    @Test
    void gracefulStopRampsDownThenSendsAGracefulStopCommand() throws Exception {
        String id = start("{\"phases\": [\"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "hold".equals(given().get("/status").then().extract().path("stage")));
        given().post("/cycle/stop").then().statusCode(202).body("state", equalTo("stopping"));
        assertThat(given().get("/status").then().extract().<String>path("state")).isIn("stopping", "idle");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        List<Command> sent = sentCommands();
        assertThat(sent.get(sent.size() - 1)).isInstanceOfSatisfying(StopCommand.class,
                s -> assertThat(s.mode()).isEqualTo(StopMode.GRACEFUL));
        List<Double> rampDown = sent.stream().filter(PhaseCommand.class::isInstance).map(PhaseCommand.class::cast)
                .map(PhaseCommand::targetLoadPercent).toList();
        assertThat(rampDown.stream().anyMatch(l -> l > 0 && l < 50)).isTrue();
        given().get("/cycles/" + id).then().body("outcome", equalTo("aborted")).body("aborted_by", equalTo("operator"));
        given().post("/cycle/stop").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void emergencyStopAnswersAfterTheCommandIsAcknowledged() throws Exception {
        String id = start("{\"phases\": [\"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        given().post("/emergency/stop").then().statusCode(200)
                .body("acknowledged", equalTo(true)).body("cycle_id", equalTo(id)).body("mode", equalTo("emergency"));
        assertThat(sentCommands()).anySatisfy(c -> assertThat(c).isInstanceOfSatisfying(StopCommand.class,
                s -> assertThat(s.mode()).isEqualTo(StopMode.EMERGENCY)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().get("/cycles/" + id).then()
                .body("outcome", equalTo("aborted")).body("aborted_by", equalTo("operator")));
        assertThat(sentEvents()).extracting(PhaseEvent::type).contains(PhaseEventType.CYCLE_ABORTED);
        PhaseEvent aborted = sentEvents().stream().filter(e -> e.type() == PhaseEventType.CYCLE_ABORTED).findFirst().orElseThrow();
        assertThat(aborted.details(CycleEndedDetails.class).abortedBy()).isEqualTo(AbortedBy.OPERATOR);
    }

    @Test
    void loadAdjustOverridesTheRunningPhasesTarget() {
        start("{\"phases\": [\"medium\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        given().contentType(ContentType.JSON).body("{\"phase\": \"medium\", \"target_load\": 60.0}")
                .post("/load/adjust").then().statusCode(200).body("target_load", equalTo(60.0f));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                given().get("/status").then().body("target_load_percent", equalTo(60.0f)));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(sentCommands().stream()
                .filter(PhaseCommand.class::isInstance).map(PhaseCommand.class::cast)
                .anyMatch(c -> c.targetLoadPercent() == 60.0)).isTrue());
        assertThat(events.received()).anySatisfy(m -> assertThat(m.getPayload()).contains("load_adjusted"));
    }

    @Test
    void loadAdjustWithoutARunningCycleIsAConflict() {
        given().contentType(ContentType.JSON).body("{\"phase\": \"medium\", \"target_load\": 60}")
                .post("/load/adjust").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void quickTestRunsOnePhaseAtTheRequestedLoadAndWeights() throws Exception {
        start("{\"phases\": [\"idle\"], \"override_safety\": true, \"override_safety_watchdog\": true}");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        commands.clear();
        String id = given().contentType(ContentType.JSON)
                .body("{\"target_load\": 40, \"duration\": 0.5, \"weights\": {\"cpu\": 0.5, \"memory\": 0.25}, \"override_safety\": true, \"override_safety_watchdog\": true}")
                .post("/cycle/quick").then().statusCode(202).body("phases", equalTo(List.of("medium")))
                .extract().path("cycle_id");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().get("/cycles/" + id).then().body("outcome", equalTo("completed")));
        List<PhaseCommand> sent = sentCommands().stream().filter(PhaseCommand.class::isInstance)
                .map(PhaseCommand.class::cast).toList();
        assertThat(sent).anySatisfy(c -> {
            assertThat(c.targetLoadPercent()).isEqualTo(40);
            assertThat(c.weights().cpu()).isEqualTo(0.5);
            assertThat(c.weights().memory()).isEqualTo(0.25);
        });
    }

    @Test
    void phasesListsTheCyclesFile() {
        given().get("/phases").then().statusCode(200)
                .body("phases.name", equalTo(List.of("idle", "light", "medium", "heavy")))
                .body("phases[1].max_load", equalTo(25.0f))
                .body("phases[1].safety_thresholds.cpu_usage.limit", equalTo(95.0f))
                .body("phases[1].safety_thresholds.cpu_usage.for", equalTo("500ms"))
                .body("adaptive_profile.aggressiveness", equalTo(0.5f))
                .body("source", org.hamcrest.Matchers.endsWith("test_cycles.yaml"));
    }

    @Test
    void agentsComeFromHeartbeatsAndSamples() {
        InMemorySource<String> heartbeats = connector.source("heartbeats-in");
        InMemorySource<String> samples = connector.source("samples-in");
        // Re-sent while waiting: the in-memory source drops what it gets before the consumer subscribed.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            heartbeats.send(Wire.heartbeat("agent-rest", ServiceKind.AGENT));
            samples.send(Wire.agentSample("agent-rest", 30, 28.5));
            given().get("/agents").then().statusCode(200)
                    .body("agents.id", hasItem("agent-rest"))
                    .body("agents.find { it.id == 'agent-rest' }.host", equalTo("host-agent-rest"))
                    .body("agents.find { it.id == 'agent-rest' }.last_seen_ms", notNullValue())
                    .body("agents.find { it.id == 'agent-rest' }.generators.cpu.achieved_percent", equalTo(28.5f));
        });
    }

    @Test
    void aCycleThatWasRunningWhenTheProcessDiedShowsAsInterrupted() {
        given().get("/cycles/" + InMemoryMessagingResource.INTERRUPTED_CYCLE_ID).then().statusCode(200)
                .body("outcome", equalTo("interrupted"));
        // A CI job waiting on that cycle's end by webhook hears of it at the restart, as Kafka's consumers do.
        FakeSafetyControl receivers = new FakeSafetyControl(safetyUrl);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receivers.webhookBodies()).anySatisfy(body ->
                assertThat(body).contains("\"kind\":\"phase_event\"", "\"cycle_id\":\"" + InMemoryMessagingResource.INTERRUPTED_CYCLE_ID + "\"",
                        "\"type\":\"cycle_aborted\"", "\"aborted_by\":\"orchestrator\"")));
        given().get("/cycles/no-such-cycle").then().statusCode(404).contentType("application/problem+json")
                .body("field", equalTo("id"));
    }

    @Test
    void openApiHealthAndPrometheusAreServed() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/cycle/start"))
                .body("paths", org.hamcrest.Matchers.hasKey("/load/adjust"));
        given().get("/q/swagger-ui/").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
