package io.stressfw.safety.engine;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.safety.preflight.PreflightReport;
import io.stressfw.safety.rule.Comparison;
import io.stressfw.safety.rule.RuleScope;
import io.stressfw.safety.rule.RuleWindow;
import io.stressfw.safety.rule.ThresholdRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.stressfw.safety.PhaseEventFixtures.event;
import static io.stressfw.safety.PhaseEventFixtures.phaseStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine end to end through its inputs, with a manual clock: its parts wired as the service runs them. Kept as one
 * class past 300 lines because every case shares the same rules, clock and sample builders; each part's own
 * behaviour is tested beside it (RuleBookTest, SourceTrackerTest, BreakerRegistryTest, PreflightTest, ...).
 */
class SafetyEngineTest {
    private static final long T0 = 1_700_000_000_000L;

    private long now = T0;
    private final AtomicInteger ids = new AtomicInteger();
    private SafetyEngine engine;

    private static final ThresholdRule CPU_STOP = ThresholdRule.simple("cpu", "cpu_usage", Comparison.ABOVE, 95, SafetyAction.STOP);
    private static final ThresholdRule MEMORY_THROTTLE = ThresholdRule.simple("memory", "memory_usage", Comparison.ABOVE, 80, SafetyAction.THROTTLE);
    private static final ThresholdRule SWAP_WARN = new ThresholdRule("swap", "swap_usage", Comparison.ABOVE, 50, null, 5,
            io.stressfw.model.Severity.WARNING, SafetyAction.WARN, null);
    private static final ThresholdRule TEMPERATURE = ThresholdRule.simple("temperature", "temperature", Comparison.ABOVE, 85, SafetyAction.STOP);

    @BeforeEach
    void setUp() {
        engine = engine(List.of(CPU_STOP, MEMORY_THROTTLE, SWAP_WARN, TEMPERATURE));
    }

    private SafetyEngine engine(List<ThresholdRule> rules) {
        SafetyEngineSettings settings = SafetyEngineSettings.builder()
                .breakerCooldown(Duration.ofSeconds(10))
                .recentViolations(3)
                .build();
        return new SafetyEngine(settings, rules, () -> now, () -> "id-" + ids.incrementAndGet());
    }

    private static MetricSample host(String id, long ts, Map<String, Double> metrics) {
        return new MetricSample(Versioned.SCHEMA_VERSION, id, SourceKind.HOST, id, ts, null, null, metrics, null);
    }

