package io.stressfw.agent.generator;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;

import java.util.List;
import java.util.Map;

/**
 * One kind of load, produced by plain Java threads. The target is a percentage of the generator's cap; a generator
 * never goes beyond its cap and {@link #stopNow()} releases everything it holds (memory before returning).
 *
 * <p>Everything the controller needs goes through this interface (targets, caps and a command's limits, status
 * notes, held resources), so that a new kind of load is one class plus one line where the agent is wired.
 */
public interface LoadGenerator {
    /** Which load this is; its wire name names the generator in samples and status. */
    ResourceKind kind();

    /** Sets the target in percent of the cap (0-100); worker threads start on the first non-zero target. */
    void setTarget(double percent);

    double targetPercent();

    /** Target and achieved load, achieved over the last second or so. */
    GeneratorReading reading();

    /**
     * The effective cap that the target is a percentage of, in the unit of {@link GeneratorReading#unit()}: the
     * scope's (the host's or the container's), which the agents there share.
     */
    double cap();

    /** The part of the cap this agent takes: its share of the scope's, bounded by what the agent itself can hold. */
    default double ownCap() {
        return cap();
    }

    /** Every cap of this generator, in the order the status lists them; {@link #cap()} is one of them. */
    List<LoadCap> caps();

    /** Why a command's limits cannot be applied (one asks to raise a cap above its configured value), or null. */
    default String refusal(LoadLimits limits) {
        for (LoadCap cap : caps()) {
            String refusal = cap.refusal(limits);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /** A new command's limits: each cap takes its own, never above its configured value; no limit restores it. */
    default void applyLimits(LoadLimits limits) {
        for (LoadCap cap : caps()) {
            cap.apply(limits);
        }
    }

    /** What the status should say about this generator (a mode, a refusal, an error), keyed by note name. */
    default Map<String, String> notes() {
        return Map.of();
    }

    /** Zero load at once: memory freed, files deleted, sockets closed, worker threads told to exit. */
    void stopNow();

    /** Worker threads alive right now. */
    int activeThreads();

    /** What the generator holds right now; only its threads unless it holds files, connections or memory. */
    default HeldResources held() {
        return HeldResources.threads(activeThreads());
    }
}
