package io.stressfw.safety.engine;

import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;

/**
 * Whether a cycle runs, which one, and in which phase, as the phase events tell it. Any event of a cycle other than
 * its end starts following that cycle, so that a safety instance started mid-cycle picks it up. Not thread-safe.
 */
public final class CycleTracker {
    private boolean running;
    private String cycleId;
    private Phase phase;

    /** An event of {@code id} that is not its end: follow that cycle (from no phase, if it is a new one). */
    public void follow(String id) {
        if (!running || !id.equals(cycleId)) {
            running = true;
            cycleId = id;
            phase = null;
        }
    }

    public void enterPhase(Phase newPhase) {
        phase = newPhase;
    }

    /** A phase of {@code id} ended; false when that is not the cycle followed (nothing changed). */
    public boolean leavePhase(String id) {
        if (!id.equals(cycleId)) {
            return false;
        }
        phase = null;
        return true;
    }

    /** Cycle {@code id} ended; false when that is not the cycle followed (nothing changed). */
    public boolean end(String id) {
        if (!id.equals(cycleId)) {
            return false;
        }
        running = false;
        cycleId = null;
        phase = null;
        return true;
    }

    public boolean running() {
        return running;
    }

    public String cycleId() {
        return cycleId;
    }

    public Phase phase() {
        return phase;
    }

    /** The cycle a violation belongs to: the running one, else the one the sample names (null without either). */
    String cycleOf(MetricSample sample) {
        return running ? cycleId : sample == null ? null : sample.cycleId();
    }

    /** The phase a violation belongs to, chosen like {@link #cycleOf}. */
    Phase phaseOf(MetricSample sample) {
        return running ? phase : sample == null ? null : sample.phase();
    }
}
