package io.stressfw.safety.engine;

import io.stressfw.model.Checks;
import io.stressfw.service.AwakeTime;

import java.util.function.LongSupplier;

/**
 * The engine's two clocks, both in milliseconds. The monotonic one measures silences (a source's sample gap, when it
 * is forgotten), so that a step of this host's wall clock (NTP, a resumed VM) never makes a source look stale or
 * fresh; the system's is {@link AwakeTime}, so that seconds in which this service itself was paused (its VM paused
 * with the sources') are no source's silence. The wall one stamps what others read (violations, breakers, last heard) and measures other hosts' clock skew.
 */
public record EngineClocks(LongSupplier wallMs, LongSupplier monotonicMs) {
    public EngineClocks {
        Checks.notNull(wallMs, "wall clock");
        Checks.notNull(monotonicMs, "monotonic clock");
    }

    /** The system's clocks: {@code System.currentTimeMillis()} and {@link AwakeTime#system()} in ms. */
    public static EngineClocks system() {
        return new EngineClocks(System::currentTimeMillis, AwakeTime.system()::millis);
    }

    /** One clock for both (tests move it by hand). */
    public static EngineClocks single(LongSupplier clock) {
        return new EngineClocks(clock, clock);
    }
}
