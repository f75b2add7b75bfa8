package io.stressfw.metrics.aggregation;

import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of a phase within a cycle: its timeline as announced by phase events and the statistics of every sample
 * attributed to it. Not thread-safe.
 */
public final class PhaseRun {
    private final Phase phase;
    private final int run;
    private final long startedAtMs;
    private Long holdStartedAtMs;
    private Long rampDownStartedAtMs;
    private Long endedAtMs;
    private PhaseOutcome outcome = PhaseOutcome.RUNNING;
    private String reason;
    private Double plannedRampUpSeconds;
    private Double plannedHoldSeconds;
    private Double plannedRampDownSeconds;
    private Double targetLoadPercent;
    private int loadAdjustments;
    private long samples;
    private final Map<String, SourceStatistics> sources = new LinkedHashMap<>();
    private final Map<String, Map<String, GeneratorTracking>> generators = new LinkedHashMap<>();

    public PhaseRun(Phase phase, int run, long startedAtMs) {
        Checks.notNull(phase, "phase");
        Checks.positive(run, "run");
        this.phase = phase;
        this.run = run;
        this.startedAtMs = startedAtMs;
    }

    public Phase phase() {
        return phase;
    }

    public int run() {
        return run;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    public Long endedAtMs() {
        return endedAtMs;
    }

    public boolean isRunning() {
        return outcome == PhaseOutcome.RUNNING;
    }

    /** Ramp-up, hold or ramp-down: where in the phase a running phase is now. */
    public String stage() {
        if (!isRunning()) {
            return outcome.wireName();
        }
        return rampDownStartedAtMs != null ? "ramp_down" : holdStartedAtMs != null ? "hold" : "ramp_up";
    }

    public boolean covers(long timestampMs, Long cycleEndMs) {
        Long end = endedAtMs != null ? endedAtMs : cycleEndMs;
        return timestampMs >= startedAtMs && (end == null || timestampMs <= end);
    }

    public void plan(Double rampUpSeconds, Double holdSeconds, Double rampDownSeconds) {
        if (rampUpSeconds != null) {
            plannedRampUpSeconds = rampUpSeconds;
        }
        if (holdSeconds != null) {
            plannedHoldSeconds = holdSeconds;
        }
        if (rampDownSeconds != null) {
            plannedRampDownSeconds = rampDownSeconds;
        }
    }

    public void target(Double percent) {
        if (percent != null) {
            targetLoadPercent = percent;
        }
    }

    public void holdStarted(long atMs) {
        holdStartedAtMs = atMs;
    }

    public void rampDownStarted(long atMs) {
        rampDownStartedAtMs = atMs;
    }

    public void loadAdjusted(Double percent) {
        loadAdjustments++;
        target(percent);
    }

    public void end(long atMs, PhaseOutcome how, String why) {
        if (how == PhaseOutcome.RUNNING) {
            throw new IllegalArgumentException("a phase ends completed or aborted");
        }
        if (isRunning()) {
            endedAtMs = Math.max(atMs, startedAtMs);
            outcome = how;
            reason = why;
        }
    }

    public void add(MetricSample sample) {
        samples++;
        sources.computeIfAbsent(sample.sourceId(), id -> new SourceStatistics(sample.sourceKind(), sample.host()))
                .add(sample.metrics());
        for (Map.Entry<String, GeneratorReading> g : sample.generators().entrySet()) {
            generators.computeIfAbsent(sample.sourceId(), id -> new LinkedHashMap<>())
                    .computeIfAbsent(g.getKey(), k -> new GeneratorTracking()).add(g.getValue());
        }
    }

    public Map<String, SourceStatistics> sources() {
        return sources;
    }

    public long samples() {
        return samples;
    }

    public PhaseTimings timings() {
        Long holdEnd = rampDownStartedAtMs != null ? rampDownStartedAtMs : endedAtMs;
        return new PhaseTimings(startedAtMs, holdStartedAtMs, rampDownStartedAtMs, endedAtMs,
                Timing.of(plannedRampUpSeconds, startedAtMs, holdStartedAtMs),
                Timing.of(plannedHoldSeconds, holdStartedAtMs, holdEnd),
                Timing.of(plannedRampDownSeconds, rampDownStartedAtMs, endedAtMs),
                Timing.of(sum(plannedRampUpSeconds, plannedHoldSeconds, plannedRampDownSeconds), startedAtMs, endedAtMs));
    }

    private static Double sum(Double a, Double b, Double c) {
        return a == null || b == null || c == null ? null : a + b + c;
    }

    public Map<String, Map<String, GeneratorSummary>> generatorSummaries() {
        Map<String, Map<String, GeneratorSummary>> out = new LinkedHashMap<>();
        generators.forEach((agent, gens) -> {
            Map<String, GeneratorSummary> perGenerator = new LinkedHashMap<>();
            gens.forEach((name, tracking) -> perGenerator.put(name, tracking.summary()));
            out.put(agent, perGenerator);
        });
        return out;
    }

    public PhaseOutcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    public Double targetLoadPercent() {
        return targetLoadPercent;
    }

    public int loadAdjustments() {
        return loadAdjustments;
    }

    public State state() {
        Map<String, SourceStatistics.State> sourceStates = new LinkedHashMap<>();
        sources.forEach((k, v) -> sourceStates.put(k, v.state()));
        Map<String, Map<String, GeneratorTracking.State>> generatorStates = new LinkedHashMap<>();
        generators.forEach((agent, gens) -> {
            Map<String, GeneratorTracking.State> m = new LinkedHashMap<>();
            gens.forEach((k, v) -> m.put(k, v.state()));
            generatorStates.put(agent, m);
        });
        return new State(phase, run, startedAtMs, holdStartedAtMs, rampDownStartedAtMs, endedAtMs, outcome, reason,
                plannedRampUpSeconds, plannedHoldSeconds, plannedRampDownSeconds, targetLoadPercent, loadAdjustments,
                samples, sourceStates, generatorStates);
    }

    public static PhaseRun fromState(State s) {
        PhaseRun run = new PhaseRun(s.phase(), s.run(), s.startedAtMs());
        run.holdStartedAtMs = s.holdStartedAtMs();
        run.rampDownStartedAtMs = s.rampDownStartedAtMs();
        run.endedAtMs = s.endedAtMs();
        run.outcome = s.outcome() == null ? PhaseOutcome.RUNNING : s.outcome();
        run.reason = s.reason();
        run.plan(s.plannedRampUpSeconds(), s.plannedHoldSeconds(), s.plannedRampDownSeconds());
        run.targetLoadPercent = s.targetLoadPercent();
        run.loadAdjustments = s.loadAdjustments();
        run.samples = s.samples();
        if (s.sources() != null) {
            s.sources().forEach((k, v) -> run.sources.put(k, SourceStatistics.fromState(v)));
        }
        if (s.generators() != null) {
            s.generators().forEach((agent, gens) -> {
                Map<String, GeneratorTracking> m = new LinkedHashMap<>();
                gens.forEach((k, v) -> m.put(k, GeneratorTracking.fromState(v)));
                run.generators.put(agent, m);
            });
        }
        return run;
    }

    public record State(Phase phase, int run, long startedAtMs, Long holdStartedAtMs, Long rampDownStartedAtMs,
                        Long endedAtMs, PhaseOutcome outcome, String reason, Double plannedRampUpSeconds,
                        Double plannedHoldSeconds, Double plannedRampDownSeconds, Double targetLoadPercent,
                        int loadAdjustments, long samples, Map<String, SourceStatistics.State> sources,
                        Map<String, Map<String, GeneratorTracking.State>> generators) {
    }
}
