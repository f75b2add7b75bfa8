package io.stressfw.orchestrator.cluster;

import io.stressfw.model.Checks;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Whether safety-service is alive, from its heartbeats: one heard within the time-out. The silence is measured on this
 * process's awake time ({@link io.stressfw.service.AwakeTime}), not the wall clock: a pause of the orchestrator, or of
 * the whole machine (a VM paused for a snapshot), is no silence of safety's, while a safety-service that stops while
 * the orchestrator runs is lost exactly as soon as before. Plain Java; heard on the consumer's thread, asked on the
 * engine's.
 */
final class SafetyHeartbeatWatch {
    private final LongSupplier awakeMs;
    private final long timeoutMs;
    private volatile long lastHeardAwakeMs;
    private volatile long lastHeardWallMs = -1;

    SafetyHeartbeatWatch(LongSupplier awakeMs, long timeoutMs) {
        this.awakeMs = Checks.notNull(awakeMs, "awake time");
        this.timeoutMs = Checks.between(timeoutMs, 1, Long.MAX_VALUE, "safety heartbeat time-out ms");
    }

    void heard(long wallMs) {
        lastHeardAwakeMs = awakeMs.getAsLong();
        lastHeardWallMs = wallMs;
    }

    boolean online() {
        return lastHeardWallMs >= 0 && silentMs() <= timeoutMs;
    }

    /** Why it counts as lost: how long nothing came while this process ran, and when the last heartbeat did. */
    String lostReason() {
        if (lastHeardWallMs < 0) {
            return "safety-service heartbeat lost: none heard since the orchestrator started";
        }
        return String.format("safety-service heartbeat lost: none for %.1f s while the orchestrator ran (time-out %.1f s; "
                + "the last arrived at %s)", silentMs() / 1000.0, timeoutMs / 1000.0, Instant.ofEpochMilli(lastHeardWallMs));
    }

    private long silentMs() {
        return awakeMs.getAsLong() - lastHeardAwakeMs;
    }
}
