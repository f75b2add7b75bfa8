package io.stressfw.safety.preflight;

import io.stressfw.model.Checks;
import io.stressfw.model.MetricNames;
import io.stressfw.model.ProbeMetricNames;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.safety.rule.GlobalOverride;
import io.stressfw.safety.rule.RuleCondition;
import io.stressfw.safety.rule.ThresholdRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.stressfw.safety.rule.ValueFormat.twoDecimals;

/**
 * "Are the hosts fit for a cycle?", answered from a {@link Snapshot} of what safety knows, without touching it: host
 * samples seen recently (and from each requested host); every throttle/stop rule in force plus the planned phases'
 * rules not broken on each recent host, judged as the engine judges them by replaying the host's recent samples
 * through the rule's window (so one start-up spike does not make a host unfit for a {@code for 2s} rule); free
 * memory and disk above the minimums; and no OPEN breaker that still stands ({@link BreakerStanding}). Fit only
 * when every check passed. Warnings: rules that cannot protect a host (it does not report their metric), global
 * rules a planned phase overrides, planned phases whose CPU load reaches a global CPU limit without an override.
 */
public final class Preflight {
    private final long sampleMaxAgeMs;
    private final double minMemoryFreePercent;
    private final double minDiskFreePercent;

    /** {@code sampleMaxAge}: a host sample younger than this counts as recent; the minimums are in percent. */
    public Preflight(Duration sampleMaxAge, double minMemoryFreePercent, double minDiskFreePercent) {
        this.sampleMaxAgeMs = Checks.notNull(sampleMaxAge, "sample max age").toMillis();
        this.minMemoryFreePercent = Checks.between(minMemoryFreePercent, 0, 100, "min memory free percent");
        this.minDiskFreePercent = Checks.between(minDiskFreePercent, 0, 100, "min disk free percent");
    }

    /**
     * What safety knows at {@code nowMs}: every source's latest (and each host's recent) samples, the rules in force,
     * the global rules (some of which a running phase may replace) and the OPEN breakers as they stand.
     */
    public record Snapshot(long nowMs, List<SourceReading> sources, List<ThresholdRule> rulesInForce,
                           List<ThresholdRule> globalRules, List<BreakerStanding> openBreakers) {
        public Snapshot {
            sources = List.copyOf(sources);
            rulesInForce = List.copyOf(rulesInForce);
            globalRules = List.copyOf(globalRules);
            openBreakers = List.copyOf(openBreakers);
        }
    }

    /**
     * Checks {@code snapshot}; {@code hosts} (may be null or empty) must each have reported recently, matched on host
     * name or source id; {@code planned} (may be null) are the phases about to run: their rules are checked like the
     * rules in force, and their overrides and loads are weighed against the global rules.
     */
    public PreflightReport check(Snapshot snapshot, Collection<String> hosts, List<PreflightPhase> planned) {
        List<PreflightPhase> phases = planned == null ? List.of() : planned;
        List<PreflightReport.Check> checks = new ArrayList<>();
        List<PreflightReport.Warning> warnings = new ArrayList<>();
        List<SourceReading> recentHosts = snapshot.sources().stream()
                .filter(s -> s.kind() == SourceKind.HOST && snapshot.nowMs() - s.lastHeardMs() <= sampleMaxAgeMs)
                .sorted(Comparator.comparing(SourceReading::sourceId))
                .toList();
        checks.add(new PreflightReport.Check("host_samples", "*", !recentHosts.isEmpty(), recentHosts.isEmpty()
                ? "no host samples in the last " + sampleMaxAgeMs / 1000.0 + " s"
                : recentHosts.size() + " host(s) reporting"));
        for (String host : hosts == null ? List.<String>of() : hosts) {
            boolean seen = recentHosts.stream().anyMatch(s -> host.equals(s.host()) || host.equals(s.sourceId()));
            checks.add(new PreflightReport.Check("host_reporting", host, seen,
                    seen ? "recent samples" : "no sample from this host in the last " + sampleMaxAgeMs / 1000.0 + " s"));
        }
        Set<ThresholdRule> rules = new LinkedHashSet<>(snapshot.rulesInForce());
        phases.forEach(p -> rules.addAll(p.rules()));
        for (SourceReading source : recentHosts) {
            for (ThresholdRule rule : rules) {
                // A probe rule is about the user's service, not a host (its baseline is the orchestrator's steady
                // state): never a host's limit check, nor a host that "cannot protect" it.
                if (!rule.appliesTo(SourceKind.HOST) || MetricNames.PROCESS_RSS_MB.equals(rule.metric())
                        || ProbeMetricNames.isProbeMetric(rule.metric())) {
                    continue;
                }
                Double value = source.metrics().get(rule.metric());
                if (value == null || !Double.isFinite(value)) {
                    warnings.add(new PreflightReport.Warning("cannot_protect:" + rule.id(), source.sourceId(),
                            "rule " + rule.id() + " (" + rule.describe() + ") cannot protect " + source.sourceId()
                                    + ": the host does not report " + rule.metric()));
                    continue;
                }
                if (rule.action() == SafetyAction.WARN) {
                    continue;
                }
                checks.add(underLimit(rule, source, value));
            }
            checks.add(freeCheck("memory_free", MetricNames.MEMORY_USAGE, minMemoryFreePercent, source));
            checks.add(freeCheck("disk_free", MetricNames.DISK_USAGE, minDiskFreePercent, source));
        }
        boolean blocking = false;
        for (BreakerStanding standing : snapshot.openBreakers()) {
            checks.add(new PreflightReport.Check("no_open_breaker", standing.breaker().sourceId(), standing.causeOver(),
                    standing.detail()));
            blocking |= !standing.causeOver();
        }
        if (!blocking) {
            checks.add(new PreflightReport.Check("no_open_breaker", "*", true, snapshot.openBreakers().isEmpty()
                    ? "no breaker is open" : "no open breaker refuses a start"));
        }
        for (PreflightPhase phase : phases) {
            planWarnings(phase, snapshot.globalRules(), warnings);
        }
        return new PreflightReport(checks.stream().allMatch(PreflightReport.Check::passed), checks, warnings);
    }

