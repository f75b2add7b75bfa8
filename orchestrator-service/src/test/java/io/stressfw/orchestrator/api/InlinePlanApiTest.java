package io.stressfw.orchestrator.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.stressfw.model.Command;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.WireCodec;
import io.stressfw.orchestrator.testing.InMemoryProfile;
import io.stressfw.orchestrator.testing.SimulatedAgent;
import io.stressfw.plan.InvalidPlanException;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.PlanProblem;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** Plans sent with the start request (JSON and YAML), their refusal by line and field, and POST /plans/validate. */
@QuarkusTest
@TestProfile(InMemoryProfile.class)
class InlinePlanApiTest {
    private static final String YAML = "application/yaml";
    private static final String SEED_FORM = """
            phases:
              - phase: 1  # LIGHT
                name: "Short Light"
                min_load_percent: 10.0
                max_load_percent: 20.0
                duration_seconds: 0.5
                ramp_up_seconds: 0.2
                ramp_down_seconds: 0.2
                cpu_weight: 1.0
                memory_weight: 0.5
                safety_thresholds:
                  cpu_usage: 95.0
                ramping_strategy: "linear"
            """;

    @Inject
    @Any
    InMemoryConnector connector;

    private InMemorySink<String> commands;
    private SimulatedAgent agent;

    @BeforeEach
    void startAnAgent() {
        commands = connector.sink("commands-out");
        commands.clear();
        agent = SimulatedAgent.inMemory(connector, "agent-plan").awaitListed(CycleApiTest::listedAgents);
    }

