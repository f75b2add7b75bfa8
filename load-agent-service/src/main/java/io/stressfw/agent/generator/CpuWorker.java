package io.stressfw.agent.generator;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ObjLongConsumer;

/**
 * One worker of the CPU generator: burns {@link #duty} of each precision interval, measured with its thread's own CPU
 * time and corrected by a {@link DutyCycleController}, until it is stopped. Its generator sets the duty.
 */
final class CpuWorker {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final long intervalNanos;
    private final ObjLongConsumer<CpuWorker> onExit;
    private final Thread thread;
    private volatile double duty;
    private volatile boolean stop;
    private long sink;

    /** @param onExit told, from the worker's thread as it ends, the CPU time the worker used in nanoseconds */
    CpuWorker(LoadThreads loadThreads, String name, long intervalNanos, double duty, ObjLongConsumer<CpuWorker> onExit) {
        this.intervalNanos = intervalNanos;
        this.duty = duty;
        this.onExit = onExit;
        this.thread = loadThreads.newThread(name, this::run);
    }

    void start() {
        thread.start();
    }

    void duty(double duty) {
        this.duty = duty;
    }

    /** Zero duty and exit, now rather than after the current interval. */
    void stop() {
        duty = 0;
        stop = true;
        LockSupport.unpark(thread);
    }

    boolean alive() {
        return thread.isAlive();
    }

    /** CPU time used so far, in nanoseconds; 0 before the start and after the end. */
    long cpuNanos() {
        return Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
    }

    private void run() {
        DutyCycleController control = new DutyCycleController(intervalNanos);
        try {
            while (!stop) {
                double d = duty;
                if (d <= 0) {
                    control.busyNanos(0);
                    LockSupport.parkNanos(intervalNanos);
                    continue;
                }
                long start = System.nanoTime();
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long busy = control.busyNanos(d);
                long cpu = cpu0;
                while (cpu - cpu0 < busy && System.nanoTime() - start < intervalNanos && !stop) {
                    burn();
                    cpu = THREADS.getCurrentThreadCpuTime();
                }
                long remaining;
                while (!stop && (remaining = start + intervalNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(remaining);
                }
                control.record(d, System.nanoTime() - start, THREADS.getCurrentThreadCpuTime() - cpu0);
            }
        } finally {
            onExit.accept(this, Math.max(0, THREADS.getCurrentThreadCpuTime()));
        }
    }

    private void burn() {
        long x = sink;
        for (int i = 0; i < 2000; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
