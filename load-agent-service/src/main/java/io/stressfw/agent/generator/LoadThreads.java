package io.stressfw.agent.generator;

import io.stressfw.model.Checks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The threads that generate load for one agent, and the CPU time they have used, live and finished. The CPU
 * generator subtracts it from the process's CPU time to see the agent's own work (JVM, Kafka, samples, REST), which
 * counts towards the CPU target while the memory, I/O and network generators' threads do not.
 *
 * <p>One instance per agent, owned by whoever builds the agent and handed to its generators and its sink; a test
 * builds its own, so that no test sees another's threads.
 */
public final class LoadThreads {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Object lock = new Object();
    private final Set<Thread> live = new HashSet<>();
    private long finishedCpuNanos;

    /** A daemon thread, not yet started, whose CPU time is accounted as load. */
    public Thread newThread(String name, Runnable body) {
        Checks.notBlank(name, "a load thread's name");
        Checks.notNull(body, "a load thread's body");
        Thread thread = new Thread(() -> {
            synchronized (lock) {
                live.add(Thread.currentThread());
            }
            try {
                body.run();
            } finally {
                synchronized (lock) {
                    finishedCpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime());
                    live.remove(Thread.currentThread());
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** CPU time used by every load thread made here so far, in nanoseconds. */
    public long cpuNanos() {
        synchronized (lock) {
            long sum = finishedCpuNanos;
            for (Thread t : live) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
            return sum;
        }
    }

    /** Load threads made here that are running right now. */
    public int live() {
        synchronized (lock) {
            return live.size();
        }
    }

    /**
     * The agent's own work so far: the process's CPU time minus these load threads', in nanoseconds; always 0 when
     * this JVM cannot read its CPU time, so that there is nothing to compensate for.
     */
    public LongSupplier overheadCpuNanos() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
                || os.getProcessCpuTime() < 0) {
            return () -> 0L;
        }
        return () -> os.getProcessCpuTime() - cpuNanos();
    }
}
