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
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.Versioned;
import io.stressfw.model.Violation;
import io.stressfw.safety.breaker.BreakerView;
import io.stressfw.safety.preflight.PreflightReport;
import io.stressfw.model.Comparison;
import io.stressfw.safety.rule.RuleScope;
import io.stressfw.model.RuleWindow;
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
import static io.stressfw.safety.PhaseEventFixtures.phaseStartedWith;
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
        // Phase rules in force the moment their phase starts; the cycle-start settle has tests of its own below.
        SafetyEngineSettings settings = SafetyEngineSettings.builder()
                .breakerCooldown(Duration.ofSeconds(10))
                .recentViolations(3)
                .phaseRuleSettle(Duration.ZERO)
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

    /** An agent shutting down in order (a scale-down mid-phase) says so in its last sample: its silence is no fault. */
    @Test
    void aSourceThatLeftInOrderIsNotStale() {
        engine.onSample(host("h1", 50));
        engine.onSample(agent("agent-1"));
        startCycle("c1");
        now += 1000;
        engine.onSample(host("h1", 50));
        engine.onSample(agent("agent-1").asLeaving());
        now += 5000;
        engine.onSample(host("h1", 50));
        assertThat(engine.tick().violations()).isEmpty();
    }

    private MetricSample agent(String id) {
        return new MetricSample(Versioned.SCHEMA_VERSION, id, SourceKind.AGENT, "node-a", now, null, null,
                Map.of(MetricNames.CPU_USAGE, 10.0), null);
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
    void phaseThresholdsAreAddedToTheGlobalRulesWithTheirWindowUntilThePhaseEnds() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStarted("c1", Phase.LIGHT, Map.of("cpu_usage", 60.0, "load_average_1m", 4.0), now));
        assertThat(engine.phaseRules()).extracting(ThresholdRule::id)
                .containsExactlyInAnyOrder("phase:light:cpu_usage", "phase:light:load_average_1m");
        assertThat(engine.phaseRules()).allSatisfy(r -> assertThat(r.window()).isEqualTo(ThresholdSpec.DEFAULT_WINDOW));
        assertThat(engine.onSample(host("h1", 70)).violations()).as("one sample over the flat limit").isEmpty();
        for (int i = 0; i < 4; i++) {
            now += 100;
            assertThat(engine.onSample(host("h1", 70)).violations()).as("over for " + (i + 1) * 100 + " ms").isEmpty();
        }
        now += 100;
        SafetyOutput out = engine.onSample(host("h1", 70));
        assertThat(out.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("phase:light:cpu_usage");
            assertThat(v.phase()).isEqualTo(Phase.LIGHT);
            assertThat(v.message()).isEqualTo("cpu_usage = 70 on h1 breaks cpu_usage > 60 for 500ms (rule phase:light:cpu_usage)");
        });
        engine.onPhaseEvent(event(PhaseEventType.PHASE_COMPLETED, "c1", Phase.LIGHT, now));
        assertThat(engine.phaseRules()).isEmpty();
        for (int i = 0; i < 6; i++) {
            now += 100;
            assertThat(engine.onSample(host("h2", 70)).violations()).isEmpty();
        }
    }

    @Test
    void theGlobalRuleStaysInForceBesideAPhaseRuleOnItsMetric() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStarted("c1", Phase.CHAOS, Map.of("cpu_usage", 99.0), now));
        assertThat(engine.overrides()).isEmpty();
        SafetyOutput out = engine.onSample(host("h1", 97));
        assertThat(out.violations()).as("the global cpu > 95 still applies").singleElement()
                .extracting(Violation::ruleId).isEqualTo("cpu");
    }

    @Test
    void anExplicitOverrideRaisesTheGlobalRuleForItsPhaseOnlyAndSaysSo() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStartedWith("c1", Phase.CHAOS,
                Map.of("cpu_usage", ThresholdSpec.above(100).withOverrideGlobal(true)), now));
        assertThat(engine.overrides()).singleElement().satisfies(o -> {
            assertThat(o.global()).isEqualTo(CPU_STOP);
            assertThat(o.describe()).isEqualTo("phase chaos raises global rule cpu from 95 to 100 "
                    + "(cpu_usage > 95 -> cpu_usage > 100 for 500ms)");
        });
        for (int i = 0; i < 10; i++) {
            assertThat(engine.onSample(host("h1", 99)).violations()).isEmpty();
            now += 100;
        }
        engine.onPhaseEvent(event(PhaseEventType.PHASE_COMPLETED, "c1", Phase.CHAOS, now));
        assertThat(engine.overrides()).isEmpty();
        assertThat(engine.onSample(host("h1", 99)).violations()).singleElement().extracting(Violation::ruleId).isEqualTo("cpu");
    }

    @Test
    void invalidPhaseThresholdsAreSkippedWithANote() {
        // The wire refuses a limit that is not a finite number >= 0 (the event is dead-lettered): no threshold can
        // even hold one. A metric name no rule id may take still reaches here.
        assertThatThrownBy(() -> ThresholdSpec.above(Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        SafetyOutput out = engine.onPhaseEvent(phaseStarted("c1", Phase.HEAVY, Map.of("cpu/usage", 50.0), now));
        assertThat(out.notes()).singleElement().asString().contains("cpu/usage");
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
                "cpu/global", "memory/global", "swap/global", "temperature/global", "phase:light:cpu_usage/phase");
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
        assertThat(behind.notes()).as("heard too briefly to judge its clock").isEmpty();
        now += ClockSkew.JUDGE_AFTER_MS;
        behind = engine.onSample(host("behind", now - 180_000, Map.of("cpu_usage", 10.0)));
        ahead = engine.onSample(host("ahead", now + 180_000, Map.of("cpu_usage", 10.0)));
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
        assertThat(report.warnings()).extracting(w -> w.check() + "/" + w.source())
                .containsExactly("cannot_protect:swap/h1", "cannot_protect:temperature/h1");
    }

    @Test
    void preflightJudgesAWindowedRuleOverItsWindowNotOnOneSpike() {
        engine = engine(List.of(new ThresholdRule("cpu", "cpu_usage", Comparison.ABOVE, 95,
                RuleWindow.continuously(Duration.ofSeconds(2)), 5, io.stressfw.model.Severity.CRITICAL, SafetyAction.STOP, null)));
        for (int i = 0; i < 30; i++) {
            engine.onSample(host("h1", i == 29 ? 100 : 40));
            now += 100;
        }
        assertThat(engine.preflight(List.of(), List.of()).checks()).filteredOn(c -> c.check().equals("under_limit:cpu"))
                .singleElement().satisfies(c -> {
                    assertThat(c.passed()).isTrue();
                    assertThat(c.overLimit()).as("a start that may wait should wait this out").isTrue();
                    assertThat(c.detail()).isEqualTo("cpu_usage = 100 over the limit, not for long enough to break "
                            + "cpu_usage > 95 for 2s");
                });
        for (int i = 0; i < 21; i++) {
            engine.onSample(host("h1", 100));
            now += 100;
        }
        assertThat(engine.preflight(List.of(), List.of()).checks()).noneMatch(PreflightReport.Check::overLimit);
        assertThat(engine.preflight(List.of(), List.of()).failed()).extracting(PreflightReport.Check::detail)
                .containsExactly("cpu_usage = 100 breaks cpu_usage > 95 for 2s", "breaker cpu@h1 is open until "
                        + (T0 + 4_900 + 10_000) + ": opened outside a cycle; cpu_usage = 100 still breaks cpu_usage > 95 for 2s");
    }

    @Test
    void aBreakerOfAnEndedCycleDoesNotRefuseTheNextOnceTheHostIsBackUnderItsLimit() {
        startCycle("c1");
        engine.onSample(host("h1", 99));
        assertThat(engine.breakers()).singleElement().satisfies(b -> {
            assertThat(b.state()).isEqualTo(BreakerState.OPEN);
            assertThat(b.openedInCycle()).isEqualTo("c1");
        });
        now += 100;
        assertThat(engine.preflight(List.of(), List.of()).failed()).extracting(PreflightReport.Check::detail)
                .containsExactlyInAnyOrder("cpu_usage = 99 breaks cpu_usage > 95",
                        "breaker cpu@h1 is open until " + (T0 + 10_000) + ": opened by cycle c1, which is running");
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_ABORTED, "c1", null, now));
        now += 100;
        engine.onSample(host("h1", 98));
        assertThat(engine.preflight(List.of(), List.of()).failed()).extracting(PreflightReport.Check::detail)
                .contains("breaker cpu@h1 is open until " + (T0 + 10_000) + ": opened by cycle c1; cpu_usage = 98 "
                        + "still breaks cpu_usage > 95");

        now += 100;
        engine.onSample(host("h1", 30));
        PreflightReport report = engine.preflight(List.of(), List.of());

        assertThat(report.fit()).isTrue();
        assertThat(report.checks()).filteredOn(c -> c.check().equals("no_open_breaker")).extracting(PreflightReport.Check::detail)
                .containsExactly("breaker cpu@h1 is open until " + (T0 + 10_000) + " but does not refuse a start: opened by "
                        + "cycle c1; cause over: cpu_usage = 30 clears cpu_usage > 95", "no open breaker refuses a start");
        SafetyOutput started = engine.onPhaseEvent(event(PhaseEventType.CYCLE_STARTED, "c2", null, now));
        assertThat(started.transitions()).singleElement().satisfies(t -> {
            assertThat(t.breakerId()).isEqualTo("cpu@h1");
            assertThat(t.to()).isEqualTo(BreakerState.CLOSED);
            assertThat(t.reason()).startsWith("closed at the start of cycle c2: breaker cpu@h1 is open until");
        });
        now += 100;
        assertThat(engine.onSample(host("h1", 99)).stops()).as("the rule trips and stops the new cycle").hasSize(1);
    }

    @Test
    void aBreakerOfTheStartUpSpikeOutsideAnyCycleDoesNotRefuseOnceTheSpikeIsOverByTheHysteresis() {
        engine = engine(List.of(new ThresholdRule("cpu", "cpu_usage", Comparison.ABOVE, 95, null, 5,
                io.stressfw.model.Severity.CRITICAL, SafetyAction.STOP, null)));
        engine.onSample(host("h1", 100));
        assertThat(engine.breakers()).singleElement().extracting(BreakerView::openedInCycle).isNull();
        now += 100;
        engine.onSample(host("h1", 93));
        assertThat(engine.preflight(List.of(), List.of()).fit()).as("93 is inside the hysteresis band").isFalse();
        now += 100;
        engine.onSample(host("h1", 90));
        assertThat(engine.preflight(List.of(), List.of()).fit()).isTrue();
    }

    @Test
    void aBreakerOfARuleNoLongerInForceOrOfASourceHeardAgainDoesNotRefuse() {
        startCycle("c1");
        engine.onPhaseEvent(phaseStartedWith("c1", Phase.LIGHT, Map.of("memory_usage",
                ThresholdSpec.above(30).withWindow(RuleWindow.continuously(Duration.ofMillis(100)))), now));
        engine.onSample(host("h1", 20));
        now += 100;
        engine.onSample(host("h1", 20));
        assertThat(engine.breakers()).extracting(BreakerView::breakerId).containsExactly("phase:light:memory_usage@h1");
        engine.onPhaseEvent(event(PhaseEventType.CYCLE_ABORTED, "c1", null, now));
        assertThat(engine.preflight(List.of(), List.of()).checks()).filteredOn(c -> c.check().equals("no_open_breaker"))
                .first().satisfies(c -> {
                    assertThat(c.passed()).isTrue();
                    assertThat(c.detail()).endsWith("opened by cycle c1; its rule is no longer in force");
                });
    }
}
