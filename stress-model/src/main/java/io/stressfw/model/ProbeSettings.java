package io.stressfw.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every probe has: its name (the {@code <name>} of {@code probe.<name>.p95_ms}), how often it runs, how long
 * one attempt may take (longer is an error), the rolling window its percentiles and error rate are taken over, and
 * whether it is part of the steady-state hypothesis. An attempt never outlives its interval, so attempts never pile
 * up on a slow service; a window holds at least one interval. {@code runOn} says where it runs ({@link ProbeSite}).
 */
public record ProbeSettings(String name, Duration interval, Duration timeout, Duration window, boolean steadyState,
                            ProbeSite runOn) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** Ten attempts at the default interval: enough for a p95 to mean something, short enough to follow a ramp. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);

    public ProbeSettings {
        Checks.notBlank(name, "name");
        if (!ProbeMetricNames.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower case letters, digits, '_' or '-' starting with a "
                    + "letter (at most 63), was '" + name + "'");
        }
        Checks.notNull(interval, "interval");
        Checks.notNull(timeout, "timeout");
        Checks.notNull(window, "window");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("interval must be between 100ms and 1h, was " + Durations.format(interval));
        }
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("timeout must be > 0 and at most the interval ("
                    + Durations.format(interval) + "), was " + Durations.format(timeout));
        }
        if (window.compareTo(interval) < 0) {
            throw new IllegalArgumentException("window must be at least the interval (" + Durations.format(interval)
                    + "), was " + Durations.format(window));
        }
        Checks.notNull(runOn, "run_on");
    }

    /** A probe run from the orchestrator. */
    public ProbeSettings(String name, Duration interval, Duration timeout, Duration window, boolean steadyState) {
        this(name, interval, timeout, window, steadyState, ProbeSite.ORCHESTRATOR);
    }

    public static ProbeSettings defaults(String name) {
        return new ProbeSettings(name, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, DEFAULT_WINDOW, false);
    }

    public ProbeSettings withInterval(Duration value) {
        return new ProbeSettings(name, value, timeout, window, steadyState, runOn);
    }

    public ProbeSettings withTimeout(Duration value) {
        return new ProbeSettings(name, interval, value, window, steadyState, runOn);
    }

    public ProbeSettings withWindow(Duration value) {
        return new ProbeSettings(name, interval, timeout, value, steadyState, runOn);
    }

    public ProbeSettings withSteadyState(boolean value) {
        return new ProbeSettings(name, interval, timeout, window, value, runOn);
    }

    public ProbeSettings withRunOn(ProbeSite value) {
        return new ProbeSettings(name, interval, timeout, window, steadyState, value);
    }

    Map<String, Object> toMap(ProbeType type) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type.wireName());
        map.put("interval", Durations.format(interval));
        map.put("timeout", Durations.format(timeout));
        map.put("window", Durations.format(window));
        map.put("steady_state", steadyState);
        if (runOn != ProbeSite.ORCHESTRATOR) {
            // Only when not the default: every plan and report written before run_on existed reads the same.
            map.put("run_on", runOn.wireName());
        }
        return map;
    }
}
