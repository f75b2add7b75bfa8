package io.stressfw.metrics.baseline;

import io.stressfw.metrics.aggregation.MetricStatistics;
import io.stressfw.metrics.aggregation.StatsSummary;
import io.stressfw.model.Checks;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Collects a baseline per host over one window at a time. Host samples whose timestamp falls in the window count;
 * once the window has an end (an IDLE hold's window gets it when the hold ends, {@link #end}), it closes when a sample
 * beyond the end arrives or when the clock passes the end by {@code graceMs} (late samples still in flight). A closed
 * window replaces each host's previous baseline. Not thread-safe.
 */
public final class BaselineCollector {
    private final long graceMs;
    private BaselineWindow active;
    private final Map<String, Map<String, MetricStatistics>> collecting = new LinkedHashMap<>();
    private final Map<String, Long> sampleCounts = new LinkedHashMap<>();
    private final Map<String, HostBaseline> baselines = new LinkedHashMap<>();

    public BaselineCollector(long graceMs) {
        Checks.nonNegative(graceMs, "grace ms");
        this.graceMs = graceMs;
    }

    /** Opens a window; returns false (and changes nothing) while another one is still collecting. */
    public boolean start(BaselineWindow window) {
        Checks.notNull(window, "window");
        if (active != null) {
            return false;
        }
        active = window;
        collecting.clear();
        sampleCounts.clear();
        return true;
    }

    public Optional<BaselineWindow> active() {
        return Optional.ofNullable(active);
    }

    /** Feeds a sample; returns the baselines completed by it (empty when none). */
    public List<HostBaseline> accept(MetricSample sample) {
        if (active == null || sample.sourceKind() != SourceKind.HOST) {
            return List.of();
        }
        if (active.contains(sample.timestampMs())) {
            collecting.computeIfAbsent(sample.sourceId(), h -> new LinkedHashMap<>());
            Map<String, MetricStatistics> stats = collecting.get(sample.sourceId());
            sample.metrics().forEach((name, value) -> stats.computeIfAbsent(name, n -> new MetricStatistics()).add(value));
            sampleCounts.merge(sample.sourceId(), 1L, Long::sum);
            return List.of();
        }
        return active.ended() && sample.timestampMs() >= active.endsAtMs() ? complete() : List.of();
    }

    /** Closes the window when the clock is past its end plus the grace; returns the completed baselines. */
    public List<HostBaseline> tick(long nowMs) {
        return active != null && active.ended() && nowMs >= active.endsAtMs() + graceMs ? complete() : List.of();
    }

    /** Gives the open-ended window collecting now an end at {@code endMs}; a window that has one keeps it. */
    public void end(long endMs) {
        if (active != null && !active.ended()) {
            active = active.endingAt(endMs);
        }
    }

    private List<HostBaseline> complete() {
        BaselineWindow window = active;
        active = null;
        List<HostBaseline> done = collecting.entrySet().stream().map(e -> {
            Map<String, StatsSummary> summaries = new LinkedHashMap<>();
            e.getValue().forEach((name, stats) -> summaries.put(name, stats.summary()));
            return new HostBaseline(e.getKey(), window.startedAtMs(), window.endsAtMs(), window.reason(),
                    sampleCounts.getOrDefault(e.getKey(), 0L), summaries);
        }).toList();
        done.forEach(b -> baselines.put(b.host(), b));
        collecting.clear();
        sampleCounts.clear();
        return done;
    }

    public Map<String, HostBaseline> baselines() {
        return Map.copyOf(baselines);
    }

    public Optional<HostBaseline> baseline(String host) {
        return Optional.ofNullable(baselines.get(host));
    }

    /** Restores baselines read back from the store. */
    public void restore(Iterable<HostBaseline> stored) {
        stored.forEach(b -> baselines.put(b.host(), b));
    }
}
