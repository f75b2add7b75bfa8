package io.stressfw.orchestrator.cluster;

import io.stressfw.model.BreakerState;
import io.stressfw.model.BreakerTransition;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.Heartbeat;
import io.stressfw.model.MetricNames;
import io.stressfw.model.MetricSample;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.ServiceKind;
import io.stressfw.model.SourceKind;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.orchestrator.live.LiveFeed;
import io.stressfw.service.AwakeTime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the orchestrator knows about the rest of the system, from heartbeats, samples and breaker transitions:
 * the agents, their achieved load, the hosts' metrics, the breakers and whether safety-service is alive.
 * Times are this process's receive times, so clock skew between hosts does not matter; silences that stop something
 * (safety's heartbeat, an agent's) are measured on its awake time, so that the orchestrator's own pauses are nobody's
 * silence ({@link SafetyHeartbeatWatch}). Bounded: {@link #sweep}
 * drops agents silent for {@code agent-timeout}, and hosts and breakers silent for {@code source-retention}.
 */
@ApplicationScoped
public class ClusterState {
    /** A host or agent sample older than this no longer counts as current. */
    static final long SAMPLE_MAX_AGE_MS = 5_000;

    private final Map<String, AgentEntry> agents = new ConcurrentHashMap<>();
    private final Map<String, HostSample> hostMetrics = new ConcurrentHashMap<>();
    private final Map<String, TimedBreaker> breakers = new ConcurrentHashMap<>();
    private final LiveFeed feed;
    private final Clock clock;
    private final long agentTimeoutMs;
    private final LongSupplier awakeMs;
    private final long safetyTimeoutMs;
    private final SafetyHeartbeatWatch safetyHeartbeats;
    private final long retentionMs;
    private final long listeningSinceMs;

    /** A host's latest sample: when this process received it, and its metrics. */
    public record HostSample(long receivedMs, Map<String, Double> metrics) {
    }

    private record TimedBreaker(long receivedMs, BreakerTransition transition) {
    }

    private static final class AgentEntry {
        volatile Heartbeat heartbeat;
        volatile long lastSeenMs;
        volatile long lastSeenAwakeMs;
        volatile long lastSampleMs;
        volatile Map<String, GeneratorReading> generators = Map.of();
    }

    @Inject
    public ClusterState(LiveFeed feed, OrchestratorSettings settings, SafetyClientSettings safety, Clock clock,
                        AwakeTime awake) {
        this(feed, settings, safety, clock, awake::millis);
    }

    /** {@code awakeMs}: this process's awake time in ms (tests that move {@code clock} by hand pass it here too). */
    public ClusterState(LiveFeed feed, OrchestratorSettings settings, SafetyClientSettings safety, Clock clock,
                        LongSupplier awakeMs) {
        this.feed = feed;
        this.clock = clock;
        this.awakeMs = awakeMs;
        this.agentTimeoutMs = settings.agentTimeout().toMillis();
        this.safetyTimeoutMs = safety.heartbeatTimeout().toMillis();
        this.safetyHeartbeats = new SafetyHeartbeatWatch(awakeMs, safetyTimeoutMs);
        this.retentionMs = settings.sourceRetention().toMillis();
        this.listeningSinceMs = clock.millis();
        if (retentionMs < agentTimeoutMs) {
            throw new IllegalArgumentException("stress.orchestrator.source-retention (" + settings.sourceRetention()
                    + ") must not be shorter than stress.orchestrator.agent-timeout (" + settings.agentTimeout() + ")");
        }
    }

    public void onHeartbeat(Heartbeat heartbeat) {
        long now = clock.millis();
        if (heartbeat.kind() == ServiceKind.SAFETY) {
            safetyHeartbeats.heard(now);
        } else if (heartbeat.kind() == ServiceKind.AGENT) {
            boolean[] joined = {false};
            AgentEntry entry = agents.computeIfAbsent(heartbeat.instanceId(), id -> {
                joined[0] = true;
                return new AgentEntry();
            });
            entry.heartbeat = heartbeat;
            entry.lastSeenMs = now;
            entry.lastSeenAwakeMs = awakeMs.getAsLong();
            if (joined[0]) {
                feed.publish(agentMessage("agent_joined", view(heartbeat.instanceId(), entry)));
            }
        }
    }

    public void onSample(MetricSample sample) {
        long now = clock.millis();
        if (sample.sourceKind() == SourceKind.HOST) {
            hostMetrics.put(sample.sourceId(), new HostSample(now, sample.metrics()));
        } else {
            AgentEntry entry = agents.get(sample.sourceId());
            if (entry != null) {
                entry.generators = sample.generators();
                entry.lastSampleMs = now;
            }
        }
    }

    public void onBreaker(BreakerTransition transition) {
        breakers.put(transition.breakerId(), new TimedBreaker(clock.millis(), transition));
    }

    /**
     * Drops agents whose heartbeats stopped (and announces them as left), and hosts and breakers nothing was heard
     * of for the retention.
     */
    public void sweep() {
        long now = clock.millis();
        long awake = awakeMs.getAsLong();
        agents.forEach((id, entry) -> {
            if (awake - entry.lastSeenAwakeMs > agentTimeoutMs && agents.remove(id, entry)) {
                feed.publish(agentMessage("agent_left", view(id, entry)));
            }
        });
        hostMetrics.values().removeIf(m -> now - m.receivedMs() > retentionMs);
        breakers.values().removeIf(b -> now - b.receivedMs() > retentionMs);
    }

    /**
     * True while the orchestrator has not yet listened for a whole heartbeat timeout: that it heard no safety-service
     * and no agent yet proves nothing (a start sent the moment `./stress up` said ready met "safety-service is
     * offline" while safety's next heartbeat was under a second away).
     */
    public boolean listeningForFirstHeartbeats() {
        return clock.millis() - listeningSinceMs < Math.max(safetyTimeoutMs, agentTimeoutMs);
    }

    public boolean safetyOnline() {
        return safetyHeartbeats.online();
    }

    /** Why safety-service counts as lost (for a cycle's abort reason). */
    public String safetyLostReason() {
        return safetyHeartbeats.lostReason();
    }

    public List<AgentView> agents() {
        List<AgentView> list = new ArrayList<>();
        agents.forEach((id, entry) -> list.add(view(id, entry)));
        list.sort(Comparator.comparing(AgentView::id));
        return list;
    }

    /** The hosts whose samples are kept, sorted. */
    public List<String> hostIds() {
        return hostMetrics.keySet().stream().sorted().toList();
    }

    public List<BreakerTransition> breakers() {
        List<BreakerTransition> list = new ArrayList<>(breakers.values().stream().map(TimedBreaker::transition).toList());
        list.sort(Comparator.comparing(BreakerTransition::breakerId));
        return list;
    }

    public long openBreakers() {
        return breakers.values().stream().filter(b -> b.transition().to() != BreakerState.CLOSED).count();
    }

    /** Each host metric averaged over the hosts that sampled recently; a metric no host gives is absent. */
    public Map<String, Double> hostMetrics() {
        long now = clock.millis();
        Map<String, double[]> sums = new LinkedHashMap<>();
        hostMetrics.values().stream().filter(m -> now - m.receivedMs() <= SAMPLE_MAX_AGE_MS).forEach(m ->
                m.metrics().forEach((name, value) -> {
                    if (value != null && !value.isNaN()) {
                        double[] acc = sums.computeIfAbsent(name, k -> new double[2]);
                        acc[0] += value;
                        acc[1]++;
                    }
                }));
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((name, acc) -> means.put(name, acc[0] / acc[1]));
        return means;
    }

    /** Each host's latest sample, for the hosts that sampled recently, by host (source) id. */
    public Map<String, HostSample> latestHostSamples() {
        long now = clock.millis();
        Map<String, HostSample> recent = new LinkedHashMap<>();
        hostMetrics.forEach((host, sample) -> {
            if (now - sample.receivedMs() <= SAMPLE_MAX_AGE_MS) {
                recent.put(host, sample);
            }
        });
        return recent;
    }

    public Double memoryUsage() {
        return hostMetrics().get(MetricNames.MEMORY_USAGE);
    }

    /** Mean achieved percent per generator kind over the agents that sampled recently; null where none reported. */
    public Map<String, Double> achievedByResource() {
        Map<String, Double> result = new LinkedHashMap<>();
        for (ResourceKind kind : ResourceKind.values()) {
            result.put(kind.wireName(), meanOver(kind, false, null));
        }
        return result;
    }

    /**
     * The agents' achieved load in load percent: each weighted generator's achieved percent divided by its weight
     * (a generator runs at load x weight), averaged; null when no agent reported.
     */
    public Double achievedLoadPercent(ResourceWeights weights) {
        double sum = 0;
        int count = 0;
        for (ResourceKind kind : ResourceKind.values()) {
            double weight = weights.of(kind);
            if (weight > 0) {
                Double mean = meanOver(kind, true, weight);
                if (mean != null) {
                    sum += mean;
                    count++;
                }
            }
        }
        return count == 0 ? null : sum / count;
    }

    private Double meanOver(ResourceKind kind, boolean asLoad, Double weight) {
        long now = clock.millis();
        double sum = 0;
        int count = 0;
        for (AgentEntry entry : agents.values()) {
            if (now - entry.lastSampleMs > SAMPLE_MAX_AGE_MS) {
                continue;
            }
            GeneratorReading reading = entry.generators.get(kind.wireName());
            if (reading != null) {
                sum += asLoad ? Math.min(100, reading.achievedPercent() / weight) : reading.achievedPercent();
                count++;
            }
        }
        return count == 0 ? null : sum / count;
    }

    /** What each live agent's heartbeat says about its scope, sink, allowlist and links, by agent id. */
    public List<AgentScope> scopes() {
        List<AgentScope> scopes = new ArrayList<>();
        agents.forEach((id, entry) -> {
            Heartbeat hb = entry.heartbeat;
            if (hb != null) {
                scopes.add(AgentScope.of(id, hb.host(), hb.capabilities()));
            }
        });
        scopes.sort(Comparator.comparing(AgentScope::agentId));
        return scopes;
    }

    /** Each scope (host or container) as a whole at the given phase load: target against achieved, from recent samples. */
    public List<HostLoad> hostLoads(double load, ResourceWeights weights) {
        long now = clock.millis();
        List<HostLoad.Member> members = new ArrayList<>();
        for (AgentScope scope : scopes()) {
            AgentEntry entry = agents.get(scope.agentId());
            boolean fresh = entry != null && now - entry.lastSampleMs <= SAMPLE_MAX_AGE_MS;
            members.add(new HostLoad.Member(scope, fresh ? entry.generators : Map.of()));
        }
        return HostLoad.of(members, load, weights);
    }

    /** The links the agents report sending on, with the receiving agent where the target is another agent's sink. */
    public List<NetworkLink> networkLinks() {
        return NetworkLink.of(scopes());
    }

    /** Which agent sends to which other agent's sink, across hosts: see {@link NetworkPairing}. */
    public List<NetworkPairing.Pair> networkPairs() {
        return NetworkPairing.pair(scopes());
    }

    private static AgentView view(String id, AgentEntry entry) {
        Heartbeat hb = entry.heartbeat;
        return new AgentView(id, hb == null ? null : hb.host(), entry.lastSeenMs, hb == null ? 0 : hb.startedAtMs(),
                hb == null ? null : hb.serviceVersion(), entry.generators, hb == null ? Map.of() : hb.capabilities());
    }

    private Map<String, Object> agentMessage(String type, AgentView agent) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", type);
        message.put("timestamp_ms", clock.millis());
        message.put("agent", agent);
        return message;
    }
}
