package io.stressfw.stressctl;

import java.time.Duration;

/** A clock that moves only when the code under test sleeps: a --timeout of seconds runs out at once, in order. */
final class ManualClock implements CliClock {
    private long wallMillis;
    private long nanos;

    ManualClock(long wallMillis) {
        this.wallMillis = wallMillis;
    }

    @Override
    public synchronized long wallMillis() {
        return wallMillis;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        nanos += duration.toNanos();
        wallMillis += duration.toMillis();
    }

    synchronized long sleptNanos() {
        return nanos;
    }
}
