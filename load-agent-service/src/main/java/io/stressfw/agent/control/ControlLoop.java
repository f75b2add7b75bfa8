package io.stressfw.agent.control;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The controller's tick on a thread of its own, every {@value #TICK_MS} ms while the agent holds load and every
 * {@value #IDLE_TICK_MS} ms (at most a quarter of the watchdog's bound) while it holds none, and the {@link ControlLoopWatchdog} over it. A tick that throws anything is handed to {@code onTickFailure} on the tick's thread; should that throw too, the
 * tick's task ends, and the watchdog sees a stall that never ends. {@link #offLoop} runs work on a third thread, for
 * what must wait for a lock a stuck tick may hold.
 */
final class ControlLoop implements AutoCloseable {
    static final long TICK_MS = 20;
    /**
     * The period while the agent holds no load: no ramp moves and no lease runs out, and a command takes effect in the
     * thread that delivers it, so five ticks a second keep the watchdog (1 s bound) fed at a tenth of the wake-ups.
     */
    static final long IDLE_TICK_MS = 200;

    private final Runnable tick;
    private final BooleanSupplier busy;
    private final long idleTickMs;
    private final Consumer<Throwable> onTickFailure;
    private final ControlLoopWatchdog watchdog;
    private final ScheduledExecutorService ticker;
    private final ExecutorService offLoop;
    private final AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();

    /** {@code busy}: whether the agent holds load now (the tick then comes every {@value #TICK_MS} ms). */
    ControlLoop(String agentId, AgentClock clock, Duration watchdogBound, Runnable tick, BooleanSupplier busy,
                Consumer<Throwable> onTickFailure, Consumer<String> onStall) {
        this(Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-control-" + agentId)), agentId, clock,
                watchdogBound, tick, busy, onTickFailure, onStall);
    }

    /** On {@code ticker}, a single-threaded scheduler the loop owns from now on (tests pass one that misbehaves). */
    ControlLoop(ScheduledExecutorService ticker, String agentId, AgentClock clock, Duration watchdogBound, Runnable tick,
                BooleanSupplier busy, Consumer<Throwable> onTickFailure, Consumer<String> onStall) {
        this.tick = tick;
        this.busy = busy;
        // A quarter of the watchdog's bound at most, so that an idle loop never looks stalled.
        this.idleTickMs = Math.max(TICK_MS, Math.min(IDLE_TICK_MS, watchdogBound.toMillis() / 4));
        this.onTickFailure = onTickFailure;
        this.watchdog = new ControlLoopWatchdog(agentId, clock.nanoTime(), watchdogBound, busy, onStall);
        this.ticker = ticker;
        this.offLoop = Executors.newSingleThreadExecutor(r -> daemon(r, "agent-halt-" + agentId));
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        ScheduledFuture<?> first = ticker.schedule(this::loop, TICK_MS, TimeUnit.MILLISECONDS);
        // The first tick may have run and scheduled the next before this thread gets here (a busy host can hold it
        // that long): storing the first over the next would leave a done task, and the loop not live, until a tick.
        task.compareAndSet(null, first);
        watchdog.start();
    }

    /**
     * One tick, then the next one scheduled; the next is set as {@link #task} before this one ends, so {@code task} is
     * never done while the loop lives. Should {@code onTickFailure} throw, no next tick is scheduled and the task ends
     * with that error, as a periodic task would.
     */
    private void loop() {
        tickSafely();
        task.set(ticker.schedule(this::loop, busy.getAsBoolean() ? TICK_MS : idleTickMs, TimeUnit.MILLISECONDS));
    }

    /** A tick completed within the watchdog's bound and the tick's task has not died; true before {@link #start()}. */
    boolean live() {
        ScheduledFuture<?> current = task.get();
        return current == null || (!current.isDone() && watchdog.live());
    }

    ControlLoopWatchdog watchdog() {
        return watchdog;
    }

    /** What ended the tick's task ({@code "; the tick died: <error>"}), or "" while it runs. */
    String deathCause() {
        ScheduledFuture<?> current = task.get();
        if (current == null || !current.isDone() || current.isCancelled()) {
            return "";
        }
        try {
            current.get();
            return "";
        } catch (ExecutionException e) {
            return "; the tick died: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    void offLoop(Runnable work) {
        offLoop.execute(work);
    }

    private void tickSafely() {
        try {
            tick.run();
            watchdog.ticked();
        } catch (Throwable e) {
            onTickFailure.accept(e);
        }
    }

    @Override
    public void close() {
        watchdog.close();
        ticker.shutdownNow();
        offLoop.shutdownNow();
    }
}
