package io.stressfw.agent.control;

import io.stressfw.agent.generator.HeldResources;
import io.stressfw.agent.generator.LoadCap;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real generator that misbehaves when told to: its next {@code setTarget} blocks until released (a stalled tick) or
 * throws (an {@link OutOfMemoryError} from {@code Thread.start}, say), and its next {@code stopNow} may throw once.
 * Everything else, the load included, is the real generator's. Public for bench/AgentFailSafeBench, which stalls its
 * ticks the same way (its script compiles it against this module's test classes).
 */
public final class FaultyGenerator implements LoadGenerator {
    private final LoadGenerator real;
    private final AtomicReference<Throwable> nextSetTargetFailure = new AtomicReference<>();
    private final AtomicReference<Throwable> nextStopFailure = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> nextSetTargetBlock = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> blocked = new AtomicReference<>(new CountDownLatch(1));
    private volatile long lastReturnNanos;
    private volatile long lastReturnBeforeFaultNanos;
    private volatile long faultNanos;

    public FaultyGenerator(LoadGenerator real) {
        this.real = real;
    }

    /**
     * The next setTarget, in whatever thread calls it, waits until the returned latch is counted down; {@link #blocked()}
     * is then a new latch for that block.
     */
    public CountDownLatch blockNextSetTarget() {
        blocked.set(new CountDownLatch(1));
        CountDownLatch release = new CountDownLatch(1);
        nextSetTargetBlock.set(release);
        return release;
    }

    /** Counted down once a setTarget is blocked (by the last {@link #blockNextSetTarget()}). */
    public CountDownLatch blocked() {
        return blocked.get();
    }

    public void failNextSetTarget(Throwable failure) {
        nextSetTargetFailure.set(failure);
    }

    public void failNextStop(Throwable failure) {
        nextStopFailure.set(failure);
    }

    @Override
    public ResourceKind kind() {
        return real.kind();
    }

    @Override
    public void setTarget(double percent) {
        CountDownLatch release = nextSetTargetBlock.getAndSet(null);
        Throwable failure = nextSetTargetFailure.get();
        if (release != null || failure != null) {
            lastReturnBeforeFaultNanos = lastReturnNanos;
            faultNanos = System.nanoTime();
        }
        if (release != null) {
            blocked.get().countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failure = nextSetTargetFailure.getAndSet(null);
        if (failure != null) {
            throw sneaky(failure);
        }
        real.setTarget(percent);
        lastReturnNanos = System.nanoTime();
    }

    /**
     * When the last setTarget before the latest blocked or failing one returned ({@link System#nanoTime}). The tick
     * that made that call completed after it, so a watchdog may not act before this plus its bound: a lower bound that
     * holds however late the test's own thread runs.
     */
    public long lastReturnBeforeFaultNanos() {
        return lastReturnBeforeFaultNanos;
    }

    /** When the latest blocked or failing setTarget was called ({@link System#nanoTime}): the stall's start. */
    public long faultNanos() {
        return faultNanos;
    }

    @Override
    public void stopNow() {
        Throwable failure = nextStopFailure.getAndSet(null);
        if (failure != null) {
            throw sneaky(failure);
        }
        real.stopNow();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    @Override
    public double targetPercent() {
        return real.targetPercent();
    }

    @Override
    public GeneratorReading reading() {
        return real.reading();
    }

    @Override
    public double cap() {
        return real.cap();
    }

    @Override
    public List<LoadCap> caps() {
        return real.caps();
    }

    @Override
    public String refusal(LoadLimits limits) {
        return real.refusal(limits);
    }

    @Override
    public void applyLimits(LoadLimits limits) {
        real.applyLimits(limits);
    }

    @Override
    public Map<String, String> notes() {
        return real.notes();
    }

    @Override
    public int activeThreads() {
        return real.activeThreads();
    }

    @Override
    public HeldResources held() {
        return real.held();
    }
}
