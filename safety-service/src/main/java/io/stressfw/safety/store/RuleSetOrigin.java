package io.stressfw.safety.store;

/**
 * Where the global rules in force come from: the service's configuration, or a {@code PUT /safety/thresholds} at run
 * time (by whom, when, and the file that keeps them across restarts). Shown by {@code GET /safety/thresholds} and
 * the pre-flight, so nobody mistakes rules changed at run time for the configured ones.
 */
public record RuleSetOrigin(String source, String changedBy, Long changedAtMs, String file) {
    public static final String CONFIGURED = "configured";
    public static final String RUNTIME = "runtime";

    public RuleSetOrigin {
        if (!CONFIGURED.equals(source) && !RUNTIME.equals(source)) {
            throw new IllegalArgumentException("source must be configured or runtime, was " + source);
        }
    }

    /** The configured rules; {@code file} is where a run-time change would be kept. */
    public static RuleSetOrigin configured(String file) {
        return new RuleSetOrigin(CONFIGURED, null, null, file);
    }

    public static RuleSetOrigin runtime(String changedBy, long changedAtMs, String file) {
        if (changedBy == null || changedBy.isBlank()) {
            throw new IllegalArgumentException("changedBy is required for rules changed at run time");
        }
        return new RuleSetOrigin(RUNTIME, changedBy, changedAtMs, file);
    }

    /** For logs and pre-flight details. */
    public String describe() {
        return RUNTIME.equals(source)
                ? "changed at run time by " + changedBy + " at " + java.time.Instant.ofEpochMilli(changedAtMs) + " (kept in " + file + ")"
                : "configured (stress.safety.rules.*)";
    }
}
