package io.stressfw.service;

import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A task on a thread of its own, every busy period while {@code busy} says there is work, every idle period otherwise.
 * A service with nothing under way wakes less often (each wake-up costs it a little, on every host), and loses
 * nothing: {@link #hurry()} runs the next tick at once, so work that starts between two idle ticks (a cycle started
 * by a request) is ticked as early as on the busy period. While busy the ticks keep a fixed rate; a tick later than a
 * whole period is not made up in a burst. A task that throws is logged and ticked again. {@link #close()} wakes the
 * thread and ends it.
 */
public final class PacedTicker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PacedTicker.class.getName());

    private final String name;
    private final long busyNanos;
    private final long idleNanos;
    private final BooleanSupplier busy;
    private final Runnable task;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean hurried;
    private boolean closed;

    /** {@code busyPeriod} (1 ms to 1 min) at most {@code idlePeriod} (at most 1 h). */
    public PacedTicker(String name, Duration busyPeriod, Duration idlePeriod, BooleanSupplier busy, Runnable task) {
        this.name = Checks.notNull(name, "name");
        this.busyNanos = Checks.between(Checks.notNull(busyPeriod, "busy period").toMillis(), 1, 60_000,
                "busy period (ms)") * 1_000_000L;
        this.idleNanos = Checks.between(Checks.notNull(idlePeriod, "idle period").toMillis(), busyPeriod.toMillis(),
                3_600_000, "idle period (ms), at least the busy period") * 1_000_000L;
        this.busy = Checks.notNull(busy, "busy");
        this.task = Checks.notNull(task, "task");
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public PacedTicker start() {
        thread.start();
        return this;
    }

    /** The next tick now (or right after the one in progress), then the busy period while there is work. */
    public void hurry() {
        synchronized (lock) {
            hurried = true;
            lock.notifyAll();
        }
    }

    private long period() {
        return busy.getAsBoolean() ? busyNanos : idleNanos;
    }

    private void run() {
        long due = System.nanoTime() + period();
        while (true) {
            boolean early;
            synchronized (lock) {
                long wait;
                while (!closed && !hurried && (wait = due - System.nanoTime()) > 0) {
                    try {
                        lock.wait(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                early = hurried;
                hurried = false;
            }
            long ran = System.nanoTime();
            tick();
            long period = period();
            // On the fixed-rate grid while it holds; after a hurry, a switch of period or a late tick, from this tick.
            due = early || period != busyNanos || due + period < ran ? ran + period : due + period;
        }
    }

    private void tick() {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A failed tick must not end the ticking: the next one tries again.
            LOG.log(System.Logger.Level.ERROR, "The " + name + " tick failed; the next one runs as planned", e);
        }
    }

    /** Ends the thread, waiting up to a second for a tick in progress. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
