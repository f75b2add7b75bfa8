package io.stressfw.orchestrator.api;

import io.stressfw.model.Checks;
import io.stressfw.orchestrator.cycle.CycleState;
import io.stressfw.orchestrator.cycle.EngineSnapshot;
import io.stressfw.service.Problem;
import jakarta.ws.rs.core.Response.Status;

/**
 * The refusal of a start while a cycle is under way. A running cycle needs a stop first; one that is stopping ends by
 * itself within its ramp-down, so its refusal names the field {@code previous_cycle}, which a client waiting for fit
 * (stressctl's {@code --wait}) retries instead of giving up: {@code stressctl stop} then {@code stressctl quick --wait}
 * used to fail with 409 during the ramp-down.
 */
final class StartConflict {
    static final String PREVIOUS_CYCLE = "previous_cycle";

    private StartConflict() {
    }

    static Problem of(EngineSnapshot cycle) {
        if (cycle != null && cycle.state() == CycleState.STOPPING) {
            return Problem.ofField(Status.CONFLICT, PREVIOUS_CYCLE, "cycle " + cycle.cycleId() + " is stopping "
                    + "(ramping down, " + Checks.format(Math.ceil(cycle.phaseRemainingSeconds())) + " s left); start "
                    + "once it has ended (GET /status shows idle)");
        }
        return Problem.of(Status.CONFLICT, "cycle " + (cycle == null ? "" : cycle.cycleId())
                + " is running; stop it first (POST /cycle/stop)");
    }
}
