package io.stressfw.service;

import io.stressfw.model.Checks;

/**
 * Which sample ticks publish, for a source whose samples matter only while something runs. While it is busy (an
 * agent holding load, a cycle under way for a host's sampler) every tick publishes, as always; so does every tick
 * for one idle interval after that, so that the drop to zero shows at the full rate. Otherwise one tick per idle
 * interval publishes: a source with nothing going on has nothing to report ten times a second, and every sample costs
 * its sender, the broker and each service that consumes them. The first tick once busy publishes, so the samples
 * that matter start exactly as early as they would at the full rate, and safety detects nothing later.
 *
 * <p>For a warm-up after the first tick every tick publishes too: a fresh platform that goes from 1 to 10 samples a
 * second at its first cycle's start compiles its whole sample path then (broker, safety, metrics, orchestrator), and
 * was measured at twice its warm cost for the first seconds of that cycle, enough to break the seed's LIGHT threshold
 * (cpu_usage 40) on two cores; a platform that sampled at the full rate from its start ran the same cycle clean.
 *
 * <p>Plain Java, on the caller's monotonic milliseconds; one instance per publishing thread (not thread-safe).
 */
public final class SampleCadence {
    private final long idleIntervalMs;
    private final long warmUpMs;
    private long firstTickMs = Long.MIN_VALUE;
    private long lastPublishedMs = Long.MIN_VALUE;
    private long lastBusyMs = Long.MIN_VALUE;

    /** {@code idleIntervalMs}: the spacing of samples while idle (1 ms to 60 s). */
    public SampleCadence(long idleIntervalMs) {
        this(idleIntervalMs, 0);
    }

    /** {@code warmUpMs}: how long from the first tick every tick publishes (0 to 10 min). */
    public SampleCadence(long idleIntervalMs, long warmUpMs) {
        this.idleIntervalMs = Checks.between(idleIntervalMs, 1, 60_000, "idle interval ms");
        this.warmUpMs = Checks.between(warmUpMs, 0, 600_000, "warm-up ms");
    }

    private boolean warmingUp(long nowMs) {
        if (firstTickMs == Long.MIN_VALUE) {
            firstTickMs = nowMs;
        }
        return nowMs - firstTickMs < warmUpMs;
    }

    /** Whether the tick at {@code nowMs} (monotonic) publishes; {@code busy}: there is something to report now. */
    public boolean publishes(long nowMs, boolean busy) {
        return publishes(nowMs, busy, 0);
    }

    /**
     * As {@link #publishes(long, boolean)}, and an idle sample due within {@code earlyMs} goes now: a sender with
     * something else to send at this tick (an agent's heartbeat) takes the sample along, and the idle samples that
     * follow keep that tick's phase, so that the two share a wake-up and a request from then on.
     */
    public boolean publishes(long nowMs, boolean busy, long earlyMs) {
        busy |= warmingUp(nowMs);
        if (busy) {
            lastBusyMs = nowMs;
        }
        boolean due = busy
                || lastBusyMs != Long.MIN_VALUE && nowMs - lastBusyMs < idleIntervalMs
                || lastPublishedMs == Long.MIN_VALUE
                || nowMs - lastPublishedMs >= idleIntervalMs - Math.max(0, earlyMs);
        if (due) {
            lastPublishedMs = nowMs;
        }
        return due;
    }

    /**
     * Milliseconds from the tick at {@code nowMs} to the next one worth taking: {@code fullRateMs} while busy and for
     * one idle interval after, otherwise until the next idle sample is due. A sender that learns it got busy in
     * between ticks early (and publishes then) rather than waiting out the idle interval.
     */
    public long untilNextTickMs(long nowMs, long fullRateMs) {
        if (lastPublishedMs == Long.MIN_VALUE || warmingUp(nowMs) || lastBusyMs != Long.MIN_VALUE && nowMs - lastBusyMs < idleIntervalMs) {
            return fullRateMs;
        }
        return Math.max(1, Math.min(idleIntervalMs, lastPublishedMs + idleIntervalMs - nowMs));
    }
}
