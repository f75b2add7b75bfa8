package io.stressfw.stressctl;

import java.time.Duration;

/**
 * The time the CLI reads: the wall clock (how long ago an agent was seen, how long its lease has left), a monotonic
 * clock (the --wait deadlines) and the pause between two polls. A seam so that tests follow a cycle, run out a
 * --timeout or age an agent without waiting for real time to pass.
 */
interface CliClock {
    CliClock SYSTEM = new SystemClock();

    /** Milliseconds since the epoch, comparable with the orchestrator's {@code *_ms} fields. */
    long wallMillis();

    /** Nanoseconds of a monotonic clock with an arbitrary origin: only differences mean something. */
    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    /** The machine's clocks. */
    final class SystemClock implements CliClock {
        private SystemClock() {
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    }
}
