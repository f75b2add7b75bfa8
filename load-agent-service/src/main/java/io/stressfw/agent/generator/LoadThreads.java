package io.stressfw.agent.generator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Set;

/**
 * The threads of this process that generate load, and the CPU time they have used, live and finished. The CPU
 * generator subtracts it from the process's CPU time to see the agent's own work (JVM, Kafka, samples, REST), which
 * counts towards the CPU target while the memory, I/O and network generators' threads do not.
 */
public final class LoadThreads {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Object LOCK = new Object();
    private static final Set<Thread> LIVE = new HashSet<>();
    private static long finishedCpuNanos;

    private LoadThreads() {
    }

    /** A daemon thread, not yet started, whose CPU time is accounted as load. */
    public static Thread newThread(String name, Runnable body) {
        if (name == null || name.isBlank() || body == null) {
            throw new IllegalArgumentException("a load thread needs a name and a body");
        }
        Thread thread = new Thread(() -> {
            synchronized (LOCK) {
                LIVE.add(Thread.currentThread());
            }
            try {
                body.run();
            } finally {
                synchronized (LOCK) {
                    finishedCpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime());
                    LIVE.remove(Thread.currentThread());
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** CPU time used by every load thread of this process so far, in nanoseconds. */
    public static long cpuNanos() {
        synchronized (LOCK) {
            long sum = finishedCpuNanos;
            for (Thread t : LIVE) {
                sum += Math.max(0, THREADS.getThreadCpuTime(t.getId()));
            }
            return sum;
        }
    }

    /** Load threads alive right now. */
    public static int live() {
        synchronized (LOCK) {
            return LIVE.size();
        }
    }
}
