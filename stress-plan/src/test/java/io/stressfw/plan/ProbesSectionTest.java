package io.stressfw.plan;

import io.stressfw.model.Phase;
import io.stressfw.model.ProbeType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Issue 19's {@code probes:} and {@code slo:} as sections of a plan, in either form, in a file or a request. */
class ProbesSectionTest {

    @Test
    void probesAndAnSloAreReadWhereverTheFileWritesThem() {
        StressPlan plan = PlanParser.parse("""
                slo:
                  window: 5s
                  objectives: {probe.checkout.p95_ms: 200, probe.queue_depth: {limit: 2, comparison: below}}
                phases:
                  - phase: 1
                    min_load_percent: 10
                    max_load_percent: 25
                    duration_seconds: 60
                    cpu_weight: 1.0
                    safety_thresholds: {probe.checkout.p95_ms: {limit: 500, for: 10s}}
                probes:
                  checkout: {type: http, url: "http://127.0.0.1:8080/checkout", expected_status: [200, 201], steady_state: true}
                  queue_depth: {type: promql, url: "http://127.0.0.1:9090", query: "sum(queue_depth)", interval: 5s}
                """, "test.yaml", PlanParser.Require.PHASES);

        assertThat(plan.probes()).containsOnlyKeys("checkout", "queue_depth");
        assertThat(plan.probes().keySet()).containsExactly("checkout", "queue_depth");
        assertThat(plan.probes().get("queue_depth").type()).isEqualTo(ProbeType.PROMQL);
        assertThat(plan.probes().get("checkout").settings().steadyState()).isTrue();
        assertThat(plan.slo().window()).hasSeconds(5);
        assertThat(plan.slo().objectives()).containsOnlyKeys("probe.checkout.p95_ms", "probe.queue_depth");
        assertThat(plan.spec(Phase.LIGHT).safetyThresholds().get("probe.checkout.p95_ms").limit()).isEqualTo(500);
    }

    @Test
    void aPlanWithoutProbesHasNoneAndNoSlo() {
        StressPlan plan = PlanParser.parse("phases: {light: {min_load: 10, max_load: 25, duration_seconds: 5, "
                + "cpu_weight: 1}}", "test.yaml", PlanParser.Require.PHASES);
        assertThat(plan.probes()).isEmpty();
        assertThat(plan.slo()).isNull();
    }

    @Test
    void aProbeInARequestsPlanIsNamedFromTheBodysRootAtItsLine() {
        InvalidPlanException refused = catchThrowableOfType(InvalidPlanException.class, () -> PlanParser.parseMember("""
                {"plan": {"phases": {"light": {"min_load": 10, "max_load": 25, "duration_seconds": 5, "cpu_weight": 1}},
                          "probes": {"db": {"type": "tcp",
                                            "address": "db"}}}}
                """, "request body", "plan", PlanParser.Require.PHASES));
        assertThat(refused.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.field()).isEqualTo("plan.probes.db.address");
            assertThat(p.reason()).isEqualTo("must be host:port, was 'db'");
        });
    }

    @Test
    void aBrokenProbeIsReportedOnceAndTheNamesItWouldHaveDeclaredAreNotBlamedToo() {
        InvalidPlanException refused = catchThrowableOfType(InvalidPlanException.class, () -> PlanParser.parse("""
                phases:
                  light: {min_load: 10, max_load: 25, duration_seconds: 5, cpu_weight: 1,
                          safety_thresholds: {probe.checkout.p95_ms: 500}}
                probes:
                  checkout: {type: http, url: "ftp://example.org/"}
                slo:
                  objectives: {probe.checkout.p95_ms: 200}
                """, "test.yaml", PlanParser.Require.PHASES));
        assertThat(refused.problems()).extracting(PlanProblem::line, PlanProblem::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5, "probes.checkout.url"));
    }

    @Test
    void aProblemFoundLaterIsPlacedAtTheFieldsLine() {
        PlanProblem problem = PlanParser.problemAt("""
                phases:
                  light: {min_load: 10}
                probes:
                  checkout: {type: tcp, address: "h:1"}
                """, "request body", "probes.checkout", "no probe named 'checkout' runs");
        assertThat(problem.describe()).isEqualTo("request body: line 4, column 3, field 'probes.checkout': "
                + "no probe named 'checkout' runs");
    }
}
