package io.stressfw.agent.control;

import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The broker half of the dead-man's switch: the broker acknowledges the agent's heartbeat every second (and each of its
 * samples), and once it has acknowledged nothing for {@code timeout} the agent stops its load, since stop commands
 * could no longer reach it either. The watch asks the broker nothing of its own: an admin client probing the cluster
 * every second was a connection, a thread and a request a second on every node under test, to learn what the
 * acknowledgements already tell. The producer reconnects by itself, so a broker that comes back (restarted, behind a
 * proxy, after a partition) is seen again with its next acknowledgement.
 *
 * <p>Silence is measured on the monotonic clock (a wall clock stepped by NTP must not look like a silent broker), from
 * the last acknowledgement or the watch's start, whichever is later; a round every {@value #MAX_PERIOD_MS} ms (a
 * quarter of the time-out at most) on a thread of its own, so that the switch trips within a round of the time-out.
 */
public final class BrokerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BrokerWatch.class.getName());
    private static final long MAX_PERIOD_MS = 500;
    private final LongSupplier nanoTime;
    private final LongSupplier lastAcknowledgedNanos;
    private final long timeoutNanos;
    private final long periodNanos;
    private final Consumer<String> onUnreachable;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean reachable = true;
    private volatile long startedNanos;

    /**
     * {@code lastAcknowledgedNanos}: when the broker last acknowledged a record the agent sent, on {@code nanoTime}'s
     * clock ({@link Long#MIN_VALUE} before the first); {@code onUnreachable} is called at every round while silent.
     */
    public BrokerWatch(LongSupplier nanoTime, LongSupplier lastAcknowledgedNanos, Duration timeout,
                       Consumer<String> onUnreachable) {
        Checks.notNull(timeout, "stress.agent.broker_timeout");
        if (timeout.toMillis() < 1000) {
            throw new IllegalArgumentException("broker timeout must be >= 1 s, was " + timeout);
        }
        this.nanoTime = Checks.notNull(nanoTime, "monotonic clock");
        this.lastAcknowledgedNanos = Checks.notNull(lastAcknowledgedNanos, "last acknowledgement");
        this.timeoutNanos = timeout.toNanos();
        this.periodNanos = Math.min(MAX_PERIOD_MS * 1_000_000, timeoutNanos / 4);
        this.onUnreachable = Checks.notNull(onUnreachable, "unreachable action");
        this.startedNanos = nanoTime.getAsLong();
        this.thread = new Thread(this::run, "agent-broker-watch");
        thread.setDaemon(true);
    }

    public BrokerWatch start() {
        startedNanos = nanoTime.getAsLong();
        thread.start();
        return this;
    }

    public boolean reachable() {
        return reachable;
    }

    /** One round: the switch trips when nothing was acknowledged for the time-out, and resets with the next one. */
    void check() {
        long silentNanos = nanoTime.getAsLong() - Math.max(startedNanos, lastAcknowledgedNanos.getAsLong());
        if (silentNanos < timeoutNanos) {
            if (!reachable) {
                LOG.log(System.Logger.Level.INFO, "Broker reachable again");
            }
            reachable = true;
            return;
        }
        long silentMs = silentNanos / 1_000_000;
        if (reachable) {
            LOG.log(System.Logger.Level.WARNING, "Broker unreachable: nothing acknowledged for " + silentMs + " ms");
        }
        reachable = false;
        onUnreachable.accept("no acknowledgement from the broker for " + silentMs + " ms");
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(this, periodNanos);
            if (!running || Thread.interrupted()) {
                return;
            }
            try {
                check();
            } catch (RuntimeException e) {
                // The switch must outlive whatever it reports to: log and watch on.
                LOG.log(System.Logger.Level.ERROR, "Broker watch round failed", e);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
