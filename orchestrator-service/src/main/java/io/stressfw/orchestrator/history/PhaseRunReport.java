package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.stressfw.model.Checks;
import io.stressfw.orchestrator.cluster.HostLoad;
import io.stressfw.orchestrator.cluster.NetworkLink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.stressfw.orchestrator.history.CycleRunReport.ABORTED;
import static io.stressfw.orchestrator.history.CycleRunReport.COMPLETED;
import static io.stressfw.orchestrator.history.CycleRunReport.RUNNING;
import static io.stressfw.orchestrator.history.CycleRunReport.UNDER_TARGET;

/**
 * One phase as it ran: its timestamps, target, mean achieved load, knee and outcome ({@code completed},
 * {@code under_target}, {@code aborted}), and over its hold the target against the achieved load per resource
 * and each host's metrics; per scope (host) the target against the mean achieved load of the host as a whole, and the
 * mean Mbps of each network link.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class PhaseRunReport {
    private String phase;
    private long startedAtMs;
    private Long holdStartedAtMs;
    private Long rampDownStartedAtMs;
    private Long endedAtMs;
    private Double durationSeconds;
    private String outcome;
    private Double targetLoadPercent;
    /** Mean achieved load (load percent) over the hold, or over the whole phase when it never held. */
    private Double achievedLoadPercent;
    private Double kneeLoadPercent;
    /** Weighted resources: the mean target and achieved percent over the hold, and the verdict of each. */
    private Map<String, ResourceResult> resources;
    /** Per host and metric, over the hold: count, mean, p95, max and the IDLE baseline. */
    private Map<String, Map<String, HostMetricSummary>> hostMetrics;
    /** Why the phase is {@code under_target}; null otherwise. */
    private String verdictReason;
    /** An adaptive phase that found no knee says so here. */
    private String kneeNote;
    /** Per scope (host, or container), means over the hold (or the phase when it never held). */
    private List<HostLoad> hosts = new ArrayList<>();
    private List<NetworkLink> networkLinks = new ArrayList<>();

    private PhaseRunReport() {
    }

    public List<HostLoad> hosts() {
        return Collections.unmodifiableList(hosts);
    }

    public List<NetworkLink> networkLinks() {
        return Collections.unmodifiableList(networkLinks);
    }

    /** The phase's per-host and per-link means; empty lists when nothing was measured leave the previous ones. */
    public void scopesMeasured(List<HostLoad> hosts, List<NetworkLink> links) {
        if (!hosts.isEmpty()) {
            this.hosts = new ArrayList<>(hosts);
        }
        if (!links.isEmpty()) {
            this.networkLinks = new ArrayList<>(links);
        }
    }

    static PhaseRunReport started(String phase, long atMs, Double targetLoadPercent) {
        PhaseRunReport run = new PhaseRunReport();
        run.phase = phase;
        run.startedAtMs = atMs;
        run.targetLoadPercent = targetLoadPercent;
        run.outcome = RUNNING;
        return run;
    }

    public String phase() {
        return phase;
    }

    public long startedAtMs() {
        return startedAtMs;
    }

    public Long holdStartedAtMs() {
        return holdStartedAtMs;
    }

    public Long rampDownStartedAtMs() {
        return rampDownStartedAtMs;
    }

    public Long endedAtMs() {
        return endedAtMs;
    }

    public Double durationSeconds() {
        return durationSeconds;
    }

    public String outcome() {
        return outcome;
    }

    public Double targetLoadPercent() {
        return targetLoadPercent;
    }

    public Double achievedLoadPercent() {
        return achievedLoadPercent;
    }

    public Double kneeLoadPercent() {
        return kneeLoadPercent;
    }

    public Map<String, ResourceResult> resources() {
        return resources;
    }

    public Map<String, Map<String, HostMetricSummary>> hostMetrics() {
        return hostMetrics;
    }

    public String verdictReason() {
        return verdictReason;
    }

    public String kneeNote() {
        return kneeNote;
    }

    /**
     * What the hold measured. A completed phase whose resources did not all reach their target (within the
     * tolerance) becomes {@code under_target}, and {@code verdictReason} says which and by how much.
     */
    public void measured(Map<String, ResourceResult> resources, Map<String, Map<String, HostMetricSummary>> hostMetrics) {
        this.resources = resources;
        this.hostMetrics = hostMetrics;
        List<String> shortfalls = new ArrayList<>();
        resources.forEach((kind, result) -> {
            if (result.failed()) {
                shortfalls.add(result.achievedPercent() == null
                        ? kind + " not reported by any agent during the hold"
                        : result.reachedLate()
                        ? kind + " came within " + Checks.format(result.tolerancePoints()) + " points of its target of "
                        + Checks.format(result.targetPercent()) + " % only " + Checks.format(result.reachedAfterSeconds())
                        + " s into a hold of " + Checks.format(result.holdSeconds()) + " s"
                        : kind + " achieved " + Checks.format(result.achievedPercent()) + " % against a target of "
                        + Checks.format(result.targetPercent()) + " % (tolerance " + Checks.format(result.tolerancePoints())
                        + " points)");
            }
        });
        if (COMPLETED.equals(outcome) && !shortfalls.isEmpty()) {
            outcome = UNDER_TARGET;
            verdictReason = String.join(", ", shortfalls);
        }
    }

    public void noKneeFound(String note) {
        this.kneeNote = note;
    }

    public void holdStarted(long atMs) {
        this.holdStartedAtMs = atMs;
    }

    public void rampDownStarted(long atMs) {
        this.rampDownStartedAtMs = atMs;
    }

    public void targetAdjusted(Double targetLoadPercent) {
        this.targetLoadPercent = targetLoadPercent;
    }

    /** {@code achievedLoadPercent} null: nothing was measured, the previous value stays. */
    public void ended(long atMs, boolean completed, Double targetLoadPercent, Double achievedLoadPercent,
                      Double kneeLoadPercent) {
        this.endedAtMs = atMs;
        this.durationSeconds = (atMs - startedAtMs) / 1000.0;
        this.outcome = completed ? COMPLETED : ABORTED;
        this.targetLoadPercent = targetLoadPercent;
        if (achievedLoadPercent != null) {
            this.achievedLoadPercent = achievedLoadPercent;
        }
        this.kneeLoadPercent = kneeLoadPercent;
    }
}
