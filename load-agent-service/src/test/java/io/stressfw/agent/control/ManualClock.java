package io.stressfw.agent.control;

import java.util.concurrent.atomic.AtomicLong;

/** An {@link AgentClock} moved by hand: {@link #advance} moves both clocks, {@link #shiftWall} only the wall clock. */
final class ManualClock {
    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AtomicLong wallMs;

    ManualClock(long wallMs) {
        this.wallMs = new AtomicLong(wallMs);
    }

    AgentClock clock() {
        return new AgentClock(nanos::get, wallMs::get);
    }

    void advance(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
        wallMs.addAndGet(ms);
    }

    /** The wall clock jumps (an NTP step, an operator) while monotonic time stands still. */
    void shiftWall(long ms) {
        wallMs.addAndGet(ms);
    }

    long wallMs() {
        return wallMs.get();
    }
}
