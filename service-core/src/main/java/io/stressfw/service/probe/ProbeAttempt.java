package io.stressfw.service.probe;

/**
 * One attempt of a probe: when it ended (wall clock, ms), how long it took (monotonic, ms: a failed attempt counts
 * what it cost, a timeout its full timeout), the value a promql probe read, and why it failed (null when it did not).
 */
public record ProbeAttempt(long atMs, double elapsedMs, Double value, String error) {
    public ProbeAttempt {
        if (!(elapsedMs >= 0)) {
            throw new IllegalArgumentException("elapsed must be >= 0, was " + elapsedMs);
        }
    }

    public static ProbeAttempt ok(long atMs, double elapsedMs) {
        return new ProbeAttempt(atMs, elapsedMs, null, null);
    }

    public static ProbeAttempt value(long atMs, double elapsedMs, double value) {
        return new ProbeAttempt(atMs, elapsedMs, value, null);
    }

    public static ProbeAttempt failed(long atMs, double elapsedMs, String error) {
        return new ProbeAttempt(atMs, elapsedMs, null, error == null ? "failed" : error);
    }

    public boolean failed() {
        return error != null;
    }
}
