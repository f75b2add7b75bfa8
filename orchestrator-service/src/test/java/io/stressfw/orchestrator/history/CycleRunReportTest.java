package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stressfw.model.Phase;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.plan.PhaseSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report's JSON is read by GET /cycles/{id}, the file store and stressctl's JUnit report: its shape is fixed. */
class CycleRunReportTest {
    private final ObjectMapper mapper = new ObjectMapper();

    private static CycleRunReport report() {
        PhaseSpec spec = PhaseSpec.builder().minLoad(10).maxLoad(25).durationSeconds(30).rampUpSeconds(5)
                .rampDownSeconds(6).cpuWeight(1).memoryWeight(0.5).safetyThresholds(Map.of("cpu_usage", ThresholdSpec.above(95))).build();
        CycleRunReport report = CycleRunReport.started("cycle-1", 1_000, false,
                List.of(CycleRunReport.PlannedPhase.of(Phase.LIGHT, spec)));
        report.phaseStarted("light", 1_000, 25.0);
        report.currentPhase().holdStarted(6_000);
        report.currentPhase().rampDownStarted(36_000);
        report.currentPhase().ended(42_000, true, 25.0, 24.5, null);
        report.cycleEnded(42_000, true, null, null, null);
        return report;
    }

    private static List<String> names(JsonNode node) {
        return iterable(node.fieldNames());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    @Test
    void serializesTheSameSnakeCaseFieldsInTheSameOrder() {
        JsonNode json = mapper.valueToTree(report());

        assertThat(names(json)).containsExactly("cycle_id", "started_at_ms", "ended_at_ms", "duration_seconds",
                "outcome", "aborted_by", "reason", "override_safety", "override_safety_watchdog", "override_safety_by",
                "knee_load_percent", "plan", "plan_source", "plan_text", "phases", "violations", "baseline", "verdict_reason",
                "knee_basis", "slo",
                "recovery", "outcome_before_recovery");
        assertThat(names(json.get("plan").get(0))).containsExactly("phase", "min_load", "max_load",
                "target_load_percent", "duration_seconds", "ramp_up_seconds", "ramp_down_seconds", "weights",
                "safety_thresholds", "ramping_strategy", "adaptive");
        assertThat(names(json.get("plan").get(0).get("weights"))).containsExactly("cpu", "memory", "io", "network");
        assertThat(names(json.get("phases").get(0))).containsExactly("phase", "started_at_ms", "hold_started_at_ms",
                "ramp_down_started_at_ms", "ended_at_ms", "duration_seconds", "outcome", "target_load_percent",
                "achieved_load_percent", "knee_load_percent", "resources", "host_metrics", "verdict_reason", "knee_note",
                "hosts", "network_links");
        assertThat(json.get("plan").get(0).get("safety_thresholds").get("cpu_usage").get("for").asText()).isEqualTo("500ms");
        assertThat(json.get("outcome").asText()).isEqualTo("completed");
        assertThat(json.get("duration_seconds").asDouble()).isEqualTo(41.0);
        assertThat(json.get("plan").get(0).get("ramping_strategy").asText()).isEqualTo("linear");
        assertThat(json.get("phases").get(0).get("achieved_load_percent").asDouble()).isEqualTo(24.5);
    }

    @Test
    void readsBackWhatItWroteAndAReportWrittenBeforeWithUnknownFields() throws Exception {
        CycleRunReport back = mapper.readValue(mapper.writeValueAsString(report()), CycleRunReport.class);
        assertThat((JsonNode) mapper.valueToTree(back)).isEqualTo(mapper.valueToTree(report()));

        CycleRunReport old = mapper.readValue("""
                {"cycle_id":"cycle-old","started_at_ms":1000,"outcome":"running","plan":[{"phase":"light"}],
                 "phases":[{"phase":"light","started_at_ms":1000,"outcome":"running"}],"violations":[],"later":1}
                """, CycleRunReport.class);
        assertThat(old.cycleId()).isEqualTo("cycle-old");
        assertThat(old.currentPhase().phase()).isEqualTo("light");
        old.interrupted("the orchestrator stopped while the cycle ran");
        assertThat(old.outcome()).isEqualTo("interrupted");
        assertThat(old.reason()).contains("stopped");
    }
}
