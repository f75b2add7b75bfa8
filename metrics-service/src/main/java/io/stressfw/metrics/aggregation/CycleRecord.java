package io.stressfw.metrics.aggregation;

import io.stressfw.model.Checks;
import io.stressfw.model.MetricSample;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseEvent;
import io.stressfw.model.PhaseStartedDetails;

import io.stressfw.metrics.baseline.HostBaseline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything known about one cycle: its phase runs in the order they started and the raw samples attributed to it,
 * capped at {@code rawSampleCap} (the first ones are kept; the total says how many arrived). Not thread-safe.
 */
public final class CycleRecord {
    private final String cycleId;
    private final int rawSampleCap;
    private Long startedAtMs;
    private Long endedAtMs;
    private PhaseOutcome outcome = PhaseOutcome.RUNNING;
    private String reason;
    private long lastActivityMs;
    private final List<PhaseRun> phases = new ArrayList<>();
    private final List<MetricSample> rawSamples = new ArrayList<>();
    private long rawSamplesTotal;
    private final Set<String> seenEventIds = new LinkedHashSet<>();
    /** The cycle's own baseline per host: its IDLE phase's hold. */
    private final Map<String, HostBaseline> idleBaselines = new TreeMap<>();

    public CycleRecord(String cycleId, int rawSampleCap) {
        Checks.notBlank(cycleId, "cycle id");
        Checks.nonNegative(rawSampleCap, "raw sample cap");
        this.cycleId = cycleId;
        this.rawSampleCap = rawSampleCap;
    }

    public String cycleId() {
        return cycleId;
    }

    /**
     * Applies a phase event. Returns false for an event already applied (a replay after a restart), so that
     * replays never add a second phase run.
     */
    public boolean apply(PhaseEvent event) {
        if (!event.cycleId().equals(cycleId)) {
            throw new IllegalArgumentException("event of cycle " + event.cycleId() + " applied to cycle " + cycleId);
        }
        if (!seenEventIds.add(event.eventId())) {
            return false;
        }
        long at = event.timestampMs();
        lastActivityMs = Math.max(lastActivityMs, at);
        switch (event.type()) {
            case CYCLE_STARTED -> startedAtMs = startedAtMs == null ? at : Math.min(startedAtMs, at);
            case PHASE_STARTED -> {
                if (event.phase() != null) {
                    if (startedAtMs == null) {
                        startedAtMs = at;
                    }
                    runningPhase().ifPresent(p -> p.end(at, PhaseOutcome.COMPLETED, "next phase started"));
                    int run = (int) phases.stream().filter(p -> p.phase() == event.phase()).count() + 1;
                    PhaseRun phaseRun = new PhaseRun(event.phase(), run, at);
                    phaseRun.target(event.targetLoadPercent());
                    PhaseStartedDetails planned = event.details(PhaseStartedDetails.class);
                    phaseRun.plan(planned.plannedRampUpSeconds(), planned.plannedDurationSeconds(),
                            planned.plannedRampDownSeconds());
                    phases.add(phaseRun);
                }
            }
            case HOLD_STARTED -> phaseFor(event).ifPresent(p -> {
                p.holdStarted(at);
                p.target(event.targetLoadPercent());
            });
            case RAMP_DOWN_STARTED -> phaseFor(event).ifPresent(p -> p.rampDownStarted(at));
            case LOAD_ADJUSTED -> phaseFor(event).ifPresent(p -> p.loadAdjusted(event.targetLoadPercent()));
            case PHASE_COMPLETED -> phaseFor(event).ifPresent(p -> p.end(at, PhaseOutcome.COMPLETED, event.reason()));
            case PHASE_ABORTED -> phaseFor(event).ifPresent(p -> p.end(at, PhaseOutcome.ABORTED, event.reason()));
            case CYCLE_COMPLETED -> end(at, PhaseOutcome.COMPLETED, event.reason());
            case CYCLE_ABORTED -> end(at, PhaseOutcome.ABORTED, event.reason());
        }
        return true;
    }

    private void end(long at, PhaseOutcome how, String why) {
        runningPhase().ifPresent(p -> p.end(at, how, why == null ? "cycle ended" : why));
        if (outcome == PhaseOutcome.RUNNING) {
            endedAtMs = at;
            outcome = how;
            reason = why;
        }
    }

