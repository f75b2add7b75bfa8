package io.stressfw.safety.preflight;

import io.stressfw.model.Checks;
import io.stressfw.model.MetricNames;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.SourceKind;
import io.stressfw.safety.breaker.BreakerView;
import io.stressfw.safety.rule.ThresholdRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import static io.stressfw.safety.rule.ValueFormat.twoDecimals;

/**
 * "Are the hosts fit for a cycle?", answered from a {@link Snapshot} of what safety knows, without touching it: host
 * samples seen recently (and from each requested host), every throttle/stop rule in force plus the planned phases'
 * rules under its limit on each recent host's latest sample, free memory and disk above the minimums, and no OPEN
 * breaker. Fit only when every check passed.
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

    /** What safety knows at {@code nowMs}: every source's latest sample, the rules in force, the OPEN breakers. */
    public record Snapshot(long nowMs, List<SourceReading> sources, List<ThresholdRule> rulesInForce,
                           List<BreakerView> openBreakers) {
        public Snapshot {
            sources = List.copyOf(sources);
            rulesInForce = List.copyOf(rulesInForce);
            openBreakers = List.copyOf(openBreakers);
        }
    }

    /**
     * Checks {@code snapshot}; {@code hosts} (may be null or empty) must each have reported recently, matched on host
     * name or source id; {@code plannedRules} (may be null) are checked like the rules in force.
     */
    public PreflightReport check(Snapshot snapshot, Collection<String> hosts, List<ThresholdRule> plannedRules) {
        List<PreflightReport.Check> checks = new ArrayList<>();
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
        List<ThresholdRule> rules = new ArrayList<>(snapshot.rulesInForce());
        if (plannedRules != null) {
            rules.addAll(plannedRules);
        }
        for (SourceReading source : recentHosts) {
            for (ThresholdRule rule : rules) {
                if (rule.action() == SafetyAction.WARN || !rule.appliesTo(SourceKind.HOST)) {
                    continue;
                }
                Double value = source.metrics().get(rule.metric());
                if (value == null) {
                    continue;
                }
                boolean under = !rule.breaches(value);
                checks.add(new PreflightReport.Check("under_limit:" + rule.id(), source.sourceId(), under,
                        rule.metric() + " = " + twoDecimals(value) + (under ? " within " : " breaks ") + rule.describe()));
            }
            checks.add(freeCheck("memory_free", MetricNames.MEMORY_USAGE, minMemoryFreePercent, source));
            checks.add(freeCheck("disk_free", MetricNames.DISK_USAGE, minDiskFreePercent, source));
        }
        if (snapshot.openBreakers().isEmpty()) {
            checks.add(new PreflightReport.Check("no_open_breaker", "*", true, "no breaker is open"));
        }
        for (BreakerView breaker : snapshot.openBreakers()) {
            checks.add(new PreflightReport.Check("no_open_breaker", breaker.sourceId(), false,
                    "breaker " + breaker.breakerId() + " is open until " + breaker.openUntilMs()));
        }
        return new PreflightReport(checks.stream().allMatch(PreflightReport.Check::passed), checks);
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
