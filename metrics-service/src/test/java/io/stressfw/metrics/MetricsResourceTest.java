package io.stressfw.metrics;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.stressfw.kafka.KafkaBrokerTestResource;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.model.Phase;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.phaseStarted;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static io.stressfw.model.PhaseEventType.CYCLE_COMPLETED;
import static io.stressfw.model.PhaseEventType.HOLD_STARTED;
import static io.stressfw.model.PhaseEventType.PHASE_COMPLETED;
import static io.stressfw.model.PhaseEventType.PHASE_STARTED;
import static io.stressfw.model.PhaseEventType.RAMP_DOWN_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** The REST API over a cycle fed straight into the aggregator (the Kafka path has its own test). */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
class MetricsResourceTest {
    // Long past, so that this service's own live host samples never fall into these phases once they are closed.
    private static final long T0 = 1_600_000_000_000L;

    @Inject
    MetricsAggregator aggregator;

    private String cycle;

    @BeforeEach
    void feedACycle() {
        cycle = "rest-" + UUID.randomUUID();
        // The cycle is open from its first event to CYCLE_COMPLETED, and an open cycle takes this service's own
        // live host samples (every 100 ms, stamped now): the whole cycle goes in under the aggregator's lock
        // (its methods are synchronized on it), so no live sample falls between.
        synchronized (aggregator) {
            aggregator.accept(phaseStarted(cycle, Phase.LIGHT, T0, 20.0, 1, 2, 1));
            aggregator.accept(event(cycle, HOLD_STARTED, Phase.LIGHT, T0 + 1_000));
            aggregator.accept(event(cycle, RAMP_DOWN_STARTED, Phase.LIGHT, T0 + 3_000));
            aggregator.accept(event(cycle, PHASE_COMPLETED, Phase.LIGHT, T0 + 4_000));
            aggregator.accept(event(cycle, CYCLE_COMPLETED, null, T0 + 4_000));
            for (int i = 1; i <= 4; i++) {
                aggregator.accept(host("rest-host", T0 + i * 500L, i * 10));
            }
            aggregator.accept(agent("rest-agent", T0 + 1_500, cycle, Phase.LIGHT, 20, 15));
        }
    }

    @Test
    void listsCyclesAndAnswersAPhaseAggregate() {
        given().get("/metrics/cycles").then().statusCode(200).body("cycle_id", hasItem(cycle));
        given().get("/metrics/cycles/{id}", cycle).then().statusCode(200)
                .body("outcome", equalTo("completed"))
                .body("phases[0].phase", equalTo("light"))
                .body("phases[0].sources.rest-host.metrics.cpu_usage.stats.mean", equalTo(25.0f))
                .body("phases[0].sources.rest-host.metrics.cpu_usage.stats.p95", equalTo(40.0f))
                .body("phases[0].sources.rest-host.metrics.temperature.stats.mean", equalTo(null))
                .body("phases[0].generators.rest-agent.cpu.achievement_ratio", equalTo(0.75f))
                .body("phases[0].timings.hold.planned_seconds", equalTo(2.0f))
                .body("phases[0].timings.hold.actual_seconds", equalTo(2.0f))
                .body("raw_samples.received", equalTo(5));
    }

    @Test
    void unknownCycleIsA404Problem() {
        given().get("/metrics/cycles/{id}", "no-such-cycle").then().statusCode(404)
                .contentType("application/problem+json")
                .body("field", equalTo("id"))
                .body("detail", containsString("no-such-cycle"));
        given().get("/metrics/cycles/{id}/export", "no-such-cycle").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void exportsJsonByDefaultWithAggregatesAndRawSamples() {
        given().get("/metrics/cycles/{id}/export", cycle).then().statusCode(200)
                .contentType("application/json")
                .body("cycle.cycle_id", equalTo(cycle))
                .body("raw_samples.truncated", equalTo(false))
                .body("samples.size()", equalTo(5))
                .body("samples[0].source_kind", equalTo("host"));
    }

    @Test
    void exportsRawSamplesAsCsv() {
        String csv = given().queryParam("format", "CSV").get("/metrics/cycles/{id}/export", cycle).then()
                .statusCode(200).contentType(startsWith("text/csv"))
                .header("X-Raw-Samples-Truncated", "false")
                .extract().asString();
        assertThat(csv.lines().toList())
                .startsWith("timestamp_ms,source_id,source_kind,host,cycle_id,phase,metric,value")
                .contains((T0 + 500) + ",rest-host,host,rest-host,,,cpu_usage,10.0")
                .contains((T0 + 1_500) + ",rest-agent,agent,node-a," + cycle + ",light,generator.cpu.achieved_percent,15.0");
    }

    @Test
    void unknownExportFormatIsA400ProblemNamingTheField() {
        given().queryParam("format", "xml").get("/metrics/cycles/{id}/export", cycle).then().statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("format"))
                .body("errors[0].reason", containsString("json or csv"));
    }

    @Test
    void baselineRequestsAreCheckedAndAnswered() {
        given().queryParam("window_seconds", "soon").post("/metrics/baseline").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("window_seconds"));
        given().queryParam("window_seconds", 0).post("/metrics/baseline").then().statusCode(400)
                .body("detail", containsString("between 1 and 3600"));
        given().queryParam("window_seconds", 3601).post("/metrics/baseline").then().statusCode(400)
                .body("field", equalTo("window_seconds")).body("detail", containsString("between 1 and 3600"));
        // The longest window: a short one could close (this service's own samples pass its end) before the next
        // request on a busy machine, and the 409 below would race the clock.
        given().queryParam("window_seconds", 3600).post("/metrics/baseline").then().statusCode(202)
                .body("collecting.reason", equalTo("request"));
        given().post("/metrics/baseline").then().statusCode(409).contentType("application/problem+json");
        given().get("/metrics/baseline").then().statusCode(200).body("collecting.reason", equalTo("request"));
    }

    @Test
    void snapshotShowsTheLatestSampleOfEveryHostAndAgent() {
        given().get("/metrics/snapshot").then().statusCode(200)
                .body("hosts.rest-host.metrics.cpu_usage", equalTo(40.0f))
                .body("hosts.rest-host.metrics", hasKey("temperature"))
                .body("agents.rest-agent.generators.cpu.target_percent", equalTo(20.0f))
                .body("current", notNullValue());
    }

    @Test
    void prometheusShowsHostGaugesGeneratorsAndThePhase() {
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("stress_current_phase{phase=\"light\"}"))
                .body(containsString("stress_sampling_duration_seconds"));
    }
}
