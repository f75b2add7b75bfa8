package io.stressfw.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One objective of an SLO: the probe metric is healthy while it does not breach {@code limit} the
 * {@code comparison} way ({@code above}, the default: {@code probe.checkout.p95_ms: 200} holds at 200 and breaks at
 * 201).
 */
public record SloObjective(Comparison comparison, double limit) {
    public SloObjective {
        Checks.notNull(comparison, "comparison");
        if (!Double.isFinite(limit) || limit < 0) {
            throw new IllegalArgumentException("limit must be a finite number >= 0, was " + limit);
        }
    }

    public static SloObjective above(double limit) {
        return new SloObjective(Comparison.ABOVE, limit);
    }

    public boolean breaks(double value) {
        return comparison.breaches(value, limit);
    }

    /** {@code probe.checkout.p95_ms <= 200}: the healthy side, as a report states it. */
    public String describeHealthy(String metric) {
        String healthy = switch (comparison) {
            case ABOVE -> "<=";
            case AT_OR_ABOVE -> "<";
            case BELOW -> ">=";
            case AT_OR_BELOW -> ">";
        };
        return metric + " " + healthy + " " + Checks.format(limit);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("comparison", comparison.wireName());
        map.put("limit", limit);
        return map;
    }
}
