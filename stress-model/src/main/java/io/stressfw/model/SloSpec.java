package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plan's {@code slo:} (read by {@link SloSpecParser}): the probe metrics and limits that define "healthy", and
 * the evaluation window a load must keep them all for to count as held (the knee is the highest such load).
 */
public record SloSpec(Duration window, Map<String, SloObjective> objectives) {
    /** Ten one-second probe attempts: one slow answer does not decide, a sustained breach does. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    public SloSpec {
        Checks.notNull(window, "window");
        if (window.toMillis() < 1000) {
            throw new IllegalArgumentException("window must be at least 1s, was " + Durations.format(window));
        }
        Checks.notNull(objectives, "objectives");
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("objectives must name at least one probe metric");
        }
        objectives.keySet().forEach(metric -> {
            if (!ProbeMetricNames.isProbeMetric(metric)) {
                throw new IllegalArgumentException("objectives." + metric + " is not a probe metric (probe.<name>.<stat>)");
            }
        });
        objectives = Collections.unmodifiableMap(new LinkedHashMap<>(objectives));
    }

    /** {@code probe.checkout.p95_ms <= 200, probe.checkout.error_rate <= 0.01}. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        objectives.forEach((metric, objective) -> {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(objective.describeHealthy(metric));
        });
        return text.toString();
    }

    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> objectiveMaps = new LinkedHashMap<>();
        objectives.forEach((metric, objective) -> objectiveMaps.put(metric, objective.toMap()));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("window", Durations.format(window));
        map.put("objectives", objectiveMaps);
        return map;
    }
}