    /** The run an event refers to: the latest run of the event's phase, or the running phase when it names none. */
    private Optional<PhaseRun> phaseFor(PhaseEvent event) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            PhaseRun run = phases.get(i);
            if (event.phase() == null ? run.isRunning() : run.phase() == event.phase()) {
                return Optional.of(run);
            }
        }
        return Optional.empty();
    }

    public Optional<PhaseRun> runningPhase() {
        if (phases.isEmpty() || !phases.get(phases.size() - 1).isRunning()) {
            return Optional.empty();
        }
        return Optional.of(phases.get(phases.size() - 1));
    }

    /** The phase run that was under way at the timestamp, if any. */
    public Optional<PhaseRun> phaseAt(long timestampMs) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (phases.get(i).covers(timestampMs, endedAtMs)) {
                return Optional.of(phases.get(i));
            }
        }
        return Optional.empty();
    }

    /** The latest run of a phase (for samples that name their phase). */
    public Optional<PhaseRun> latestRunOf(Phase phase) {
        for (int i = phases.size() - 1; i >= 0; i--) {
            if (phases.get(i).phase() == phase) {
                return Optional.of(phases.get(i));
            }
        }
        return Optional.empty();
    }

    public boolean covers(long timestampMs) {
        Long start = startedAtMs != null ? startedAtMs : phases.isEmpty() ? null : phases.get(0).startedAtMs();
        return start != null && timestampMs >= start && (endedAtMs == null || timestampMs <= endedAtMs);
    }

    /** Adds a sample to the raw log; returns true when it was kept (under the cap). */
    public boolean addRaw(MetricSample sample) {
        rawSamplesTotal++;
        lastActivityMs = Math.max(lastActivityMs, sample.timestampMs());
        if (rawSamples.size() < rawSampleCap) {
            rawSamples.add(sample);
            return true;
        }
        return false;
    }

    /** Restores a raw sample read back from the store, without counting it again. */
    public void restoreRaw(MetricSample sample) {
        if (rawSamples.size() < rawSampleCap) {
            rawSamples.add(sample);
        }
    }

    public List<MetricSample> rawSamples() {
        return List.copyOf(rawSamples);
    }

    public long rawSamplesTotal() {
        return rawSamplesTotal;
    }

    public int rawSampleCap() {
        return rawSampleCap;
    }

    public List<PhaseRun> phases() {
        return phases;
    }

    public boolean isRunning() {
        return outcome == PhaseOutcome.RUNNING;
    }

    public PhaseOutcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    public Long startedAtMs() {
        return startedAtMs != null ? startedAtMs : phases.isEmpty() ? null : phases.get(0).startedAtMs();
    }

    public Long endedAtMs() {
        return endedAtMs;
    }

    public long lastActivityMs() {
        return lastActivityMs;
    }

    /** The baselines IDLE's hold left, by host; empty when the cycle ran no IDLE (or it has not ended yet). */
    public Map<String, HostBaseline> idleBaselines() {
        return Collections.unmodifiableMap(idleBaselines);
    }

    public void idleBaselines(List<HostBaseline> baselines) {
        baselines.forEach(b -> idleBaselines.put(b.host(), b));
    }

    /** The persisted state; raw samples are stored separately (append-only), so they are not part of it. */
    public State state() {
        return new State(cycleId, rawSampleCap, startedAtMs, endedAtMs, outcome, reason, lastActivityMs,
                phases.stream().map(PhaseRun::state).toList(), rawSamplesTotal, List.copyOf(seenEventIds),
                Map.copyOf(idleBaselines));
    }

    public static CycleRecord fromState(State s) {
        CycleRecord cycle = new CycleRecord(s.cycleId(), s.rawSampleCap());
        cycle.startedAtMs = s.startedAtMs();
        cycle.endedAtMs = s.endedAtMs();
        cycle.outcome = s.outcome() == null ? PhaseOutcome.RUNNING : s.outcome();
        cycle.reason = s.reason();
        cycle.lastActivityMs = s.lastActivityMs();
        if (s.phases() != null) {
            s.phases().forEach(p -> cycle.phases.add(PhaseRun.fromState(p)));
        }
        cycle.rawSamplesTotal = s.rawSamplesTotal();
        if (s.seenEventIds() != null) {
            cycle.seenEventIds.addAll(s.seenEventIds());
        }
        if (s.idleBaselines() != null) {
            cycle.idleBaselines.putAll(s.idleBaselines());
        }
        return cycle;
    }

    /** {@code idleBaselines} is null in a state written before the cycles kept their own baseline. */
    public record State(String cycleId, int rawSampleCap, Long startedAtMs, Long endedAtMs, PhaseOutcome outcome,
                        String reason, long lastActivityMs, List<PhaseRun.State> phases, long rawSamplesTotal,
                        List<String> seenEventIds, Map<String, HostBaseline> idleBaselines) {
    }
}
