package io.stressfw.service;

import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A monotonic clock that stands still while this process does not run: {@link System#nanoTime} less the pauses the
 * process noticed in itself (a long GC, SIGSTOP, its whole VM paused for a snapshot or a live migration). Watchdogs
 * measure another part's silence on it, so that a part is not blamed for seconds in which this process could not
 * have heard it: with the plain monotonic clock, a 5 s pause of the whole machine stopped the cycle the moment it
 * resumed (the agent's lease ran out, safety saw every source stale, the orchestrator lost safety's heartbeat),
 * although no part had been silent while anyone listened. A part that is silent while this process runs is found as
 * fast as before: only this process's own pauses are taken out.
 *
 * <p>A pause is a gap between two consecutive readings, by any thread, longer than {@code gap}: a thread of its own
 * ({@link #system()}) reads every {@code period}, as do the watchdogs' own ticks, so no reading for that long means
 * nothing in the process ran. All of such a gap but one period counts as paused. Shorter gaps (the late wake-ups of
 * a busy machine) count as awake: a process that runs, however slowly, is not excused a silence. Readings never go
 * backwards. Thread-safe.
 */
public final class AwakeTime {
    /**
     * How often the system clock's own thread reads it: every wake-up costs a little in every process on every node
     * (0.10 % of a core at 100 ms, 2026-12-03), and half the pause gap is still twice as often as a pause needs.
     */
    public static final Duration WATCH_PERIOD = Duration.ofMillis(250);
    /**
     * A longer gap between readings is a pause. Sixteen busy threads on this two-core host woke a 100 ms sleeper at most
     * 4 ms late (bench/WakeUpLateness.java, docs/benchmarks.md): a busy process is far from it.
     */
    public static final Duration PAUSE_GAP = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(AwakeTime.class.getName());

    private final LongSupplier nanoTime;
    private final long periodNanos;
    private final long gapNanos;
    private long lastNanos;
    private long pausedNanos;
    private long pauses;

    /** {@code period}: how often something reads the clock; {@code gap}: the longest gap that is not a pause. */
    public AwakeTime(LongSupplier nanoTime, Duration period, Duration gap) {
        this.nanoTime = Checks.notNull(nanoTime, "monotonic clock");
        Checks.notNull(period, "period");
        Checks.notNull(gap, "gap");
        if (period.isNegative() || period.isZero() || gap.compareTo(period) <= 0) {
            throw new IllegalArgumentException("a pause gap (" + gap + ") must be longer than a positive period (" + period + ")");
        }
        this.periodNanos = period.toNanos();
        this.gapNanos = gap.toNanos();
        this.lastNanos = nanoTime.getAsLong();
    }

    /** This process's clock, read every {@link #WATCH_PERIOD} by a daemon thread of its own. */
    public static AwakeTime system() {
        return SystemClock.INSTANCE;
    }

    /** Nanoseconds this process was awake, from an arbitrary origin: only differences mean anything. */
    public long nanos() {
        long now;
        long paused;
        long gap = 0;
        synchronized (this) {
            now = nanoTime.getAsLong();
            if (now - lastNanos > gapNanos) {
                gap = now - lastNanos;
                pausedNanos += gap - periodNanos;
                pauses++;
            }
            lastNanos = Math.max(lastNanos, now);
            paused = pausedNanos;
        }
        if (gap > 0) {
            LOG.log(System.Logger.Level.WARNING, String.format("This process did not run for %.1f s (a GC, SIGSTOP or its "
                    + "machine paused): the silence of others in that time is not counted", gap / 1e9));
        }
        return now - paused;
    }

    public long millis() {
        return Math.floorDiv(nanos(), 1_000_000L);
    }

    /** How long this process was paused in all, as noticed so far. */
    public synchronized Duration paused() {
        return Duration.ofNanos(pausedNanos);
    }

    /** How many pauses it noticed. */
    public synchronized long pauses() {
        return pauses;
    }

    private static final class SystemClock {
        static final AwakeTime INSTANCE = watched(new AwakeTime(System::nanoTime, WATCH_PERIOD, PAUSE_GAP));

        private static AwakeTime watched(AwakeTime clock) {
            Thread watch = new Thread(() -> {
                while (true) {
                    try {
                        Thread.sleep(WATCH_PERIOD.toMillis());
                    } catch (InterruptedException e) {
                        // Nothing ends this thread but the JVM: a clock whose readings stopped would take every
                        // reader's wait for a pause.
                        Thread.interrupted();
                    }
                    clock.nanos();
                }
            }, "awake-time");
            watch.setDaemon(true);
            watch.start();
            return clock;
        }
    }
}
