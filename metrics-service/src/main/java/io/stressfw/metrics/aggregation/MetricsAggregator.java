package io.stressfw.metrics.aggregation;

import io.stressfw.metrics.baseline.BaselineCollector;
import io.stressfw.metrics.baseline.BaselineWindow;
import io.stressfw.metrics.baseline.HostBaseline;
import io.stressfw.model.Checks;
import io.stressfw.model.MetricSample;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseEventType;
import io.stressfw.model.Phase;
import io.stressfw.model.SourceKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Attributes samples to cycles and phase runs and keeps their aggregates, the latest sample per source and the
 * host baselines. A sample that names a known cycle and phase (agents do) counts for that phase's latest run; any
 * other sample counts for the phase run under way at its timestamp, falling back to the cycle and phase it names
 * when its timestamp is within {@link #CLOCK_SKEW_MS} of their windows.
 * At most {@code maxCycles} cycles are kept: the oldest finished ones go first. The latest sample of a source is kept
 * until the source has been silent for the source retention. What the store has not written yet stays pending until
 * it says so ({@link #pendingChanges()} and the {@code *Written} acknowledgements). Thread-safe (one lock).
 * Kept as one class past 300 lines because its parts share one lock and one set of cycles; the bookkeeping beside it
 * is in {@link PendingChanges} and {@link LatestSamples}.
 */
public final class MetricsAggregator {
    static final String IDLE_REASON = "idle_phase";
    /** How far a sample's timestamp may lie outside the cycle it names and still count for it. */
    static final long CLOCK_SKEW_MS = 1_000;
    private final int maxCycles;
    private final int rawSampleCap;
    private final boolean baselineOnIdle;
    private final LongSupplier clock;
    private final Map<String, CycleRecord> cycles = new LinkedHashMap<>();
    private final LatestSamples latest;
    private final BaselineCollector baselines;
    private final PendingChanges pending = new PendingChanges();
    private CycleRecord current;
    /** The cycle whose IDLE hold the baseline collecting now belongs to; null when none does. */
    private String idleBaselineCycle;

    private MetricsAggregator(Builder b) {
        this.maxCycles = b.maxCycles;
        this.rawSampleCap = b.rawSampleCap;
        this.baselineOnIdle = b.baselineOnIdle;
        this.clock = b.clock;
        this.latest = new LatestSamples(b.sourceRetentionMs);
        this.baselines = new BaselineCollector(b.baselineGraceMs);
    }

    public static Builder builder() {
        return new Builder();
    }

    public synchronized void accept(PhaseEvent event) {
        CycleRecord cycle = cycle(event.cycleId());
        if (!cycle.apply(event)) {
            return;
        }
        pending.cycleChanged(cycle.cycleId());
        if (cycle.isRunning()) {
            if (current == null || !current.isRunning()
                    || (current != cycle && lastStart(cycle) >= lastStart(current))) {
                current = cycle;
            }
        }
        if (!baselineOnIdle) {
            return;
        }
        if (event.type() == PhaseEventType.HOLD_STARTED && event.phase() == Phase.IDLE) {
            if (baselines.start(BaselineWindow.untilEnded(event.timestampMs(), IDLE_REASON))) {
                idleBaselineCycle = event.cycleId();
            }
        } else if (event.cycleId().equals(idleBaselineCycle) && endsTheIdleHold(event)) {
            baselines.end(event.timestampMs());
        }
    }

    /** IDLE's hold ends with its ramp-down or its end, with the next phase's start, or with its cycle's end. */
    private static boolean endsTheIdleHold(PhaseEvent event) {
        return switch (event.type()) {
            case RAMP_DOWN_STARTED, PHASE_COMPLETED, PHASE_ABORTED -> event.phase() == Phase.IDLE;
            case PHASE_STARTED -> event.phase() != Phase.IDLE;
            case CYCLE_COMPLETED, CYCLE_ABORTED -> true;
            default -> false;
        };
    }

    /** Baselines a window completed: an IDLE hold's become its cycle's baseline too. */
    private void completed(List<HostBaseline> done) {
        if (done.isEmpty()) {
            return;
        }
        pending.baselinesChanged();
        if (IDLE_REASON.equals(done.get(0).reason()) && idleBaselineCycle != null) {
            CycleRecord cycle = cycles.get(idleBaselineCycle);
            if (cycle != null) {
                cycle.idleBaselines(done);
                pending.cycleChanged(cycle.cycleId());
            }
        }
        idleBaselineCycle = null;
    }

    private static long lastStart(CycleRecord cycle) {
        Long started = cycle.startedAtMs();
        return started == null ? Long.MIN_VALUE : started;
    }

    public synchronized void accept(MetricSample sample) {
        latest.accept(sample, clock.getAsLong());
        completed(baselines.accept(sample));
        attribute(sample).ifPresent(target -> {
            CycleRecord cycle = target.cycle();
            target.phase().ifPresent(run -> run.add(sample));
            if (cycle.addRaw(sample)) {
                pending.rawAdded(cycle.cycleId(), sample);
            }
            pending.cycleChanged(cycle.cycleId());
        });
    }

    private record Target(CycleRecord cycle, Optional<PhaseRun> phase) {
    }

    private Optional<Target> attribute(MetricSample sample) {
        if (sample.sourceKind() == SourceKind.AGENT && sample.cycleId() != null && cycles.containsKey(sample.cycleId())) {
            CycleRecord cycle = cycles.get(sample.cycleId());
            Optional<PhaseRun> run = sample.phase() == null ? cycle.phaseAt(sample.timestampMs())
                    : cycle.latestRunOf(sample.phase());
            return Optional.of(new Target(cycle, run));
        }
        List<CycleRecord> all = new ArrayList<>(cycles.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            CycleRecord cycle = all.get(i);
            Optional<PhaseRun> run = cycle.phaseAt(sample.timestampMs());
            if (run.isPresent()) {
                return Optional.of(new Target(cycle, run));
            }
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).covers(sample.timestampMs())) {
                return Optional.of(new Target(all.get(i), Optional.empty()));
            }
        }
        // The cycle the sample names, when its timestamp is off the known timeline by no more than clock skew
        // between hosts; a sample stamped while a cycle ran but taken after it ended does not belong to it.
        if (sample.cycleId() != null && cycles.containsKey(sample.cycleId())) {
            CycleRecord cycle = cycles.get(sample.cycleId());
            if (cycle.covers(sample.timestampMs() + CLOCK_SKEW_MS) || cycle.covers(sample.timestampMs() - CLOCK_SKEW_MS)) {
                Optional<PhaseRun> run = sample.phase() == null ? Optional.empty() : cycle.latestRunOf(sample.phase())
                        .filter(r -> r.covers(sample.timestampMs() + CLOCK_SKEW_MS, cycle.endedAtMs())
                                || r.covers(sample.timestampMs() - CLOCK_SKEW_MS, cycle.endedAtMs()));
                return Optional.of(new Target(cycle, run));
            }
        }
        return Optional.empty();
    }

    private CycleRecord cycle(String cycleId) {
        CycleRecord cycle = cycles.get(cycleId);
        if (cycle == null) {
            cycle = new CycleRecord(cycleId, rawSampleCap);
            cycles.put(cycleId, cycle);
            evictBeyondLimit();
        }
        return cycle;
    }

    private void evictBeyondLimit() {
        var it = cycles.values().iterator();
        while (cycles.size() > maxCycles && it.hasNext()) {
            CycleRecord oldest = it.next();
            if (!oldest.isRunning() || cycles.size() > maxCycles * 2) {
                it.remove();
                pending.cycleEvicted(oldest.cycleId());
                if (oldest == current) {
                    current = null;
                }
            }
        }
    }

    /** Opens a baseline window; false when one is already collecting. */
    public synchronized boolean startBaseline(BaselineWindow window) {
        return baselines.start(window);
    }

    /**
     * Closes an expired baseline window and forgets the sources silent for the retention; called periodically.
     * Returns the ids of the sources forgotten.
     */
    public synchronized List<String> tick(long nowMs) {
        completed(baselines.tick(nowMs));
        return latest.forgetSilent(nowMs);
    }

    public synchronized Optional<BaselineWindow> baselineWindow() {
        return baselines.active();
    }

    public synchronized Map<String, HostBaseline> baselines() {
        return baselines.baselines();
    }

    public synchronized CurrentPhase currentPhase() {
        if (current == null || !current.isRunning()) {
            return CurrentPhase.NONE;
        }
        return current.runningPhase()
                .map(run -> new CurrentPhase(current.cycleId(), run.phase(), run.stage(), run.targetLoadPercent()))
                .orElse(new CurrentPhase(current.cycleId(), null, null, null));
    }

    /** The latest sample of every source heard within the retention, with when it arrived. */
    public synchronized Map<String, ReceivedSample> latestSamples() {
        return latest.snapshot();
    }

    public synchronized List<CycleSummary> cycles() {
        return cycles.values().stream().map(c -> new CycleSummary(c.cycleId(), c.outcome(), c.startedAtMs(),
                c.endedAtMs(), duration(c.startedAtMs(), c.endedAtMs()),
                c.phases().stream().map(PhaseRun::phase).toList(), c.rawSamplesTotal())).toList();
    }

    public synchronized Optional<CycleMetricsReport> report(String cycleId) {
        return Optional.ofNullable(cycles.get(cycleId)).map(this::report);
    }

    public synchronized Optional<List<MetricSample>> rawSamples(String cycleId) {
        return Optional.ofNullable(cycles.get(cycleId)).map(CycleRecord::rawSamples);
    }

    private CycleMetricsReport report(CycleRecord c) {
        List<PhaseReport> phases = c.phases().stream().map(run -> report(c, run)).toList();
        return new CycleMetricsReport(c.cycleId(), c.outcome(), c.reason(), c.startedAtMs(), c.endedAtMs(),
                duration(c.startedAtMs(), c.endedAtMs()), phases,
                RawSamplesInfo.of(c.rawSamplesTotal(), c.rawSamples().size(), c.rawSampleCap()), c.idleBaselines());
    }

    /**
     * A phase run's aggregates, each host metric against the cycle's own IDLE baseline when the cycle ran IDLE, else
     * against the host's latest baseline.
     */
    private PhaseReport report(CycleRecord cycle, PhaseRun run) {
        Map<String, SourceReport> sources = new LinkedHashMap<>();
        run.sources().forEach((id, stats) -> {
            Optional<HostBaseline> baseline = stats.kind() != SourceKind.HOST ? Optional.empty()
                    : Optional.ofNullable(cycle.idleBaselines().get(id)).or(() -> baselines.baseline(id));
            Map<String, MetricReport> metrics = new LinkedHashMap<>();
            stats.metrics().forEach((name, m) -> {
                StatsSummary summary = m.summary();
                Double base = baseline.map(b -> b.mean(name)).orElse(null);
                Double over = base == null || summary.mean() == null ? null : summary.mean() - base;
                metrics.put(name, new MetricReport(summary, base, over));
            });
            sources.put(id, new SourceReport(stats.kind(), stats.host(), metrics));
        });
        return new PhaseReport(run.phase(), run.run(), run.outcome(), run.stage(), run.reason(),
                run.targetLoadPercent(), run.loadAdjustments(), run.samples(), run.timings(), sources,
                run.generatorSummaries());
    }

    private static Double duration(Long from, Long to) {
        return from == null || to == null ? null : Math.max(0, to - from) / 1000.0;
    }

    /** Everything the store has not written yet, as it is now; nothing is cleared until acknowledged. */
    public synchronized AggregatorChanges pendingChanges() {
        return pending.snapshot(id -> cycles.get(id).state(), () -> List.copyOf(baselines.baselines().values()));
    }

    /** The store wrote the cycle's state at {@code version}; a later change stays pending. */
    public synchronized void stateWritten(String cycleId, long version) {
        pending.stateWritten(cycleId, version);
    }

    /** The store appended the first {@code count} pending raw samples of the cycle. */
    public synchronized void rawSamplesWritten(String cycleId, int count) {
        pending.rawWritten(cycleId, count);
    }

    /** The store deleted the evicted cycle. */
    public synchronized void evictionWritten(String cycleId) {
        pending.evictionWritten(cycleId);
    }

    public synchronized void baselinesWritten(long version) {
        pending.baselinesWritten(version);
    }

    public synchronized boolean hasPendingChanges() {
        return !pending.isEmpty();
    }

    /** Raw samples waiting for the store (bounded: at most the raw sample cap of each cycle). */
    public synchronized int rawSamplesWaiting() {
        return pending.rawWaiting();
    }

    /**
     * Restores what the store kept; call before any event or sample arrives. What was restored is already stored and
     * is not pending; if more than {@code maxCycles} were given, the oldest finished ones are evicted (and their
     * deletion is pending).
     */
    public synchronized void restore(List<CycleRecord.State> storedCycles, Map<String, List<MetricSample>> storedRaw,
                                     List<HostBaseline> storedBaselines) {
        storedCycles.stream()
                .sorted(Comparator.comparingLong(s -> s.startedAtMs() == null ? 0 : s.startedAtMs()))
                .forEach(state -> {
                    CycleRecord cycle = CycleRecord.fromState(state);
                    storedRaw.getOrDefault(state.cycleId(), List.of()).forEach(cycle::restoreRaw);
                    cycles.put(cycle.cycleId(), cycle);
                    if (cycle.isRunning() && (current == null || lastStart(cycle) >= lastStart(current))) {
                        current = cycle;
                    }
                });
        evictBeyondLimit();
        baselines.restore(storedBaselines);
    }

    /** Settings with checked setters; every one has a default. */
    public static final class Builder {
        private int maxCycles = 20;
        private int rawSampleCap = 20_000;
        private boolean baselineOnIdle;
        private long baselineGraceMs;
        private long sourceRetentionMs = 600_000;
        private LongSupplier clock = System::currentTimeMillis;

        private Builder() {
        }

        /** Cycles kept (default 20); the oldest finished go first. */
        public Builder maxCycles(int value) {
            Checks.positive(value, "max cycles");
            maxCycles = value;
            return this;
        }

        /** Raw samples kept per cycle (default 20000). */
        public Builder rawSampleCap(int value) {
            Checks.nonNegative(value, "raw sample cap");
            rawSampleCap = value;
            return this;
        }

        /**
         * Whether an IDLE phase's hold is collected as its cycle's baseline, from the hold's start to its end whatever
         * its length (default off).
         */
        public Builder baselineOnIdle(boolean value) {
            baselineOnIdle = value;
            return this;
        }

        /** How long after a baseline window's end late samples may still arrive (default 0). */
        public Builder baselineGraceMs(long value) {
            Checks.nonNegative(value, "baseline grace ms");
            baselineGraceMs = value;
            return this;
        }

        /** A source nothing arrived from for this long is forgotten (default 10 min). */
        public Builder sourceRetentionMs(long value) {
            Checks.positive(value, "source retention ms");
            sourceRetentionMs = value;
            return this;
        }

        /** This instance's clock, for arrival times (default the system clock). */
        public Builder clock(LongSupplier value) {
            clock = Checks.notNull(value, "clock");
            return this;
        }

        public MetricsAggregator build() {
            return new MetricsAggregator(this);
        }
    }
}
