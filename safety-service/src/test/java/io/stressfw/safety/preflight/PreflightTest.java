package io.stressfw.safety.preflight;

import io.stressfw.model.BreakerState;
import io.stressfw.model.MetricNames;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;
import io.stressfw.safety.breaker.BreakerView;
import io.stressfw.model.Comparison;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.safety.rule.RuleScope;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PreflightTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final ThresholdRule CPU_STOP = ThresholdRule.simple("cpu", "cpu_usage", Comparison.ABOVE, 95, SafetyAction.STOP);
    private static final ThresholdRule MEMORY_THROTTLE = ThresholdRule.simple("memory", "memory_usage", Comparison.ABOVE, 80, SafetyAction.THROTTLE);
    private static final ThresholdRule SWAP_WARN = new ThresholdRule("swap", "swap_usage", Comparison.ABOVE, 50, null, 5,
            Severity.WARNING, SafetyAction.WARN, null);
    private static final ThresholdRule TEMPERATURE = ThresholdRule.simple("temperature", "temperature", Comparison.ABOVE, 85, SafetyAction.STOP);
    private static final List<ThresholdRule> RULES = List.of(CPU_STOP, MEMORY_THROTTLE, SWAP_WARN, TEMPERATURE);

    private final Preflight preflight = new Preflight(Duration.ofSeconds(10), 10, 10);

    private static SourceReading host(String id, long heardAt, double cpu) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(MetricNames.CPU_USAGE, cpu);
        metrics.put(MetricNames.MEMORY_USAGE, 40.0);
        metrics.put(MetricNames.DISK_USAGE, 50.0);
        metrics.put(MetricNames.TEMPERATURE, null);
        return new SourceReading(id, SourceKind.HOST, id, heardAt, metrics);
    }

    private static Preflight.Snapshot snapshot(List<SourceReading> sources, List<BreakerStanding> open) {
        return new Preflight.Snapshot(NOW, sources, RULES, RULES, open);
    }

    private static BreakerStanding open(String ruleId, String sourceId) {
        BreakerView view = new BreakerView(ruleId + "@" + sourceId, ruleId, sourceId, BreakerState.OPEN, NOW, NOW + 10_000, 1, "c1");
        return new BreakerStanding(view, false, "breaker " + view.breakerId() + " is open until " + (NOW + 10_000)
                + ": opened by cycle c1, which is running");
    }

    private static PreflightPhase planned(String phase, Double maxCpu, ThresholdRule... rules) {
        return new PreflightPhase(phase, maxCpu, List.of(rules));
    }

    @Test
    void withoutHostSamplesTheHostsAreUnfit() {
        PreflightReport report = preflight.check(snapshot(List.of(), List.of()), List.of("h1"), List.of());
        assertThat(report.fit()).isFalse();
        assertThat(report.failed()).extracting(PreflightReport.Check::check).containsExactly("host_samples", "host_reporting");
        assertThat(report.failed().get(0).detail()).contains("no host samples");
    }

    @Test
    void healthyHostsAreFit() {
        PreflightReport report = preflight.check(snapshot(List.of(host("h1", NOW, 20)), List.of()), List.of("h1"), List.of());
        assertThat(report.failed()).isEmpty();
        assertThat(report.checks()).noneMatch(PreflightReport.Check::overLimit);
        assertThat(report.fit()).isTrue();
        assertThat(report.checks()).extracting(PreflightReport.Check::check)
                .contains("host_samples", "host_reporting", "under_limit:cpu", "memory_free", "disk_free", "no_open_breaker");
    }

    @Test
    void everyFailedCheckIsListed() {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("cpu_usage", 99.0);
        metrics.put("memory_usage", 95.0);
        metrics.put("disk_usage", null);
        SourceReading h1 = new SourceReading("h1", SourceKind.HOST, "h1", NOW, metrics);
        PreflightReport report = preflight.check(snapshot(List.of(h1), List.of(open("cpu", "h1"), open("memory", "h1"))),
                List.of("h1", "h2"), List.of());
        assertThat(report.fit()).isFalse();
        assertThat(report.failed()).extracting(c -> c.check() + "/" + c.source()).containsExactlyInAnyOrder(
                "host_reporting/h2", "under_limit:cpu/h1", "under_limit:memory/h1", "memory_free/h1", "disk_free/h1",
                "no_open_breaker/h1", "no_open_breaker/h1");
        assertThat(report.failed()).filteredOn(c -> c.check().equals("no_open_breaker")).first()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("breaker cpu@h1 is open until " + (NOW + 10_000)
                        + ": opened by cycle c1, which is running"));
        assertThat(report.failed()).filteredOn(c -> c.check().equals("under_limit:cpu")).singleElement()
                .satisfies(c -> assertThat(c.detail()).isEqualTo("cpu_usage = 99 breaks cpu_usage > 95"));
    }

    @Test
    void plannedPhaseThresholdsAreCheckedToo() {
        ThresholdRule planned = ThresholdRule.simple("phase:idle:cpu_usage", "cpu_usage", Comparison.ABOVE, 30, SafetyAction.STOP);
        assertThat(preflight.check(snapshot(List.of(host("h1", NOW, 40)), List.of()), List.of(),
                List.of(planned("idle", null, planned))).failed())
                .extracting(PreflightReport.Check::check).containsExactly("under_limit:phase:idle:cpu_usage");
    }

    @Test
    void onlyRecentHostSamplesCount() {
        SourceReading old = host("h1", NOW - 10_001, 20);
        SourceReading agent = new SourceReading("agent-1", SourceKind.AGENT, "h2", NOW, Map.of("cpu_usage", 20.0));
        PreflightReport report = preflight.check(snapshot(List.of(old, agent), List.of()), List.of("h1", "h2"), null);
        assertThat(report.failed()).extracting(c -> c.check() + "/" + c.source())
                .containsExactly("host_samples/*", "host_reporting/h1", "host_reporting/h2");
        assertThat(preflight.check(snapshot(List.of(host("h1", NOW - 10_000, 20)), List.of()), null, null).fit()).isTrue();
    }

    @Test
    void aRequestedHostMatchesOnHostNameOrSourceId() {
        SourceReading reading = new SourceReading("metrics-node-a", SourceKind.HOST, "node-a", NOW,
                Map.of("memory_usage", 10.0, "disk_usage", 10.0));
        PreflightReport report = preflight.check(snapshot(List.of(reading), List.of()), List.of("node-a", "metrics-node-a"), null);
        assertThat(report.checks()).filteredOn(c -> c.check().equals("host_reporting"))
                .extracting(PreflightReport.Check::passed).containsExactly(true, true);
    }

    @Test
    void warnRulesAgentRulesAndUnreportedMetricsAreNotLimitChecks() {
        ThresholdRule agentCpu = new ThresholdRule("agent-cpu", "cpu_usage", Comparison.ABOVE, 10, null, 0,
                Severity.CRITICAL, SafetyAction.STOP, SourceKind.AGENT);
        Map<String, Double> metrics = new HashMap<>(host("h1", NOW, 50).metrics());
        metrics.put("swap_usage", 90.0);
        SourceReading h1 = new SourceReading("h1", SourceKind.HOST, "h1", NOW, metrics);
        PreflightReport report = preflight.check(snapshot(List.of(h1), List.of()), List.of(),
                List.of(planned("heavy", null, agentCpu)));
        assertThat(report.checks()).extracting(PreflightReport.Check::check)
                .contains("under_limit:cpu", "under_limit:memory")
                .doesNotContain("under_limit:swap", "under_limit:agent-cpu", "under_limit:temperature");
        assertThat(report.fit()).isTrue();
    }

    @Test
    void aPhaseRuleOnAProbeIsNoHostCheckNorAWarning() {
        ThresholdRule probe = new ThresholdRule("phase:heavy:probe.checkout.p95_ms", "probe.checkout.p95_ms",
                Comparison.ABOVE, 500, null, 0, Severity.CRITICAL, SafetyAction.STOP, null);
        Map<String, Double> metrics = new HashMap<>(host("h1", NOW, 20).metrics());
        metrics.put("swap_usage", 0.0);
        metrics.put("temperature", 40.0);
        SourceReading h1 = new SourceReading("h1", SourceKind.HOST, "h1", NOW, metrics);

        PreflightReport report = preflight.check(snapshot(List.of(h1), List.of()), List.of(), List.of(planned("heavy", null, probe)));

        assertThat(report.fit()).isTrue();
        assertThat(report.checks()).extracting(PreflightReport.Check::check).doesNotContain("under_limit:" + probe.id());
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aRuleOnAMetricTheHostDoesNotReportCannotProtectAndSaysSo() {
        PreflightReport report = preflight.check(snapshot(List.of(host("h1", NOW, 20)), List.of()), List.of(), List.of());

        assertThat(report.fit()).isTrue();
        assertThat(report.warnings()).containsExactly(
                new PreflightReport.Warning("cannot_protect:swap", "h1", "rule swap (swap_usage > 50) cannot protect h1: "
                        + "the host does not report swap_usage"),
                new PreflightReport.Warning("cannot_protect:temperature", "h1", "rule temperature (temperature > 85) "
                        + "cannot protect h1: the host does not report temperature"));
    }

    @Test
    void aPlannedOverrideOfAGlobalRuleIsShown() {
        ThresholdRule chaosCpu = new ThresholdRule("phase:chaos:cpu_usage", "cpu_usage", Comparison.ABOVE, 100,
                ThresholdSpec.DEFAULT_WINDOW, 0, Severity.CRITICAL, SafetyAction.STOP, null, RuleScope.PHASE, true);

        PreflightReport report = preflight.check(snapshot(List.of(host("h1", NOW, 20)), List.of()), List.of(),
                List.of(planned("chaos", 100.0, chaosCpu)));

        assertThat(report.warnings()).filteredOn(w -> w.source().equals("chaos")).containsExactly(
                new PreflightReport.Warning("override_global:cpu", "chaos",
                        "phase chaos raises global rule cpu from 95 to 100 (cpu_usage > 95 -> cpu_usage > 100 for 500ms)"));
    }

    @Test
    void aPlannedPhaseWhoseCpuLoadReachesAGlobalLimitWithoutAnOverrideIsWarnedOf() {
        PreflightReport report = preflight.check(snapshot(List.of(host("h1", NOW, 20)), List.of()), List.of(),
                List.of(planned("heavy", 75.0), planned("critical", 95.0), planned("chaos", 100.0)));

        assertThat(report.warnings()).filteredOn(w -> w.check().startsWith("max_load"))
                .extracting(PreflightReport.Warning::source).containsExactly("critical", "chaos");
        assertThat(report.warnings()).filteredOn(w -> w.source().equals("chaos")).singleElement()
                .extracting(PreflightReport.Warning::detail).isEqualTo("phase chaos plans up to 100 % CPU, which global "
                        + "rule cpu (cpu_usage > 95) does not allow; to run the phase as planned, raise it for the phase: "
                        + "safety_thresholds: {cpu_usage: {limit: 100, override_global: true}}");
    }

    @Test
    void aBreakerWhoseCauseIsOverPassesWithItsReason() {
        BreakerView view = new BreakerView("cpu@h1", "cpu", "h1", BreakerState.OPEN, NOW, NOW + 10_000, 1, "c0");
        PreflightReport report = preflight.check(snapshot(List.of(host("h1", NOW, 20)),
                List.of(new BreakerStanding(view, true, "cause over"))), List.of(), List.of());

        assertThat(report.fit()).isTrue();
        assertThat(report.checks()).filteredOn(c -> c.check().equals("no_open_breaker"))
                .extracting(c -> c.source() + ": " + c.detail())
                .containsExactly("h1: cause over", "*: no open breaker refuses a start");
    }

    @Test
    void freeSpaceBelowTheMinimumFails() {
        Preflight strict = new Preflight(Duration.ofSeconds(10), 70, 50);
        PreflightReport report = strict.check(snapshot(List.of(host("h1", NOW, 20)), List.of()), List.of(), List.of());
        assertThat(report.failed()).extracting(PreflightReport.Check::detail)
                .containsExactly("60 % free, minimum 70.0 %");
    }

    @Test
    void minimumsArePercentages() {
        assertThatThrownBy(() -> new Preflight(Duration.ofSeconds(10), 101, 10))
                .hasMessage("min memory free percent must be between 0 and 100, was 101");
        assertThatThrownBy(() -> new Preflight(Duration.ofSeconds(10), 10, -1))
                .hasMessage("min disk free percent must be between 0 and 100, was -1");
    }
}
