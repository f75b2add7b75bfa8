package io.stressfw.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.stressfw.model.PlanValues.checked;
import static io.stressfw.model.PlanValues.sub;

/**
 * Reads a plan's {@code slo:} section against its probes: every objective names a metric of a declared probe.
 *
 * <pre>
 * slo:
 *   window: 10s                          # default 10s
 *   objectives:
 *     probe.checkout.p95_ms: 200         # healthy while <= 200
 *     probe.checkout.error_rate: {limit: 0.01}
 *     probe.free_workers: {limit: 2, comparison: below}   # healthy while >= 2
 * </pre>
 */
public final class SloSpecParser {
    private SloSpecParser() {
    }

    /** Null (no {@code slo:}) is none. */
    public static SloSpec parse(Object value, String field, Map<String, ProbeSpec> probes) {
        if (value == null) {
            return null;
        }
        Map<?, ?> map = PlanValues.object(value, field, "window and objectives");
        PlanValues.onlyKeys(map, field, Set.of("window", "objectives"));
        Duration window = map.get("window") == null ? SloSpec.DEFAULT_WINDOW
                : PlanValues.duration(map.get("window"), sub(field, "window"));
        String objectivesField = sub(field, "objectives");
        if (map.get("objectives") == null) {
            throw new ProbeFormatException(objectivesField, "is required: probe metric -> limit");
        }
        Map<?, ?> given = PlanValues.object(map.get("objectives"), objectivesField, "probe metric -> limit");
        Map<String, SloObjective> objectives = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : given.entrySet()) {
            String metric = String.valueOf(entry.getKey());
            String entryField = sub(objectivesField, metric);
            String probe = ProbeMetricNames.probeOf(metric);
            if (probe == null) {
                throw new ProbeFormatException(entryField, "not a probe metric; expected probe.<name>[.<stat>] with a "
                        + "stat among " + String.join(", ", ProbeMetricNames.STATS));
            }
            ProbeSpec spec = probes.get(probe);
            if (spec == null) {
                throw new ProbeFormatException(entryField, "no probe named '" + probe + "' in probes"
                        + (probes.isEmpty() ? "" : " (" + String.join(", ", probes.keySet()) + ")"));
            }
            String stat = ProbeMetricNames.statOf(metric);
            boolean valueProbe = spec.type() == ProbeType.PROMQL;
            if (valueProbe ? stat != null && !stat.equals(ProbeMetricNames.ERROR_RATE) && !stat.equals(ProbeMetricNames.SAMPLES)
                    : stat == null) {
                throw new ProbeFormatException(entryField, valueProbe
                        ? "a promql probe reports its value as probe." + probe + " (and error_rate)"
                        : "a " + spec.type().wireName() + " probe reports probe." + probe + ".<stat>, one of "
                        + String.join(", ", ProbeMetricNames.STATS));
            }
            objectives.put(metric, objective(entry.getValue(), entryField));
        }
        return checked(field, () -> new SloSpec(window, objectives));
    }

    private static SloObjective objective(Object value, String field) {
        if (value instanceof Number || value instanceof String) {
            return checked(field, () -> SloObjective.above(PlanValues.number(value, field)));
        }
        Map<?, ?> map = PlanValues.object(value, field, "a limit or {limit, comparison}");
        PlanValues.onlyKeys(map, field, Set.of("limit", "comparison"));
        if (map.get("limit") == null) {
            throw new ProbeFormatException(sub(field, "limit"), "is required");
        }
        double limit = PlanValues.number(map.get("limit"), sub(field, "limit"));
        Comparison comparison = map.get("comparison") == null ? Comparison.ABOVE
                : checked(sub(field, "comparison"), () -> Comparison.parse(String.valueOf(map.get("comparison"))));
        return checked(sub(field, "limit"), () -> new SloObjective(comparison, limit));
    }
}
