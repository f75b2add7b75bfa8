package io.stressfw.orchestrator.live;

import io.stressfw.model.MetricNames;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.cycle.CycleService;
import io.stressfw.orchestrator.probe.ProbeReadings;
import io.stressfw.orchestrator.cycle.CycleState;
import io.stressfw.orchestrator.cycle.EngineSnapshot;
import io.stressfw.orchestrator.cycle.PhasePlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the state document (GET /status, the first /ws message) and the real_time_update messages. */
@ApplicationScoped
public class StatusView {
    private final CycleService cycles;
    private final ClusterState cluster;

    private final Clock clock;
    private final ProbeReadings probes;

    @Inject
    public StatusView(CycleService cycles, ClusterState cluster, Clock clock, ProbeReadings probes) {
        this.probes = probes;
        this.cycles = cycles;
        this.cluster = cluster;
        this.clock = clock;
    }

    public Map<String, Object> status() {
        EngineSnapshot s = cycles.snapshot();
        boolean active = s != null && (s.state() == CycleState.RUNNING || s.state() == CycleState.STOPPING);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("state", active ? s.state().wireName() : "idle");
        status.put("cycle_id", active ? s.cycleId() : null);
        status.put("current_phase", active ? s.phase().wireName() : null);
        status.put("stage", active ? s.stage().wireName() : null);
        status.put("current_load_percent", active ? s.currentLoadPercent() : 0.0);
        status.put("target_load_percent", active ? s.targetLoadPercent() : 0.0);
        status.put("phase_progress", active ? s.phaseProgress() : 0.0);
        status.put("phase_elapsed_seconds", active ? s.phaseElapsedSeconds() : 0.0);
        status.put("phase_remaining_seconds", active ? s.phaseRemainingSeconds() : 0.0);
        status.put("phase_index", active ? s.phaseIndex() : null);
        status.put("knee_load_percent", s == null ? null : s.kneeLoadPercent());
        status.put("phases", active ? plan(cycles.currentPlan()) : List.of());
        status.put("agents", cluster.agents());
        status.put("hosts", cluster.hostLoads(active ? s.currentLoadPercent() : 0,
                active ? s.weights() : new ResourceWeights(0, 0, 0, 0)));
        status.put("network_links", cluster.networkLinks());
        status.put("breakers", cluster.breakers());
        status.put("safety_online", cluster.safetyOnline());
        CycleService.LastCycle last = cycles.lastCycle();
        status.put("last_cycle_id", last.cycleId());
        status.put("last_outcome", last.outcome());
        return status;
    }

    public Map<String, Object> stateMessage() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "state");
        message.put("timestamp_ms", clock.millis());
        message.putAll(status());
        return message;
    }

    public Map<String, Object> realTimeUpdate() {
        EngineSnapshot s = cycles.snapshot();
        boolean active = s != null && (s.state() == CycleState.RUNNING || s.state() == CycleState.STOPPING);
        double load = active ? s.currentLoadPercent() : 0;
        ResourceWeights weights = active ? s.weights() : new ResourceWeights(0, 0, 0, 0);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "real_time_update");
        message.put("timestamp_ms", clock.millis());
        message.put("cycle_id", active ? s.cycleId() : null);
        message.put("phase", active ? s.phase().wireName() : null);
        message.put("state", active ? s.state().wireName() : "idle");
        message.put("current_load_percent", load);
        message.put("target_load_percent", active ? s.targetLoadPercent() : 0.0);
        message.put("phase_progress", active ? s.phaseProgress() : 0.0);
        Map<String, Double> host = cluster.hostMetrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(MetricNames.CPU_USAGE, host.get(MetricNames.CPU_USAGE));
        metrics.put(MetricNames.MEMORY_USAGE, host.get(MetricNames.MEMORY_USAGE));
        host.forEach(metrics::putIfAbsent);
        message.put("metrics", metrics);
        message.put("achieved", cluster.achievedByResource());
        Map<String, Object> target = new LinkedHashMap<>();
        for (ResourceKind kind : ResourceKind.values()) {
            target.put(kind.wireName(), Math.round(load * weights.of(kind) * 100) / 100.0);
        }
        message.put("target", target);
        message.put("hosts", cluster.hostLoads(load, weights));
        message.put("network_links", cluster.networkLinks());
        message.put("agents", cluster.agents().size());
        message.put("safety_online", cluster.safetyOnline());
        // The plan's probes of the user's service (probe.<name>.<stat>), charted beside the load.
        message.put("probes", probes.all());
        return message;
    }

    private static List<Map<String, Object>> plan(List<PhasePlan> plan) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (PhasePlan p : plan) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("phase", p.phase().wireName());
            m.put("min_load", p.spec().minLoad());
            m.put("max_load", p.spec().maxLoad());
            m.put("target_load_percent", p.spec().effectiveTarget());
            m.put("duration_seconds", p.spec().durationSeconds());
            m.put("ramp_up_seconds", p.spec().rampUpSeconds());
            m.put("ramp_down_seconds", p.spec().rampDownSeconds());
            m.put("weights", p.spec().weights());
            m.put("ramping_strategy", p.spec().rampingStrategy().wireName());
            m.put("adaptive", p.spec().adaptive());
            list.add(m);
        }
        return list;
    }
}
