package io.stressfw.orchestrator.adaptive;

import io.stressfw.model.Checks;

import java.util.ArrayDeque;

/**
 * The agents' achieved load as an adaptive evaluation judges it: the mean of the readings over the last
 * {@code span} before the evaluation, not the one reading at it. In host scope a reading is the host's CPU over the
 * agents' last 100 ms control step, and on a real host (the platform, the service under test and its probes beside
 * the load) it swings by tens of points from one step to the next: measured at a target of 62.5 %, readings of 40
 * to 81 %, and a climb judged on one of them backed off at random (a 40 is a shortfall of 0.36). The span ends at
 * the evaluation and is shorter than the interval between two, so that it starts after the agents took up the load
 * the last evaluation set. Not thread-safe: the engine calls it under its lock.
 */
public final class AchievedLoadWindow {
    private final long spanMs;
    private final ArrayDeque<Reading> readings = new ArrayDeque<>();

    public AchievedLoadWindow(long spanMs) {
        Checks.positive(spanMs, "achieved load span");
        this.spanMs = spanMs;
    }

    /** A reading taken at {@code atMs}; null (nothing measured) is left out. */
    public void add(long atMs, Double achievedPercent) {
        if (achievedPercent == null) {
            return;
        }
        readings.addLast(new Reading(atMs, achievedPercent));
        dropBefore(atMs - spanMs);
    }

    /** The mean of the readings in the span ending at {@code atMs}, or null when there were none. */
    public Double mean(long atMs) {
        dropBefore(atMs - spanMs);
        if (readings.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Reading reading : readings) {
            sum += reading.percent();
        }
        return sum / readings.size();
    }

    public void clear() {
        readings.clear();
    }

    private void dropBefore(long fromMs) {
        while (!readings.isEmpty() && readings.peekFirst().atMs() < fromMs) {
            readings.removeFirst();
        }
    }

    private record Reading(long atMs, double percent) {
    }
}