    @AfterEach
    void stopAnything() {
        given().post("/emergency/stop").then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "idle".equals(given().get("/status").then().extract().path("state")));
        agent.close();
    }

    /** RestAssured encodes only the content types it knows from a String; YAML goes as the bytes a client sends. */
    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private List<PhaseCommand> phaseCommands() throws Exception {
        List<PhaseCommand> list = new ArrayList<>();
        for (Message<String> m : List.copyOf(commands.received())) {
            if (WireCodec.decode(m.getPayload(), Command.class) instanceof PhaseCommand command) {
                list.add(command);
            }
        }
        return list;
    }

    private static void awaitEnded(String id) {
        await().atMost(Duration.ofSeconds(15)).until(() ->
                !"running".equals(given().get("/cycles/" + id).then().extract().path("outcome")));
    }

    @Test
    void aJsonPlanInTheStartRequestRunsItsOwnPhasesWithItsLimitsAndTheReportKeepsIt() throws Exception {
        String id = given().contentType(ContentType.JSON).body("""
                {"override_safety": true, "override_safety_watchdog": true,
                 "plan": {"phases": [{"phase": "medium", "name": "Short Medium", "min_load_percent": 25,
                                      "max_load_percent": 35, "duration_seconds": 0.5, "cpu_weight": 1}],
                          "agents": {"limits": {"memory_mb": 128}}}}
                """).post("/cycle/start").then().statusCode(202)
                .body("phases", equalTo(List.of("medium")))
                .body("plan_source", equalTo("request body"))
                .extract().path("cycle_id");
        awaitEnded(id);
        assertThat(phaseCommands()).isNotEmpty().allSatisfy(c -> {
            assertThat(c.phase()).isEqualTo(Phase.MEDIUM);
            assertThat(c.limits().memoryMb()).isEqualTo(128.0);
        });
        assertThat(phaseCommands().stream().mapToDouble(PhaseCommand::targetLoadPercent).max().orElseThrow())
                .isEqualTo(35);
        given().get("/cycles/" + id).then().statusCode(200)
                .body("plan_source", equalTo("request body"))
                .body("plan_text", containsString("Short Medium"))
                .body("plan.phase", equalTo(List.of("medium")))
                .body("plan[0].max_load", equalTo(35.0f));
    }

    @Test
    void aYamlPlanInTheSeedsFormStartsWithItsOptionsAsQueryParameters() throws Exception {
        String id = given().contentType(YAML).body(utf8(SEED_FORM))
                .queryParam("override_safety", true).queryParam("override_safety_watchdog", true)
                .post("/cycle/start").then().statusCode(202)
                .body("phases", equalTo(List.of("light"))).extract().path("cycle_id");
        awaitEnded(id);
        assertThat(phaseCommands()).isNotEmpty().allSatisfy(c -> assertThat(c.phase()).isEqualTo(Phase.LIGHT));
        given().get("/cycles/" + id).then().body("plan_text", equalTo(SEED_FORM))
                .body("plan[0].weights.memory", equalTo(0.5f));
    }

    @Test
    void aBadPlanIsRefusedWithEveryProblemsLineAndFieldAndNothingStarts() throws Exception {
        given().contentType(YAML).body(utf8("""
                phases:
                  - phase: 9
                    min_load_percent: 10
                    max_load_percent: 250
                    duration_seconds: 5
                    cpu_weight: 1
                """)).queryParam("override_safety", true).queryParam("override_safety_watchdog", true)
                .post("/cycle/start").then().statusCode(400)
                .contentType("application/problem+json")
                .body("line", equalTo(2))
                .body("field", equalTo("phases[0].phase"))
                .body("errors", hasSize(2))
                .body("errors[1].field", equalTo("phases[0].max_load_percent"))
                .body("errors[1].line", equalTo(4))
                .body("errors[1].column", equalTo(23))
                .body("detail", startsWith("request body: line 2, column 12, field 'phases[0].phase': "));
        given().contentType(ContentType.JSON).body("""
                {"override_safety": true, "override_safety_watchdog": true,
                 "plan": {"phases": {"light": {"min_load": 10, "max_load": 25,
                                               "duration_seconds": -1, "cpu_weight": 1}}}}
                """).post("/cycle/start").then().statusCode(400)
                .body("line", equalTo(3)).body("field", equalTo("plan.phases.light.duration_seconds"));
        given().contentType(ContentType.JSON).body("{\"plan\": 7}").post("/cycle/start").then()
                .statusCode(400).body("field", equalTo("plan"));
        given().contentType(ContentType.JSON).body("{\"plan\": \"phases:\\n  light: {min_load: 10}\\n\"}")
                .post("/cycle/start").then().statusCode(400)
                .body("detail", startsWith("request body (plan): line 2, column 3, field 'phases.light.max_load': "));
        assertThat(phaseCommands()).isEmpty();
        given().get("/status").then().body("state", equalTo("idle"));
    }

    @Test
    void validateAnswersTheSameCheckAsTheOfflineParser() throws IOException {
        given().contentType(YAML).body(utf8(SEED_FORM)).post("/plans/validate").then().statusCode(200)
                .body("valid", equalTo(true)).body("phases", equalTo(List.of("light")))
                .body("planned_duration_seconds", equalTo(0.9f));
        given().contentType(ContentType.JSON).body("{\"phases\": {\"idle\": {\"min_load\": 0, \"max_load\": 5, "
                        + "\"duration_seconds\": 1, \"cpu_weight\": 1}}}").post("/plans/validate").then()
                .statusCode(200).body("phases", equalTo(List.of("idle")));
        try (Stream<Path> files = Files.list(Path.of("..", "stress-plan", "src", "test", "resources", "broken"))) {
            for (Path file : files.sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                PlanProblem expected;
                try {
                    PlanParser.parseBytes(bytes, "request body", PlanParser.Require.PHASES);
                    throw new AssertionError(file + " is valid");
                } catch (InvalidPlanException e) {
                    expected = e.problems().get(0);
                }
                var answer = given().contentType(YAML).body(bytes).post("/plans/validate").then();
                answer.statusCode(400).contentType("application/problem+json")
                        .body("detail", startsWith(expected.describe()));
                if (!expected.field().isEmpty()) {
                    answer.body("field", equalTo(expected.field()));
                }
                if (expected.line() > 0) {
                    answer.body("line", equalTo(expected.line()));
                }
            }
        }
        assertThat(given().get("/status").then().extract().<String>path("state")).isEqualTo("idle");
    }
}
