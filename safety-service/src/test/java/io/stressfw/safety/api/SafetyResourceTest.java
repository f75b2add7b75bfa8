package io.stressfw.safety.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SourceKind;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Versioned;
import io.stressfw.safety.PhaseEventFixtures;
import io.stressfw.safety.GlobalRuleSet;
import io.stressfw.safety.SafetyService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;

@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class SafetyResourceTest {

    @Inject
    SafetyService safety;

    @Inject
    GlobalRuleSet ruleSet;

    /** The rules are the application's: a test that replaces them must not leave them replaced for the next one. */
    @AfterEach
    void restoreConfiguredRules() {
        ruleSet.restoreConfigured(safety.engine(), "test");
    }

    private String feed(Map<String, Double> metrics) {
        String source = "rest-" + UUID.randomUUID();
        safety.onSample(new MetricSample(Versioned.SCHEMA_VERSION, source, SourceKind.HOST, source,
                System.currentTimeMillis(), null, null, metrics, null));
        return source;
    }

    @Test
    void thresholdsListTheConfiguredDefaults() {
        given().when().get("/safety/thresholds").then()
                .statusCode(200)
                .body("rules.id", hasItems("cpu", "memory", "temperature", "disk", "swap"))
                .body("rules.find { it.id == 'cpu' }.for", equalTo("2s"))
                .body("rules.find { it.id == 'cpu' }.limit", equalTo(95.0f))
                .body("rules.find { it.id == 'swap' }.action", equalTo("warn"))
                .body("stale.gap", equalTo("2s"))
                .body("status.rule_id", hasItem("temperature"));
    }

    @Test
    void sourcesShowWhenEachWasHeardAndHowFarItsClockIs() {
        String ahead = "rest-ahead-" + UUID.randomUUID();
        safety.onSample(new MetricSample(Versioned.SCHEMA_VERSION, ahead, SourceKind.AGENT, "node-x",
                System.currentTimeMillis() + 90_000, null, null, Map.of("cpu_usage", 10.0), null));

        given().when().get("/safety/sources").then()
                .statusCode(200)
                .body("clock_skew_warning_ms", equalTo(1000))
                .body("sources.find { it.source_id == '" + ahead + "' }.kind", equalTo("agent"))
                .body("sources.find { it.source_id == '" + ahead + "' }.host", equalTo("node-x"))
                .body("sources.find { it.source_id == '" + ahead + "' }.clock_skew_ms", greaterThan(85_000))
                .body("sources.find { it.source_id == '" + ahead + "' }.clock_skew_warning", equalTo(true))
                .body("sources.find { it.source_id == '" + ahead + "' }.silent_ms", lessThan(30_000));
    }

    @Test
    void invalidThresholdsAreRefusedAsProblemNamingTheField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("rules", List.of(
                        Map.of("metric", "cpu_usage", "limit", 95),
                        Map.of("metric", "memory_usage", "limit", 90),
                        Map.of("metric", "disk_usage", "limit", "full"))))
                .when().put("/safety/thresholds").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("rules[2].limit"))
                .body("detail", containsString("not a number"));
        given().contentType(ContentType.JSON).body(Map.of())
                .when().put("/safety/thresholds").then()
                .statusCode(400).body("field", equalTo("rules"));
    }

    @Test
    void theSeedsFlatThresholdsMergeIntoTheRulesInForce() {
        given().contentType(ContentType.JSON).body(Map.of("rules", List.of(
                        Map.of("id", "cpu", "metric", "cpu_usage", "limit", 95, "for", "2s"),
                        Map.of("id", "mem", "metric", "memory_usage", "limit", 90))))
                .when().put("/safety/thresholds").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("cpu_usage", 85.0, "temperature", 80.0))
                .when().put("/safety/thresholds").then().statusCode(200)
                .body("rules.id", equalTo(List.of("cpu", "mem", "temperature")))
                .body("rules.find { it.id == 'cpu' }.limit", equalTo(85.0f))
                .body("rules.find { it.id == 'cpu' }.for", equalTo("2s"))
                .body("rules.find { it.id == 'mem' }.limit", equalTo(90.0f))
                .body("rules.find { it.id == 'temperature' }.limit", equalTo(80.0f));
        given().contentType(ContentType.JSON).body(Map.of("memory_usage", 88))
                .when().patch("/safety/thresholds").then().statusCode(200)
                .body("rules.find { it.id == 'mem' }.limit", equalTo(88.0f))
                .body("rules.find { it.id == 'cpu' }.limit", equalTo(85.0f));
        given().contentType(ContentType.JSON).body(Map.of("gpu_usage", 80))
                .when().patch("/safety/thresholds").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("gpu_usage"));
        given().contentType(ContentType.JSON).body(Map.of("cpu_usage", "hot"))
                .when().patch("/safety/thresholds").then().statusCode(400).body("field", equalTo("cpu_usage"));
    }

    @Test
    void replacedThresholdsApplyToTheNextSample() {
        given().contentType(ContentType.JSON)
                .body(Map.of("rules", List.of(Map.of("id", "load", "metric", "load_average_1m", "limit", 3,
                        "window", "max over 1s", "action", "warn"), Map.of("id", "mem", "metric", "memory_usage", "limit", 50))))
                .when().put("/safety/thresholds").then()
                .statusCode(200)
                .body("rules.id", equalTo(List.of("load", "mem")))
                .body("rules[0].window", equalTo("max over 1s"));
        String source = feed(Map.of("memory_usage", 60.0));
        given().when().get("/safety/violations?limit=5").then()
                .statusCode(200)
                .body("[0].source_id", equalTo(source))
                .body("[0].rule_id", equalTo("mem"));
    }

    @Test
    void theRulesReadBackArePutBackUnchanged() {
        String original = given().when().get("/safety/thresholds").then().extract().asString();
        given().contentType(ContentType.JSON)
                .body(Map.of("rules", JsonPath.from(original).getList("rules")))
                .when().put("/safety/thresholds").then()
                .statusCode(200)
                .body("rules", equalTo(JsonPath.from(original).getList("rules")));
    }

    @Test
    void phaseRulesAreListedApartFromTheGlobalOnes() {
        String cycle = "rest-cycle-" + UUID.randomUUID();
        safety.onPhaseEvent(PhaseEventFixtures.phaseStarted(cycle, Phase.HEAVY, Map.of("cpu_usage", 80.0),
                System.currentTimeMillis()));
        try {
            given().when().get("/safety/thresholds").then()
                    .statusCode(200)
                    .body("phase_rules.id", equalTo(List.of("phase:heavy:cpu_usage")))
                    .body("rules.id", hasItem("cpu"))
                    .body("cycle.cycle_id", equalTo(cycle))
                    .body("cycle.phase", equalTo("heavy"))
                    .body("status.find { it.rule_id == 'phase:heavy:cpu_usage' }.scope", equalTo("phase"))
                    .body("status.find { it.rule_id == 'memory' }.scope", equalTo("global"));
        } finally {
            safety.onPhaseEvent(PhaseEventFixtures.event(PhaseEventType.CYCLE_COMPLETED, cycle, null, System.currentTimeMillis()));
        }
    }

    @Test
    void anOverrideOfAGlobalRuleIsShownInTheThresholdsAndInThePreflight() {
        String cycle = "rest-cycle-" + UUID.randomUUID();
        safety.onPhaseEvent(PhaseEventFixtures.phaseStartedWith(cycle, Phase.CHAOS,
                Map.of("cpu_usage", ThresholdSpec.above(100).withOverrideGlobal(true)), System.currentTimeMillis()));
        try {
            given().when().get("/safety/thresholds").then()
                    .statusCode(200)
                    .body("phase_rules[0].override_global", equalTo(true))
                    .body("overrides[0].global_rule", equalTo("cpu"))
                    .body("overrides[0].message", equalTo("phase chaos raises global rule cpu from 95 to 100 "
                            + "(cpu_usage > 95 for 2s -> cpu_usage > 100 for 500ms)"));
        } finally {
            safety.onPhaseEvent(PhaseEventFixtures.event(PhaseEventType.CYCLE_COMPLETED, cycle, null, System.currentTimeMillis()));
        }
        feed(Map.of("cpu_usage", 10.0, "memory_usage", 20.0, "disk_usage", 30.0));
        given().contentType(ContentType.JSON).body(Map.of("phases", List.of(
                        Map.of("phase", "critical", "max_load", 95),
                        Map.of("phase", "chaos", "max_load", 100, "cpu_weight", 1.0, "safety_thresholds",
                                Map.of("cpu_usage", Map.of("limit", 100, "override_global", true))))))
                .when().post("/safety/preflight").then()
                .statusCode(200)
                .body("warnings.find { it.source == 'chaos' }.check", equalTo("override_global:cpu"))
                .body("warnings.find { it.source == 'critical' }.check", equalTo("max_load:cpu"))
                .body("warnings.check", hasItem("cannot_protect:temperature"));
    }

    @Test
    void violationsLimitIsChecked() {
        given().when().get("/safety/violations?limit=0").then()
                .statusCode(400).contentType("application/problem+json").body("field", equalTo("limit"));
        given().when().get("/safety/violations?limit=ten").then()
                .statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void openBreakerIsListedFailsPreflightAndCanBeReset() {
        String source = feed(Map.of("disk_usage", 99.0, "memory_usage", 10.0));
        String breakerId = "disk@" + source;
        given().when().get("/safety/breakers").then()
                .statusCode(200)
                .body("find { it.breaker_id == '" + breakerId + "' }.state", equalTo("open"));
        given().contentType(ContentType.JSON).body(Map.of("hosts", List.of(source)))
                .when().post("/safety/preflight").then()
                .statusCode(200)
                .body("fit", equalTo(false))
                .body("checks.findAll { it.passed == false }.check", hasItems("under_limit:disk", "disk_free", "no_open_breaker"));
        given().when().post("/safety/breakers/" + breakerId + "/reset").then()
                .statusCode(200).body("state", equalTo("closed"));
    }

    @Test
    void resetOfAnUnknownBreakerIsNotFound() {
        given().when().post("/safety/breakers/nothing@nowhere/reset").then()
                .statusCode(404).contentType("application/problem+json").body("field", equalTo("id"));
    }

    @Test
    void preflightMarksAReadingOverALimitThatHasNotBrokenTheRuleYet() {
        String source = feed(Map.of("cpu_usage", 97.0, "memory_usage", 20.0, "disk_usage", 30.0));
        given().contentType(ContentType.JSON).body(Map.of("hosts", List.of(source)))
                .when().post("/safety/preflight").then()
                .statusCode(200)
                .body("checks.find { it.source == '" + source + "' && it.check == 'under_limit:cpu' }.passed", equalTo(true))
                .body("checks.find { it.source == '" + source + "' && it.check == 'under_limit:cpu' }.over_limit", equalTo(true))
                .body("checks.find { it.source == '" + source + "' && it.check == 'memory_free' }.over_limit", equalTo(false));
    }

    @Test
    void preflightOfAHealthyHostPassesItsChecks() {
        String source = feed(Map.of("cpu_usage", 10.0, "memory_usage", 20.0, "disk_usage", 30.0));
        given().contentType(ContentType.JSON).body(Map.of("hosts", List.of(source), "phases", List.of("light",
                        Map.of("phase", "heavy", "safety_thresholds", Map.of("cpu_usage", 80)))))
                .when().post("/safety/preflight").then()
                .statusCode(200)
                .body("checks.findAll { it.source == '" + source + "' && it.passed == false }", equalTo(List.of()))
                .body("checks.find { it.check == 'host_reporting' }.passed", equalTo(true))
                .body("checks.check", hasItem("under_limit:phase:heavy:cpu_usage"));
    }

    @Test
    void preflightWithoutABodyAnswersToo() {
        given().when().post("/safety/preflight").then()
                .statusCode(200)
                .body("checks.check", hasItem("host_samples"));
    }

    @Test
    void preflightRefusesABadBody() {
        given().contentType(ContentType.JSON).body("{\"hosts\": [")
                .when().post("/safety/preflight").then()
                .statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("hosts", "h1"))
                .when().post("/safety/preflight").then()
                .statusCode(400).body("field", equalTo("hosts"));
        given().contentType(ContentType.JSON).body(Map.of("phases", List.of("warp")))
                .when().post("/safety/preflight").then()
                .statusCode(400).body("field", equalTo("phases[0]"));
    }

    @Test
    void prometheusShowsViolationsBreakersAndEvaluationLatency() {
        feed(Map.of("memory_usage", 99.0));
        given().when().get("/q/metrics").then()
                .statusCode(200)
                .body(containsString("stress_safety_violations_total{action=\"stop\",rule=\"memory\"}"))
                .body(matchesPattern("(?s).*stress_safety_breakers\\{state=\"open\"} [1-9][0-9.]*\n.*"))
                .body(containsString("stress_safety_evaluation_seconds_count"));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