    private MetricSample host(String id, double cpu) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(MetricNames.CPU_USAGE, cpu);
        metrics.put(MetricNames.MEMORY_USAGE, 40.0);
        metrics.put(MetricNames.DISK_USAGE, 50.0);
        metrics.put(MetricNames.TEMPERATURE, null);
        return host(id, now, metrics);
    }

    private MetricSample hostWith(String id, String metric, double value) {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put(metric, value);
        return host(id, now, metrics);
    }

    private void startCycle(String cycleId) {
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, cycleId, null, now));
    }

    @Test
    void stopRuleViolationPublishesViolationOpenBreakerAndEmergencyStop() {
        startCycle("c1");
        SafetyOutput out = engine.onSample(host("h1", 97));
        assertThat(out.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("cpu");
            assertThat(v.metric()).isEqualTo("cpu_usage");
            assertThat(v.value()).isEqualTo(97.0);
            assertThat(v.threshold()).isEqualTo(95.0);
            assertThat(v.action()).isEqualTo(SafetyAction.STOP);
            assertThat(v.sourceId()).isEqualTo("h1");
            assertThat(v.cycleId()).isEqualTo("c1");
        });
        assertThat(out.transitions()).singleElement().satisfies(t -> {
            assertThat(t.breakerId()).isEqualTo("cpu@h1");
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
        });
        assertThat(out.stops()).singleElement().satisfies(s -> {
            assertThat(s.mode()).isEqualTo(StopMode.EMERGENCY);
            assertThat(s.issuedBy()).isEqualTo("safety-service");
            assertThat(s.cycleId()).isEqualTo("c1");
            assertThat(s.reason()).contains("cpu");
        });
    }

    @Test
    void openBreakerDoesNotRepeatViolationsAndRepeatsStopsAtMostOncePerSecond() {
        startCycle("c1");
        engine.onSample(host("h1", 97));
        now += 200;
        SafetyOutput soon = engine.onSample(host("h1", 98));
        assertThat(soon.violations()).isEmpty();
        assertThat(soon.stops()).isEmpty();
        now += 800;
        SafetyOutput later = engine.onSample(host("h1", 98));
        assertThat(later.violations()).isEmpty();
        assertThat(later.stops()).hasSize(1);
        assertThat(later.stops().get(0).sequence()).isGreaterThan(0);
    }

    @Test
    void emergencyStopsCarryAGrowingSequence() {
        startCycle("c1");
        StopCommand first = engine.onSample(host("h1", 97)).stops().get(0);
        StopCommand second = engine.onSample(host("h2", 97)).stops().get(0);
        assertThat(second.sequence()).isGreaterThan(first.sequence());
    }

    @Test
    void throttleRuleOpensItsBreakerWithoutAStopCommand() {
        SafetyOutput out = engine.onSample(hostWith("h1", "memory_usage", 85));
        assertThat(out.violations()).singleElement().extracting(Violation::action).isEqualTo(SafetyAction.THROTTLE);
        assertThat(out.transitions()).hasSize(1);
        assertThat(out.stops()).isEmpty();
    }

    @Test
    void warnRuleRaisesOneViolationPerEpisodeAndNoBreaker() {
        assertThat(engine.onSample(hostWith("h1", "swap_usage", 60)).violations()).hasSize(1);
        assertThat(engine.onSample(hostWith("h1", "swap_usage", 70)).violations()).isEmpty();
        assertThat(engine.onSample(hostWith("h1", "swap_usage", 48)).violations()).isEmpty();
        assertThat(engine.onSample(hostWith("h1", "swap_usage", 60)).violations()).isEmpty();
        engine.onSample(hostWith("h1", "swap_usage", 44));
        assertThat(engine.onSample(hostWith("h1", "swap_usage", 60)).violations()).hasSize(1);
        assertThat(engine.breakers()).isEmpty();
    }

    @Test
    void nullMetricIsNoViolationButTheRuleShowsNoData() {
        SafetyOutput out = engine.onSample(host("h1", 50));
        assertThat(out.isEmpty()).isTrue();
        assertThat(engine.ruleStatuses()).filteredOn(s -> s.ruleId().equals("temperature"))
                .singleElement().satisfies(s -> assertThat(s.data()).isEqualTo("no_data"));
        assertThat(engine.ruleStatuses()).filteredOn(s -> s.ruleId().equals("cpu"))
                .singleElement().satisfies(s -> assertThat(s.data()).isEqualTo("ok"));
    }

    @Test
    void breakerHalfOpensAfterCooldownAndClosesOnAHealthySample() {
        engine.onSample(host("h1", 97));
        now += 10_000;
        SafetyOutput tick = engine.tick();
        assertThat(tick.transitions()).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerState.HALF_OPEN);
        now += 100;
        SafetyOutput healthy = engine.onSample(host("h1", 50));
        assertThat(healthy.transitions()).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void halfOpenBreakerReopensWithANewViolationWhenTheValueIsStillOver() {
        engine.onSample(host("h1", 97));
        now += 10_000;
        engine.tick();
        now += 100;
        SafetyOutput again = engine.onSample(host("h1", 97));
        assertThat(again.violations()).hasSize(1);
        assertThat(again.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(BreakerState.HALF_OPEN);
            assertThat(t.to()).isEqualTo(BreakerState.OPEN);
        });
        assertThat(again.stops()).hasSize(1);
    }

    @Test
    void staleSourceDuringACycleIsAViolation() {
        engine.onSample(host("h1", 50));
        startCycle("c1");
        now += 2000;
        assertThat(engine.tick().violations()).isEmpty();
        now += 150;
        SafetyOutput out = engine.tick();
        assertThat(out.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo(SafetyEngine.STALE_RULE_ID);
            assertThat(v.metric()).isEqualTo("sample_gap");
            assertThat(v.value()).isEqualTo(2.15);
            assertThat(v.sourceId()).isEqualTo("h1");
        });
        assertThat(out.stops()).hasSize(1);
    }

    @Test
    void silentSourceOutsideACycleIsNotAViolation() {
        engine.onSample(host("h1", 50));
        now += 5000;
        assertThat(engine.tick().isEmpty()).isTrue();
    }

    @Test
    void staleSourceThatReportsAgainClosesItsBreakerAfterTheCooldown() {
        engine.onSample(host("h1", 50));
        startCycle("c1");
        now += 3000;
        engine.tick();
        now += 100;
        assertThat(engine.onSample(host("h1", 50)).transitions()).isEmpty();
        for (int i = 0; i < 9; i++) {
            now += 1000;
            assertThat(engine.tick().transitions()).isEmpty();
            engine.onSample(host("h1", 50));
        }
        now += 1000;
        assertThat(engine.tick().transitions()).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(engine.onSample(host("h1", 50)).transitions()).singleElement()
                .extracting(BreakerTransition::to).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void longSilentSourcesAreForgotten() {
        engine.onSample(host("h1", 50));
        now += 61_000;
        engine.tick();
        startCycle("c1");
        now += 3000;
        assertThat(engine.tick().violations()).isEmpty();
    }

    @Test
    void phaseThresholdsOverrideTheGlobalRuleForTheSameMetricUntilThePhaseEnds() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 60.0, "load_average_1m", 4.0), now));
        assertThat(engine.phaseRules()).extracting(ThresholdRule::id)
                .containsExactlyInAnyOrder("phase:light:cpu_usage", "phase:light:load_average_1m");
        SafetyOutput out = engine.onSample(host("h1", 70));
        assertThat(out.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("phase:light:cpu_usage");
            assertThat(v.phase()).isEqualTo(Phase.LIGHT);
        });
        engine.onPhaseEvent(event(PhaseEventType.PHASE_COMPLETED, "c1", Phase.LIGHT, now));
        assertThat(engine.phaseRules()).isEmpty();
        now += 100;
        assertThat(engine.onSample(host("h2", 70)).violations()).isEmpty();
    }

    @Test
    void invalidPhaseThresholdsAreSkippedWithANote() {
        // The wire refuses a non-number (the event is dead-lettered); a limit no rule can hold still reaches here.
        SafetyOutput out = engine.onPhaseEvent(phaseStarted("c1", Phase.HEAVY,
                Map.of("cpu_usage", Double.POSITIVE_INFINITY), now));
        assertThat(out.notes()).singleElement().asString().contains("cpu_usage");
        assertThat(engine.phaseRules()).isEmpty();
    }

    @Test
    void anInvalidPhaseThresholdCostsOnlyItself() {
        SafetyOutput out = engine.onPhaseEvent(phaseStarted("c1", Phase.HEAVY,
                Map.of("cpu usage", 50.0, "memory_usage", 70.0), now));
        assertThat(out.notes()).singleElement().asString().contains("cpu usage");
        assertThat(engine.phaseRules()).extracting(ThresholdRule::id).containsExactly("phase:heavy:memory_usage");
    }

    @Test
    void ruleStatusTellsGlobalFromPhaseRulesByTheirScope() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 60.0), now));
        assertThat(engine.phaseRules()).extracting(ThresholdRule::scope).containsOnly(RuleScope.PHASE);
        assertThat(engine.ruleStatuses()).extracting(s -> s.ruleId() + "/" + s.scope()).containsExactlyInAnyOrder(
                "memory/global", "swap/global", "temperature/global", "phase:light:cpu_usage/phase");
    }

    @Test
    void phaseEndOfAnotherCycleLeavesTheRunningPhaseRulesInForce() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 60.0), now));
        engine.onPhaseEvent(event(PhaseEventType.PHASE_COMPLETED, "c0", Phase.LIGHT, now));
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_COMPLETED, "c0", null, now));
        assertThat(engine.cycleId()).isEqualTo("c1");
        assertThat(engine.phase()).isEqualTo(Phase.LIGHT);
        assertThat(engine.phaseRules()).hasSize(1);
    }

    @Test
    void cycleEndStopsStaleChecksAndClearsPhaseRules() {
        engine.onSample(host("h1", 50));
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 60.0), now));
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_ABORTED, "c1", null, now));
        assertThat(engine.cycleRunning()).isFalse();
        assertThat(engine.phaseRules()).isEmpty();
        now += 5000;
        assertThat(engine.tick().violations()).isEmpty();
    }

    @Test
    void windowedGlobalRuleFiresOnlyAfterItsDuration() {
        engine = engine(List.of(new ThresholdRule("cpu", "cpu_usage", Comparison.ABOVE, 95,
                RuleWindow.continuously(Duration.ofSeconds(2)), 5, io.stressfw.model.Severity.CRITICAL, SafetyAction.STOP, null)));
        assertThat(engine.onSample(host("h1", 99)).violations()).isEmpty();
        now += 1000;
        assertThat(engine.onSample(host("h1", 99)).violations()).isEmpty();
        now += 1000;
        assertThat(engine.onSample(host("h1", 99)).violations()).hasSize(1);
    }

    @Test
    void aSourceWhoseClockIsMinutesBehindOrAheadIsEvaluatedLikeAnyOther() {
        startCycle("c1");
        SafetyOutput behind = engine.onSample(host("behind", now - 180_000, Map.of("cpu_usage", 99.0)));
        SafetyOutput ahead = engine.onSample(host("ahead", now + 180_000, Map.of("cpu_usage", 99.0)));

        assertThat(behind.violations()).singleElement().satisfies(v -> assertThat(v.sourceId()).isEqualTo("behind"));
        assertThat(ahead.violations()).singleElement().satisfies(v -> assertThat(v.sourceId()).isEqualTo("ahead"));
        assertThat(behind.stops()).hasSize(1);
        assertThat(behind.notes()).singleElement().asString().startsWith("the clock of behind is 180.0 s behind");
        assertThat(ahead.notes()).singleElement().asString().startsWith("the clock of ahead is 180.0 s ahead of");
        assertThat(engine.sources()).extracting(SourceStatus::sourceId, SourceStatus::clockSkewMs,
                SourceStatus::clockSkewWarning).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ahead", 180_000L, true),
                org.assertj.core.groups.Tuple.tuple("behind", -180_000L, true));
        assertThat(engine.maxClockSkewMs()).isEqualTo(180_000);
    }

    @Test
    void aSourceWhoseClockIsBehindGoesStaleByArrivalTime() {
        startCycle("c1");
        engine.onSample(host("behind", now - 40_000, Map.of("cpu_usage", 10.0)));
        now += 1_000;
        assertThat(engine.tick().violations()).as("heard 1 s ago").isEmpty();

        now += 1_500;

        assertThat(engine.tick().violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("stale-source");
            assertThat(v.sourceId()).isEqualTo("behind");
            assertThat(v.value()).isEqualTo(2.5);
        });
    }

    @Test
    void recentViolationsAreBoundedAndNewestFirst() {
        for (int i = 0; i < 5; i++) {
            engine.onSample(host("h" + i, 99));
        }
        assertThat(engine.recentViolations(10)).extracting(Violation::sourceId).containsExactly("h4", "h3", "h2");
        assertThat(engine.recentViolations(1)).hasSize(1);
    }

    @Test
    void resetClosesAnOpenBreakerAndUnknownIdsAnswerNull() {
        engine.onSample(host("h1", 99));
        SafetyEngine.ResetResult result = engine.resetBreaker("cpu@h1");
        assertThat(result.breaker().state()).isEqualTo(BreakerState.CLOSED);
        assertThat(result.output().transitions()).singleElement().extracting(BreakerTransition::to).isEqualTo(BreakerState.CLOSED);
        assertThat(engine.resetBreaker("nope@h1")).isNull();
        now += 100;
        assertThat(engine.onSample(host("h1", 99)).violations()).as("still over after a reset: trips again").hasSize(1);
    }

    @Test
    void replacingRulesKeepsStateOfUnchangedRulesAndAppliesNewOnes() {
        engine.replaceGlobalRules(List.of(ThresholdRule.simple("cpu", "cpu_usage", Comparison.ABOVE, 50, SafetyAction.WARN)));
        assertThat(engine.onSample(host("h1", 60)).violations()).singleElement()
                .extracting(Violation::action).isEqualTo(SafetyAction.WARN);
        assertThatThrownBy(() -> engine.replaceGlobalRules(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> engine.replaceGlobalRules(List.of(CPU_STOP.withId("stale-source")))).hasMessageContaining("reserved");
    }

    @Test
    void agentOnlyRuleIgnoresHostSamples() {
        engine = engine(List.of(new ThresholdRule("agent-cpu", "cpu_usage", Comparison.ABOVE, 50, null, 0,
                io.stressfw.model.Severity.WARNING, SafetyAction.WARN, SourceKind.AGENT)));
        assertThat(engine.onSample(host("h1", 99)).isEmpty()).isTrue();
        MetricSample agent = new MetricSample(Versioned.SCHEMA_VERSION, "agent-1", SourceKind.AGENT, "h1", now, "c1", Phase.LIGHT,
                Map.of("cpu_usage", 60.0), null);
        assertThat(engine.onSample(agent).violations()).hasSize(1);
    }

    @Test
    void preflightSeesTheEnginesSourcesRulesAndOpenBreakers() {
        Map<String, Double> metrics = new HashMap<>();
        metrics.put("cpu_usage", 99.0);
        metrics.put("memory_usage", 95.0);
        metrics.put("disk_usage", null);
        engine.onSample(host("h1", now, metrics));
        PreflightReport report = engine.preflight(List.of("h1", "h2"), List.of());
        assertThat(report.fit()).isFalse();
        assertThat(report.failed()).extracting(c -> c.check() + "/" + c.source()).containsExactlyInAnyOrder(
                "host_reporting/h2", "under_limit:cpu/h1", "under_limit:memory/h1", "memory_free/h1", "disk_free/h1",
                "no_open_breaker/h1", "no_open_breaker/h1");
    }
}
