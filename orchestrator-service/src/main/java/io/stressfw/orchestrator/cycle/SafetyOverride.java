package io.stressfw.orchestrator.cycle;

/**
 * What an admin's start chose to skip, and who it was. {@code checks} ({@code override_safety}) skips the start's
 * safety interlock: safety-service heard from and its pre-flight fit. {@code watchdog}
 * ({@code override_safety_watchdog}) keeps the cycle running when safety-service's heartbeat is lost, which
 * otherwise stops the load at once. The two are separate on purpose: skipping a refused pre-flight must not also
 * leave load running with nobody watching. The report records both and {@code by}.
 */
public record SafetyOverride(boolean checks, boolean watchdog, String by) {
    public static final SafetyOverride NONE = new SafetyOverride(false, false, null);

    public SafetyOverride {
        if ((checks || watchdog) && (by == null || by.isBlank())) {
            throw new IllegalArgumentException("an override must name who made it");
        }
        if (!checks && !watchdog) {
            by = null;
        }
    }

    public boolean any() {
        return checks || watchdog;
    }
}
