package io.stressfw.agent.control;

import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Watches the controller's tick from a thread of its own. When no tick has completed for longer than the bound, it
 * calls {@code onStall} once for that stall, from its own thread (the stalled tick may hold the controller's lock), and
 * the loop counts as not live until a tick completes again. A tick that died for good (its scheduled task ended by an
 * uncaught error) is a stall that never ends.
 *
 * <p>A pause of the whole JVM (a long GC, a frozen process) also delays the watchdog itself; a round that comes more
 * than half the bound late starts the stall over from its own time, so the tick gets its chance after the pause
 * before it counts as stalled. Not a false alarm then, but not a stall either: the load threads were paused too.
 *
 * <p>While the agent holds no load its rounds come every half bound (at most 5 s) instead of every tenth: a stall
 * then has nothing to stop, {@link #live()} is computed when asked, and ten wake-ups a second were a tenth of the idle
 * agent's CPU. Whoever gives the agent load calls {@link #hurry()} first, so a tick that stalls from there on is
 * caught at the busy pace.
 */
public final class ControlLoopWatchdog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ControlLoopWatchdog.class.getName());
    private static final long MAX_PERIOD_NANOS = 100_000_000L;
    private static final long MAX_IDLE_PERIOD_NANOS = 5_000_000_000L;

    private final LongSupplier nanoTime;
    private final long boundNanos;
    private final long periodNanos;
    private final long idlePeriodNanos;
    private final BooleanSupplier busy;
    private final Consumer<String> onStall;
    private final Thread thread;
    private volatile boolean running;
    /** When the last tick completed, or the watchdog resumed after a pause of its own: the stall is measured from it. */
    private volatile long sinceNanos;
    private volatile long lastTickNanos;
    private volatile boolean tripped;
    private long lastRoundNanos;
    /** What the round under way waited for: the busy or the idle period. */
    private volatile long roundPeriodNanos;

    /** A watchdog that always keeps the busy pace. */
    public ControlLoopWatchdog(String agentId, LongSupplier nanoTime, Duration bound, Consumer<String> onStall) {
        this(agentId, nanoTime, bound, () -> true, onStall);
    }

    /** {@code busy}: whether the agent holds load now (rounds every tenth of the bound then, else every half). */
    public ControlLoopWatchdog(String agentId, LongSupplier nanoTime, Duration bound, BooleanSupplier busy,
                               Consumer<String> onStall) {
        this.nanoTime = Checks.notNull(nanoTime, "monotonic clock");
        Checks.notNull(bound, "stress.agent.watchdog_bound");
        Checks.between(bound.toMillis(), 100, 60_000, "stress.agent.watchdog_bound (ms)");
        this.boundNanos = bound.toNanos();
        this.periodNanos = Math.min(MAX_PERIOD_NANOS, boundNanos / 10);
        this.idlePeriodNanos = Math.min(MAX_IDLE_PERIOD_NANOS, boundNanos / 2);
        this.roundPeriodNanos = periodNanos;
        this.busy = Checks.notNull(busy, "busy");
        this.onStall = Checks.notNull(onStall, "stall action");
        long now = nanoTime.getAsLong();
        this.sinceNanos = now;
        this.lastTickNanos = now;
        this.lastRoundNanos = now;
        this.thread = new Thread(this::run, "agent-watchdog-" + agentId);
        thread.setDaemon(true);
    }

    /** Starts watching; the tick is given the whole bound from now. */
    public ControlLoopWatchdog start() {
        long now = nanoTime.getAsLong();
        sinceNanos = now;
        lastRoundNanos = now;
        running = true;
        thread.start();
        return this;
    }

    /** A tick completed. */
    public void ticked() {
        long now = nanoTime.getAsLong();
        lastTickNanos = now;
        sinceNanos = now;
        if (tripped) {
            tripped = false;
            LOG.log(System.Logger.Level.WARNING, "Control loop ticks again; load stays stopped until a new command");
        }
    }

    /**
     * One watchdog round; the watchdog's thread calls it every tenth of the bound (at most every 100 ms) while the
     * agent holds load, every half bound (at most 5 s) otherwise.
     */
    public void check() {
        long now = nanoTime.getAsLong();
        long late = now - lastRoundNanos - roundPeriodNanos;
        lastRoundNanos = now;
        if (late > boundNanos / 2) {
            // The watchdog itself was held up that long: a pause of the whole process, not of the tick alone.
            sinceNanos = Math.max(sinceNanos, now);
            return;
        }
        long stalled = now - sinceNanos;
        if (stalled > boundNanos && !tripped) {
            tripped = true;
            onStall.accept("no control tick for " + stalled / 1_000_000 + " ms (bound " + boundNanos / 1_000_000 + " ms)");
        }
    }

    /** Whether the tick is within its bound now (false from the moment a stall passes the bound until a tick). */
    public boolean live() {
        return !tripped && nanoTime.getAsLong() - sinceNanos <= boundNanos;
    }

    /** Whether a stall was reported and no tick has completed since. */
    public boolean tripped() {
        return tripped;
    }

    /** Milliseconds since the last completed tick. */
    public long sinceLastTickMs() {
        return (nanoTime.getAsLong() - lastTickNanos) / 1_000_000;
    }

    public long boundMs() {
        return boundNanos / 1_000_000;
    }

    /** Load is about to be held: the round under way ends now, and the next ones come at the busy pace. */
    public void hurry() {
        LockSupport.unpark(thread);
    }

    /** How long the next round waits. */
    long nextPeriodNanos() {
        return busy.getAsBoolean() ? periodNanos : idlePeriodNanos;
    }

    private void run() {
        while (running) {
            try {
                long period = nextPeriodNanos();
                roundPeriodNanos = period;
                LockSupport.parkNanos(this, period);
                if (!running || Thread.interrupted()) {
                    return;
                }
                check();
            } catch (Throwable e) {
                // The watchdog must outlive whatever it reports to: log and watch on.
                LOG.log(System.Logger.Level.ERROR, "Watchdog round failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
