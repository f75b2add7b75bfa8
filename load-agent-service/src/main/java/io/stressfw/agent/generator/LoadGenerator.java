package io.stressfw.agent.generator;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;

/**
 * One kind of load, produced by plain Java threads. The target is a percentage of the generator's cap; a generator
 * never goes beyond its cap and {@link #stopNow()} releases everything it holds (memory before returning).
 */
public interface LoadGenerator {
    ResourceKind kind();

    /** Sets the target in percent of the cap (0-100); worker threads start on the first non-zero target. */
    void setTarget(double percent);

    double targetPercent();

    /** Target and achieved load, achieved over the last second or so. */
    GeneratorReading reading();

    /** The effective cap in the unit of {@link GeneratorReading#unit()}. */
    double cap();

    /** Zero load at once: memory freed, files deleted, sockets closed, worker threads told to exit. */
    void stopNow();

    /** Worker threads alive right now. */
    int activeThreads();

    static double checkPercent(double percent) {
        if (Double.isNaN(percent) || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("target percent must be between 0 and 100, was " + percent);
        }
        return percent;
    }
}
