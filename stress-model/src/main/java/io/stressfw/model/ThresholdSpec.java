package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A phase's safety threshold on one metric: the comparison and limit, the window it is judged over (never a single
 * sample: the seed's flat form {@code cpu_usage: 40} means {@link #DEFAULT_WINDOW}), hysteresis, severity, action,
 * the kind of source it applies to (null: hosts and agents) and whether it replaces the global rules on its metric
 * for the phase ({@code override_global}). Plan files, REST bodies and the wire read it through
 * {@link ThresholdSpecParser}; on the wire it is always the full object ({@link #toMap()}), and a bare number is
 * still read as the flat form.
 */
public record ThresholdSpec(Comparison comparison, double limit, RuleWindow window, double hysteresis,
                            Severity severity, SafetyAction action, SourceKind sourceKind, boolean overrideGlobal) {
    /**
     * The window of a threshold that names none: the value over the limit on every sample for 500 ms. Five host
     * samples at 100 ms, so one sample (a JIT or start-up burst) never trips it, and with about 100 ms from a sample
     * to the agents at zero a sustained breach still stops load within the seed's promise of one second.
     */
    public static final RuleWindow DEFAULT_WINDOW = RuleWindow.continuously(Duration.ofMillis(500));

    public ThresholdSpec {
        Checks.notNull(comparison, "comparison");
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("limit must be a finite number, was " + limit);
        }
        Checks.notNull(window, "window");
        if (!Double.isFinite(hysteresis) || hysteresis < 0) {
            throw new IllegalArgumentException("hysteresis must be a finite number >= 0, was " + hysteresis);
        }
        Checks.notNull(severity, "severity");
        Checks.notNull(action, "action");
    }

    /** The flat form: above {@code limit} for the default window, stop, critical, hosts and agents. */
    public static ThresholdSpec above(double limit) {
        return new ThresholdSpec(Comparison.ABOVE, limit, DEFAULT_WINDOW, 0, Severity.CRITICAL, SafetyAction.STOP,
                null, false);
    }

    /** Critical for a stop, warning otherwise. */
    public static Severity defaultSeverity(SafetyAction action) {
        return action == SafetyAction.STOP ? Severity.CRITICAL : Severity.WARNING;
    }

    public ThresholdSpec withComparison(Comparison value) {
        return new ThresholdSpec(value, limit, window, hysteresis, severity, action, sourceKind, overrideGlobal);
    }

    public ThresholdSpec withWindow(RuleWindow value) {
        return new ThresholdSpec(comparison, limit, value, hysteresis, severity, action, sourceKind, overrideGlobal);
    }

    public ThresholdSpec withHysteresis(double value) {
        return new ThresholdSpec(comparison, limit, window, value, severity, action, sourceKind, overrideGlobal);
    }

    /** Also resets the severity to the one the action implies; call {@link #withSeverity} after it to choose another. */
    public ThresholdSpec withAction(SafetyAction value) {
        return new ThresholdSpec(comparison, limit, window, hysteresis, defaultSeverity(value), value, sourceKind,
                overrideGlobal);
    }

    public ThresholdSpec withSeverity(Severity value) {
        return new ThresholdSpec(comparison, limit, window, hysteresis, value, action, sourceKind, overrideGlobal);
    }

    public ThresholdSpec withSourceKind(SourceKind value) {
        return new ThresholdSpec(comparison, limit, window, hysteresis, severity, action, value, overrideGlobal);
    }

    public ThresholdSpec withOverrideGlobal(boolean value) {
        return new ThresholdSpec(comparison, limit, window, hysteresis, severity, action, sourceKind, value);
    }

    /** {@code cpu_usage > 95 for 500ms}. */
    public String describe(String metric) {
        return metric + " " + comparison.symbol() + " " + Checks.format(limit) + " " + window.describe();
    }

    /** The full object, as the wire, REST answers and reports carry it. */
    @JsonValue
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("comparison", comparison.wireName());
        map.put("limit", limit);
        if (window.kind() == RuleWindow.Kind.FOR) {
            map.put("for", Durations.format(window.length()));
        } else {
            map.put("window", window.describe());
        }
        map.put("hysteresis", hysteresis);
        map.put("severity", severity.wireName());
        map.put("action", action.wireName());
        map.put("source_kind", sourceKind == null ? null : sourceKind.wireName());
        map.put("override_global", overrideGlobal);
        return map;
    }

    /**
     * Reads a threshold from the wire: the full object or a bare number. Fields a newer producer may add are
     * ignored; the reader names the field of anything wrong.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ThresholdSpec fromJson(Object value) {
        return ThresholdSpecParser.parse(value, "", false);
    }
}
