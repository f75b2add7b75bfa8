package io.stressfw.agent.control;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The controller's tick on a thread of its own, every {@value #TICK_MS} ms, and the {@link ControlLoopWatchdog} over
 * it. A tick that throws anything is handed to {@code onTickFailure} on the tick's thread; should that throw too, the
 * tick's task ends, and the watchdog sees a stall that never ends. {@link #offLoop} runs work on a third thread, for
 * what must wait for a lock a stuck tick may hold.
 */
final class ControlLoop implements AutoCloseable {
    static final long TICK_MS = 20;

    private final Runnable tick;
    private final Consumer<Throwable> onTickFailure;
    private final ControlLoopWatchdog watchdog;
    private final ScheduledExecutorService ticker;
    private final ExecutorService offLoop;
    private volatile ScheduledFuture<?> task;

    ControlLoop(String agentId, AgentClock clock, Duration watchdogBound, Runnable tick, Consumer<Throwable> onTickFailure,
                Consumer<String> onStall) {
        this.tick = tick;
        this.onTickFailure = onTickFailure;
        this.watchdog = new ControlLoopWatchdog(agentId, clock.nanoTime(), watchdogBound, onStall);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agent-control-" + agentId));
        this.offLoop = Executors.newSingleThreadExecutor(r -> daemon(r, "agent-halt-" + agentId));
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        task = ticker.scheduleAtFixedRate(this::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        watchdog.start();
    }

    /** A tick completed within the watchdog's bound and the tick's task has not died; true before {@link #start()}. */
    boolean live() {
        ScheduledFuture<?> current = task;
        return current == null || (!current.isDone() && watchdog.live());
    }

    ControlLoopWatchdog watchdog() {
        return watchdog;
    }

    /** What ended the tick's task ({@code "; the tick died: <error>"}), or "" while it runs. */
    String deathCause() {
        ScheduledFuture<?> current = task;
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
