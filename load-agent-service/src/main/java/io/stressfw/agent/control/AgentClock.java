package io.stressfw.agent.control;

import io.stressfw.model.Checks;
import io.stressfw.service.AwakeTime;

import java.util.function.LongSupplier;

/**
 * The agent's two clocks. Everything that measures time (leases, ramps, the watchdog) runs on the monotonic clock, so
 * neither a wall clock set minutes off nor one stepped by NTP changes how long load lasts; the system's is
 * {@link AwakeTime}, which stands still while the agent itself is paused (a whole VM paused for 5 s is no lease that
 * ran out: the orchestrator's renewals could not reach a process that was not running). The wall clock only stamps
 * what leaves the agent (samples, stop times) and measures how far it is from the orchestrator's.
 */
public record AgentClock(LongSupplier nanoTime, LongSupplier wallMillis) {
    public AgentClock {
        Checks.notNull(nanoTime, "monotonic clock");
        Checks.notNull(wallMillis, "wall clock");
    }

    public static AgentClock system() {
        return new AgentClock(AwakeTime.system()::nanos, System::currentTimeMillis);
    }

    /** The monotonic clock in milliseconds: only differences between two readings mean anything. */
    public long monotonicMs() {
        return Math.floorDiv(nanoTime.getAsLong(), 1_000_000L);
    }

    public long nanos() {
        return nanoTime.getAsLong();
    }

    public long wallMs() {
        return wallMillis.getAsLong();
    }
}