    /** The rule judged over the host's recent samples, as the engine would judge it now. */
    private static PreflightReport.Check underLimit(ThresholdRule rule, SourceReading source, double latest) {
        RuleCondition condition = new RuleCondition(rule);
        for (SourceReading.Sample sample : source.recent()) {
            Double value = sample.metrics().get(rule.metric());
            if (value != null && Double.isFinite(value)) {
                condition.observe(sample.atMs(), value);
            }
        }
        boolean broken = condition.active();
        boolean overLimit = !broken && rule.breaches(latest);
        String reading = rule.metric() + " = " + twoDecimals(latest);
        String detail = broken ? reading + " breaks " + rule.describe()
                : overLimit ? reading + " over the limit, not for long enough to break " + rule.describe()
                : reading + " within " + rule.describe();
        return new PreflightReport.Check("under_limit:" + rule.id(), source.sourceId(), !broken, detail, overLimit);
    }

    private static void planWarnings(PreflightPhase phase, List<ThresholdRule> globalRules,
                                     List<PreflightReport.Warning> warnings) {
        for (ThresholdRule global : globalRules) {
            ThresholdRule replacement = phase.rules().stream().filter(r -> r.replaces(global)).findFirst().orElse(null);
            if (replacement != null) {
                warnings.add(new PreflightReport.Warning("override_global:" + global.id(), phase.phase(),
                        new GlobalOverride(phase.phase(), global, replacement).describe()));
            } else if (reachesCpuLimit(phase, global)) {
                warnings.add(new PreflightReport.Warning("max_load:" + global.id(), phase.phase(), "phase "
                        + phase.phase() + " plans up to " + twoDecimals(phase.maxCpuPercent()) + " % CPU, which global rule "
                        + global.id() + " (" + global.describe() + ") does not allow; to run the phase as planned, raise "
                        + "it for the phase: safety_thresholds: {" + global.metric() + ": {limit: "
                        + twoDecimals(phase.maxCpuPercent()) + ", override_global: true}}"));
            }
        }
    }

    private static boolean reachesCpuLimit(PreflightPhase phase, ThresholdRule global) {
        return phase.maxCpuPercent() != null && MetricNames.CPU_USAGE.equals(global.metric())
                && global.comparison().upward() && global.action() != SafetyAction.WARN
                && global.appliesTo(SourceKind.HOST) && phase.maxCpuPercent() >= global.limit();
    }

    private static PreflightReport.Check freeCheck(String name, String usageMetric, double minFree, SourceReading source) {
        Double usage = source.metrics().get(usageMetric);
        if (usage == null) {
            return new PreflightReport.Check(name, source.sourceId(), false,
                    usageMetric + " not reported: cannot verify " + minFree + " % free");
        }
        double free = 100 - usage;
        boolean ok = free >= minFree;
        return new PreflightReport.Check(name, source.sourceId(), ok, twoDecimals(free) + " % free, minimum " + minFree + " %");
    }
}
