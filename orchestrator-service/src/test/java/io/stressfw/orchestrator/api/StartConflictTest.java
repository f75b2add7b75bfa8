package io.stressfw.orchestrator.api;

import io.stressfw.model.Phase;
import io.stressfw.model.ResourceWeights;
import io.stressfw.orchestrator.cycle.CycleState;
import io.stressfw.orchestrator.cycle.EngineSnapshot;
import io.stressfw.orchestrator.cycle.Stage;
import io.stressfw.service.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartConflictTest {
    private static EngineSnapshot cycle(CycleState state, Stage stage, double remainingSeconds) {
        return new EngineSnapshot("cycle-1", state, Phase.MEDIUM, 0, stage, 30, 30, ResourceWeights.CPU_ONLY, 0.5, 5,
                remainingSeconds, null);
    }

    @Test
    void aRunningCycleNeedsAStopFirstAndNamesNoFieldAWaitingClientWouldRetry() {
        Problem problem = StartConflict.of(cycle(CycleState.RUNNING, Stage.HOLD, 12));

        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.field()).isNull();
        assertThat(problem.detail()).isEqualTo("cycle cycle-1 is running; stop it first (POST /cycle/stop)");
    }

    @Test
    void aStoppingCycleNamesThePreviousCycleFieldAndTheRampDownLeft() {
        Problem problem = StartConflict.of(cycle(CycleState.STOPPING, Stage.RAMP_DOWN, 3.2));

        assertThat(problem.status()).isEqualTo(409);
        assertThat(problem.field()).isEqualTo("previous_cycle");
        assertThat(problem.detail()).isEqualTo("previous_cycle: cycle cycle-1 is stopping (ramping down, 4 s left); "
                + "start once it has ended (GET /status shows idle)");
    }
}
