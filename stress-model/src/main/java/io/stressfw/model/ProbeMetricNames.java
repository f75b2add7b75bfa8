package io.stressfw.model;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics of a probe sample ({@link SourceKind#PROBE}), named {@code probe.<probe>.<stat>} so that a rule reads
 * like the issue's {@code probe.checkout.p95_ms > 500 for 10s}. A timed probe ({@code http}, {@code tcp}) reports
 * the last latency and, over its rolling window, the percentiles, the maximum and the error rate; a {@code promql}
 * probe reports the query's value as {@code probe.<probe>} itself ({@code probe.queue_depth > 1000}) and its
 * error rate.
 */
public final class ProbeMetricNames {
    public static final String PREFIX = "probe.";
    /** The latest attempt's latency (http: the whole exchange; tcp: the connect), ms; null when it failed. */
    public static final String LATENCY_MS = "latency_ms";
    public static final String P50_MS = "p50_ms";
    public static final String P95_MS = "p95_ms";
    public static final String P99_MS = "p99_ms";
    public static final String MAX_MS = "max_ms";
    /** Share (0-1) of the window's attempts that failed: timeout, refused, an unexpected status, a bad answer. */
    public static final String ERROR_RATE = "error_rate";
    /** Attempts in the window (a rate or a percentile over few attempts says little). */
    public static final String SAMPLES = "samples";
    public static final List<String> STATS = List.of(LATENCY_MS, P50_MS, P95_MS, P99_MS, MAX_MS, ERROR_RATE, SAMPLES);

    /** A probe's name: lower case letters, digits, {@code _} and {@code -}, starting with a letter. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern METRIC = Pattern.compile("probe\\.(" + NAME.pattern() + ")(?:\\.("
            + String.join("|", STATS) + "))?");

    private ProbeMetricNames() {
    }

    /** {@code probe.checkout.p95_ms}. */
    public static String metric(String probe, String stat) {
        return PREFIX + probe + "." + stat;
    }

    /** {@code probe.queue_depth}: a promql probe's value. */
    public static String value(String probe) {
        return PREFIX + probe;
    }

    public static boolean isProbeMetric(String name) {
        return name != null && METRIC.matcher(name).matches();
    }

    /** The probe a probe metric names ({@code checkout} of {@code probe.checkout.p95_ms}), or null. */
    public static String probeOf(String name) {
        if (name == null) {
            return null;
        }
        Matcher m = METRIC.matcher(name);
        return m.matches() ? m.group(1) : null;
    }

    /** The stat a probe metric names ({@code p95_ms}), or null for a promql probe's value. */
    public static String statOf(String name) {
        Matcher m = METRIC.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a probe metric");
        }
        return m.group(2);
    }

    static String describe() {
        return "probe.<name>[." + String.join("|", STATS) + "]";
    }
}
