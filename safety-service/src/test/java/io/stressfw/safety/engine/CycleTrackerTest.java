package io.stressfw.safety.engine;

import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CycleTrackerTest {
    private final CycleTracker cycle = new CycleTracker();

    @Test
    void anyEventOfACycleStartsFollowingItFromNoPhase() {
        cycle.follow("c1");
        cycle.enterPhase(Phase.LIGHT);
        cycle.follow("c1");
        assertThat(cycle.phase()).isEqualTo(Phase.LIGHT);
        cycle.follow("c2");
        assertThat(cycle.running()).isTrue();
        assertThat(cycle.cycleId()).isEqualTo("c2");
        assertThat(cycle.phase()).isNull();
    }

    @Test
    void endsOfAnotherCycleChangeNothing() {
        cycle.follow("c1");
        cycle.enterPhase(Phase.HEAVY);
        assertThat(cycle.leavePhase("c0")).isFalse();
        assertThat(cycle.end("c0")).isFalse();
        assertThat(cycle.phase()).isEqualTo(Phase.HEAVY);
        assertThat(cycle.running()).isTrue();
    }

    @Test
    void theEndOfTheCycleFollowedStopsFollowing() {
        cycle.follow("c1");
        cycle.enterPhase(Phase.HEAVY);
        assertThat(cycle.leavePhase("c1")).isTrue();
        assertThat(cycle.phase()).isNull();
        assertThat(cycle.end("c1")).isTrue();
        assertThat(cycle.running()).isFalse();
        assertThat(cycle.cycleId()).isNull();
    }

    @Test
    void violationsBelongToTheRunningCycleElseToTheOneTheSampleNames() {
        MetricSample agent = new MetricSample(Versioned.SCHEMA_VERSION, "agent-1", SourceKind.AGENT, "h1", 1, "c9",
                Phase.CHAOS, Map.of(), null);
        assertThat(cycle.cycleOf(agent)).isEqualTo("c9");
        assertThat(cycle.phaseOf(agent)).isEqualTo(Phase.CHAOS);
        assertThat(cycle.cycleOf(null)).isNull();
        cycle.follow("c1");
        cycle.enterPhase(Phase.LIGHT);
        assertThat(cycle.cycleOf(agent)).isEqualTo("c1");
        assertThat(cycle.phaseOf(agent)).isEqualTo(Phase.LIGHT);
    }
}
