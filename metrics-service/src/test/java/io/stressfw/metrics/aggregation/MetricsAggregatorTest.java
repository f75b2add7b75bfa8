package io.stressfw.metrics.aggregation;

import io.stressfw.metrics.baseline.BaselineWindow;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.SourceKind;
import io.stressfw.model.PhaseEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.stressfw.metrics.aggregation.Fixtures.agent;
import static io.stressfw.metrics.aggregation.Fixtures.event;
import static io.stressfw.metrics.aggregation.Fixtures.phaseStarted;
import static io.stressfw.metrics.aggregation.Fixtures.host;
import static io.stressfw.model.PhaseEventType.CYCLE_COMPLETED;
import static io.stressfw.model.PhaseEventType.CYCLE_STARTED;
import static io.stressfw.model.PhaseEventType.HOLD_STARTED;
import static io.stressfw.model.PhaseEventType.PHASE_ABORTED;
import static io.stressfw.model.PhaseEventType.PHASE_COMPLETED;
import static io.stressfw.model.PhaseEventType.PHASE_STARTED;
import static io.stressfw.model.PhaseEventType.RAMP_DOWN_STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsAggregatorTest {
    private static final long T0 = 1_700_000_000_000L;

    private final MetricsAggregator aggregator = MetricsAggregator.builder().maxCycles(10).rawSampleCap(1000).build();

    private void runTwoPhases(String cycle) {
        aggregator.accept(event(cycle, CYCLE_STARTED, null, T0));
        aggregator.accept(phaseStarted(cycle, Phase.LIGHT, T0, 20.0, 2, 5, 1));
        aggregator.accept(event(cycle, HOLD_STARTED, Phase.LIGHT, T0 + 3_000));
        aggregator.accept(event(cycle, RAMP_DOWN_STARTED, Phase.LIGHT, T0 + 8_000));
        aggregator.accept(event(cycle, PHASE_COMPLETED, Phase.LIGHT, T0 + 9_000));
        aggregator.accept(phaseStarted(cycle, Phase.MEDIUM, T0 + 10_000, 40.0, 0, 0, 0));
        aggregator.accept(event(cycle, PHASE_ABORTED, Phase.MEDIUM, T0 + 12_000));
        aggregator.accept(event(cycle, CYCLE_COMPLETED, null, T0 + 12_500));
    }

    @Test
    void hostSamplesCountForThePhaseRunningAtTheirTimestamp() {
        runTwoPhases("c1");
        for (int i = 0; i < 4; i++) {
            aggregator.accept(host("h1", T0 + 1_000 + i * 1_000, 10 * (i + 1)));
        }
        aggregator.accept(host("h1", T0 + 11_000, 90));
        aggregator.accept(host("h1", T0 + 9_500, 55));
        aggregator.accept(host("h1", T0 + 60_000, 99));

        CycleMetricsReport report = aggregator.report("c1").orElseThrow();
        PhaseReport light = report.phases().get(0);
        StatsSummary cpu = light.sources().get("h1").metrics().get("cpu_usage").stats();
        assertThat(cpu.count()).isEqualTo(4);
        assertThat(cpu.mean()).isEqualTo(25.0);
        assertThat(cpu.p50()).isEqualTo(20.0);
        assertThat(cpu.max()).isEqualTo(40.0);
        assertThat(light.sources().get("h1").metrics().get("temperature").stats().missing()).isEqualTo(4);
        PhaseReport medium = report.phases().get(1);
        assertThat(medium.sources().get("h1").metrics().get("cpu_usage").stats().mean()).isEqualTo(90.0);
        // Between phases: kept raw for the cycle, in no phase; after the cycle: in no cycle.
        assertThat(report.rawSamples().received()).isEqualTo(6);
    }

    @Test
    void phaseTimingsCompareWhatRanWithWhatWasPlanned() {
        runTwoPhases("c1");
        PhaseReport light = aggregator.report("c1").orElseThrow().phases().get(0);
        PhaseTimings t = light.timings();
        assertThat(t.rampUp().plannedSeconds()).isEqualTo(2.0);
        assertThat(t.rampUp().actualSeconds()).isEqualTo(3.0);
        assertThat(t.rampUp().deviationSeconds()).isEqualTo(1.0);
        assertThat(t.hold().actualSeconds()).isEqualTo(5.0);
        assertThat(t.hold().deviationSeconds()).isEqualTo(0.0);
        assertThat(t.rampDown().actualSeconds()).isEqualTo(1.0);
        assertThat(t.total().plannedSeconds()).isEqualTo(8.0);
        assertThat(t.total().actualSeconds()).isEqualTo(9.0);
        assertThat(light.outcome()).isEqualTo(PhaseOutcome.COMPLETED);
        PhaseReport medium = aggregator.report("c1").orElseThrow().phases().get(1);
        assertThat(medium.outcome()).isEqualTo(PhaseOutcome.ABORTED);
        assertThat(medium.timings().rampUp().actualSeconds()).isNull();
        assertThat(medium.timings().total().actualSeconds()).isEqualTo(2.0);
        assertThat(aggregator.report("c1").orElseThrow().durationSeconds()).isEqualTo(12.5);
    }

    @Test
    void agentSamplesCountForThePhaseTheyNameAndTrackTargetVersusAchieved() {
        runTwoPhases("c1");
        // Timestamp in MEDIUM, but the agent says LIGHT: the agent knows what it was running.
        aggregator.accept(agent("agent-1", T0 + 10_500, "c1", Phase.LIGHT, 20, 18));
        aggregator.accept(agent("agent-1", T0 + 4_000, "c1", Phase.LIGHT, 20, 22));
        GeneratorSummary cpu = aggregator.report("c1").orElseThrow().phases().get(0).generators().get("agent-1").get("cpu");
        assertThat(cpu.targetPercent().mean()).isEqualTo(20.0);
        assertThat(cpu.achievedPercent().mean()).isEqualTo(20.0);
        assertThat(cpu.meanAbsoluteError()).isEqualTo(2.0);
        assertThat(cpu.achievementRatio()).isEqualTo(1.0);
    }

    @Test
    void replayedEventsDoNotAddPhaseRuns() {
        PhaseEvent started = event("c1", PHASE_STARTED, Phase.LIGHT, T0);
        aggregator.accept(started);
        aggregator.accept(started);
        assertThat(aggregator.report("c1").orElseThrow().phases()).hasSize(1);
        aggregator.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0 + 5_000));
        List<PhaseReport> phases = aggregator.report("c1").orElseThrow().phases();
        assertThat(phases).extracting(PhaseReport::run).containsExactly(1, 2);
        assertThat(phases.get(0).outcome()).isEqualTo(PhaseOutcome.COMPLETED);
    }

    @Test
    void currentPhaseFollowsTheRunningCycleAndStage() {
        assertThat(aggregator.currentPhase()).isEqualTo(CurrentPhase.NONE);
        aggregator.accept(event("c1", CYCLE_STARTED, null, T0));
        aggregator.accept(phaseStarted("c1", Phase.HEAVY, T0 + 1, 60.0, 0, 0, 0));
        assertThat(aggregator.currentPhase()).isEqualTo(new CurrentPhase("c1", Phase.HEAVY, "ramp_up", 60.0));
        aggregator.accept(event("c1", HOLD_STARTED, Phase.HEAVY, T0 + 2));
        assertThat(aggregator.currentPhase().stage()).isEqualTo("hold");
        aggregator.accept(event("c1", CYCLE_COMPLETED, null, T0 + 3));
        assertThat(aggregator.currentPhase()).isEqualTo(CurrentPhase.NONE);
    }

    @Test
    void rawSamplesStopAtTheCapButAggregatesCoverAll() {
        MetricsAggregator capped = MetricsAggregator.builder().maxCycles(10).rawSampleCap(3).build();
        capped.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0));
        for (int i = 0; i < 5; i++) {
            capped.accept(host("h1", T0 + i, i));
        }
        CycleMetricsReport report = capped.report("c1").orElseThrow();
        assertThat(report.rawSamples().kept()).isEqualTo(3);
        assertThat(report.rawSamples().received()).isEqualTo(5);
        assertThat(report.rawSamples().truncated()).isTrue();
        assertThat(report.rawSamples().note()).contains("first 3 of 5");
        assertThat(report.phases().get(0).sources().get("h1").metrics().get("cpu_usage").stats().count()).isEqualTo(5);
        assertThat(capped.pendingChanges().newRawSamples().get("c1")).hasSize(3);
    }

    @Test
    void oldestFinishedCyclesAreEvictedBeyondTheLimit() {
        MetricsAggregator small = MetricsAggregator.builder().maxCycles(2).rawSampleCap(10).build();
        for (int i = 1; i <= 3; i++) {
            small.accept(event("c" + i, CYCLE_STARTED, null, T0 + i));
            small.accept(event("c" + i, CYCLE_COMPLETED, null, T0 + i + 1));
        }
        assertThat(small.cycles()).extracting(CycleSummary::cycleId).containsExactly("c2", "c3");
        assertThat(small.pendingChanges().evictedCycles()).containsExactly("c1");
    }

    @Test
    void idleHoldOpensABaselineAndLaterAggregatesShowTheirDistanceToIt() {
        MetricsAggregator withBaseline = MetricsAggregator.builder().maxCycles(10).rawSampleCap(100)
                .baselineOnIdle(true).build();
        withBaseline.accept(event("c1", PHASE_STARTED, Phase.IDLE, T0));
        withBaseline.accept(event("c1", HOLD_STARTED, Phase.IDLE, T0 + 100));
        withBaseline.accept(host("h1", T0 + 200, 4));
        withBaseline.accept(host("h1", T0 + 600, 6));
        withBaseline.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0 + 1_200));
        withBaseline.accept(host("h1", T0 + 1_300, 25));
        assertThat(withBaseline.baselines().get("h1").mean("cpu_usage")).isEqualTo(5.0);
        MetricReport light = withBaseline.report("c1").orElseThrow().phases().get(1).sources().get("h1")
                .metrics().get("cpu_usage");
        assertThat(light.baselineMean()).isEqualTo(5.0);
        assertThat(light.meanOverBaseline()).isEqualTo(20.0);
        assertThat(withBaseline.pendingChanges().baselines()).isPresent();
    }

    @Test
    void theIdleBaselineCoversIdlesOwnHoldHoweverLongAndNotTheNextPhase() {
        MetricsAggregator withBaseline = MetricsAggregator.builder().maxCycles(10).rawSampleCap(100).baselineOnIdle(true).build();
        withBaseline.accept(event("c1", PHASE_STARTED, Phase.IDLE, T0));
        withBaseline.accept(host("h1", T0 + 50, 90));
        withBaseline.accept(event("c1", HOLD_STARTED, Phase.IDLE, T0 + 100));
        for (int i = 1; i <= 40; i++) {
            withBaseline.accept(host("h1", T0 + 100 + i * 1_000L, i % 2 == 0 ? 4 : 6));
        }
        assertThat(withBaseline.baselineWindow()).as("still collecting: IDLE holds").isPresent();
        withBaseline.accept(event("c1", RAMP_DOWN_STARTED, Phase.IDLE, T0 + 41_000));
        withBaseline.accept(host("h1", T0 + 41_050, 60));
        withBaseline.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0 + 42_000));
        withBaseline.accept(host("h1", T0 + 42_500, 30));

        assertThat(withBaseline.baselineWindow()).isEmpty();
        HostBaseline baseline = withBaseline.baselines().get("h1");
        assertThat(baseline.samples()).as("the 40 samples of the hold, none before or after").isEqualTo(40);
        assertThat(baseline.mean("cpu_usage")).isEqualTo(5.0);
        assertThat(baseline.startedAtMs()).isEqualTo(T0 + 100);
        assertThat(baseline.endedAtMs()).isEqualTo(T0 + 41_000);
        CycleMetricsReport report = withBaseline.report("c1").orElseThrow();
        assertThat(report.idleBaseline()).containsOnlyKeys("h1");
        assertThat(report.phases().get(1).sources().get("h1").metrics().get("cpu_usage").meanOverBaseline()).isEqualTo(25.0);
    }

    @Test
    void eachCycleIsShownAgainstItsOwnIdleBaseline() {
        MetricsAggregator withBaseline = MetricsAggregator.builder().maxCycles(10).rawSampleCap(100).baselineOnIdle(true).build();
        withBaseline.accept(event("c1", PHASE_STARTED, Phase.IDLE, T0));
        withBaseline.accept(event("c1", HOLD_STARTED, Phase.IDLE, T0 + 100));
        withBaseline.accept(host("h1", T0 + 200, 10));
        withBaseline.accept(event("c1", PHASE_STARTED, Phase.LIGHT, T0 + 1_000));
        withBaseline.accept(host("h1", T0 + 1_100, 30));
        withBaseline.accept(event("c1", CYCLE_COMPLETED, null, T0 + 2_000));
        withBaseline.accept(event("c2", PHASE_STARTED, Phase.IDLE, T0 + 10_000));
        withBaseline.accept(event("c2", HOLD_STARTED, Phase.IDLE, T0 + 10_100));
        withBaseline.accept(host("h1", T0 + 10_200, 20));
        withBaseline.accept(event("c2", PHASE_STARTED, Phase.LIGHT, T0 + 11_000));
        withBaseline.accept(host("h1", T0 + 11_100, 30));

        assertThat(withBaseline.report("c1").orElseThrow().phases().get(1).sources().get("h1").metrics()
                .get("cpu_usage").baselineMean()).isEqualTo(10.0);
        assertThat(withBaseline.report("c2").orElseThrow().phases().get(1).sources().get("h1").metrics()
                .get("cpu_usage").baselineMean()).isEqualTo(20.0);
    }

    @Test
    void requestedBaselineIsRefusedWhileOneIsCollecting() {
        assertThat(aggregator.startBaseline(new BaselineWindow(T0, T0 + 1000, "request"))).isTrue();
        assertThat(aggregator.startBaseline(new BaselineWindow(T0, T0 + 1000, "request"))).isFalse();
        aggregator.tick(T0 + 1000);
        assertThat(aggregator.baselineWindow()).isEmpty();
    }

    @Test
    void aSampleStampedWithACycleButTakenAfterItEndedStaysOutOfIt() {
        runTwoPhases("c1");
        MetricSample late = new MetricSample(1, "h1", SourceKind.HOST, "h1", T0 + 60_000, "c1", Phase.MEDIUM,
                Map.of("cpu_usage", 50.0), Map.of());
        MetricSample skewed = new MetricSample(1, "h1", SourceKind.HOST, "h1", T0 + 12_900, "c1", Phase.MEDIUM,
                Map.of("cpu_usage", 70.0), Map.of());
        aggregator.accept(late);
        aggregator.accept(skewed);
        CycleMetricsReport report = aggregator.report("c1").orElseThrow();
        assertThat(report.rawSamples().received()).isEqualTo(1);
        assertThat(report.phases().get(1).sources().get("h1").metrics().get("cpu_usage").stats().mean()).isEqualTo(70.0);
    }

    @Test
    void sourcesSilentPastTheRetentionAreForgottenByArrivalTime() {
        long[] now = {T0};
        MetricsAggregator bounded = MetricsAggregator.builder().sourceRetentionMs(600_000).clock(() -> now[0]).build();
        bounded.accept(host("gone", T0, 10));
        now[0] += 300_000;
        // Stamped an hour behind: its clock is off, but it arrived now, so it is the latest and current.
        bounded.accept(host("live", T0 - 3_600_000, 20));

        now[0] += 300_001;

        assertThat(bounded.tick(now[0])).containsExactly("gone");
        assertThat(bounded.latestSamples()).containsOnlyKeys("live");
        assertThat(bounded.latestSamples().get("live").receivedAtMs()).isEqualTo(T0 + 300_000);
        bounded.accept(host("live", T0 - 3_600_500, 21));
        assertThat(bounded.latestSamples().get("live").sample().metrics()).containsEntry("cpu_usage", 21.0);
    }

    @Test
    void rejectsNonsensicalLimits() {
        assertThatThrownBy(() -> MetricsAggregator.builder().maxCycles(0)).hasMessageContaining("max cycles");
        assertThatThrownBy(() -> MetricsAggregator.builder().rawSampleCap(-1)).hasMessageContaining("raw sample cap");
        assertThatThrownBy(() -> MetricsAggregator.builder().sourceRetentionMs(0)).hasMessageContaining("source retention");
    }
}
