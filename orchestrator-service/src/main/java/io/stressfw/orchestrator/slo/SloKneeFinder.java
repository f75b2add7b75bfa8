package io.stressfw.orchestrator.slo;

import io.stressfw.model.Checks;
import io.stressfw.model.Durations;
import io.stressfw.model.SloObjective;
import io.stressfw.model.SloSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges an {@link SloSpec} on the probes' latest metrics at each evaluation, per load level: a level's window starts
 * when the load moves to it, and again after a breach or a gap in the data, so that "held" always means every
 * evaluation of a whole window at that one load. The knee is the highest load held so; the load "just above" is the
 * lowest load above the knee at which an objective broke. Set the SLO's window at least as long as the probes'
 * windows, so that the statistics judged at its end were all taken at the level's load. Not thread-safe.
 */
public final class SloKneeFinder {
    /** Loads closer than this are one level (the engine's setpoints are doubles). */
    private static final double SAME_LEVEL = 0.01;

    private final SloSpec slo;
    private final long windowMs;
    private double levelLoad = Double.NaN;
    private long levelSinceMs;
    private Double knee;
    private Map<String, Double> kneeValues = Map.of();
    private final TreeMap<Double, Map<String, Double>> breaches = new TreeMap<>();
    private Double bandMin;
    private Double bandMax;

    public SloKneeFinder(SloSpec slo) {
        this.slo = Checks.notNull(slo, "slo");
        this.windowMs = slo.window().toMillis();
    }

    /** The phase's band, for the report's "no knee found within the band" (the widest band of the phases judged). */
    public void band(double min, double max) {
        bandMin = bandMin == null ? min : Math.min(bandMin, min);
        bandMax = bandMax == null ? max : Math.max(bandMax, max);
    }

    public SloState observe(long atMs, double load, Map<String, Double> metrics) {
        if (Double.isNaN(levelLoad) || Math.abs(load - levelLoad) > SAME_LEVEL) {
            levelLoad = load;
            levelSinceMs = atMs;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        boolean breached = false;
        for (Map.Entry<String, SloObjective> objective : slo.objectives().entrySet()) {
            Double value = metrics == null ? null : metrics.get(objective.getKey());
            if (value == null) {
                levelSinceMs = atMs;
                return SloState.NO_DATA;
            }
            values.put(objective.getKey(), value);
            breached |= objective.getValue().breaks(value);
        }
        if (breached) {
            breaches.merge(load, values, (old, now) -> old);
            levelSinceMs = atMs;
            return SloState.BREACHED;
        }
        if (atMs - levelSinceMs >= windowMs) {
            if (knee == null || load > knee) {
                knee = load;
                kneeValues = values;
            }
            return SloState.HELD_WINDOW;
        }
        return SloState.HOLDING;
    }

    /** The highest load held for a whole window, or null. */
    public Double kneeLoadPercent() {
        return knee;
    }

    public SloKneeResult result() {
        Map.Entry<Double, Map<String, Double>> above = knee == null ? breaches.firstEntry() : breaches.higherEntry(knee);
        String note = null;
        if (knee == null) {
            String band = bandMin == null ? "" : " " + Checks.format(bandMin) + "-" + Checks.format(bandMax) + "%";
            note = "no knee found within the band" + band + ": " + (breaches.isEmpty()
                    ? "the SLO (" + slo.describe() + ") never held for a whole " + Durations.format(slo.window())
                    + " window"
                    : "the SLO (" + slo.describe() + ") broke at every load tried, the lowest "
                    + Checks.format(round(breaches.firstKey())) + "%");
        } else if (above == null) {
            // The knee is only a lower bound then: the phase ended, or the band ran out, before the SLO broke.
            note = "the SLO held up to the highest load tried, " + Checks.format(round(knee))
                    + "%, and broke at no load above it: the knee is at least that";
        }
        return new SloKneeResult(slo.describe(), Durations.format(slo.window()), knee == null ? null : round(knee),
                knee == null ? null : kneeValues, above == null ? null : round(above.getKey()),
                above == null ? null : above.getValue(), note);
    }

    private static double round(double load) {
        return Math.round(load * 100) / 100.0;
    }
}
