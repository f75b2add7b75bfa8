package io.stressfw.agent.generator;

import io.stressfw.agent.host.HostCpuSource;
import io.stressfw.agent.host.HostCpuTimes;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * CPU load: one worker per core, each running a closed-loop duty cycle on the precision interval, measured with the
 * thread's own CPU time. A controller thread sets the workers' duty: in {@link CpuMode#AGENT} mode so that the agent
 * process as a whole (workers plus its own work, see {@link OverheadCompensator}) sits at the target share of its
 * cores; in {@link CpuMode#HOST} mode so that the whole host sits at the target.
 */
public final class CpuLoadGenerator implements LoadGenerator {
    private static final long HOST_CONTROL_NANOS = 200_000_000L;
    private static final long AGENT_CONTROL_NANOS = 100_000_000L;
    /** The agent's own work is averaged over about a second: smooths the 10 ms clock of the process CPU time. */
    private static final double OVERHEAD_SMOOTHING = 0.1;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int cores;
    private final long intervalNanos;
    private final CpuMode mode;
    private final HostCpuSource hostCpu;
    private final LongSupplier overheadCpuNanos;
    private final OverheadCompensator compensator;
    private final RateWindow ownRate = new RateWindow(1000);
    private final Object lock = new Object();
    private final List<Worker> workers = new ArrayList<>();
    private volatile Thread controller;
    private volatile double targetPercent;
    private volatile double hostBusyPercent;
    private volatile boolean running;
    private long finishedCpuNanos;

    public CpuLoadGenerator(int cores, int precisionIntervalMs, CpuMode mode, HostCpuSource hostCpu) {
        this(cores, precisionIntervalMs, mode, hostCpu, processOverheadCpu());
    }

    /**
     * @param overheadCpuNanos CPU time the agent's own work (everything but load threads) has used so far; agent
     *                         mode keeps the workers plus this at the target
     */
    public CpuLoadGenerator(int cores, int precisionIntervalMs, CpuMode mode, HostCpuSource hostCpu,
                            LongSupplier overheadCpuNanos) {
        if (cores < 1) {
            throw new IllegalArgumentException("cpu cores must be >= 1, was " + cores);
        }
        if (mode == null) {
            throw new IllegalArgumentException("cpu mode is required");
        }
        if (mode == CpuMode.HOST && hostCpu == null) {
            throw new IllegalArgumentException("host mode needs a host cpu source");
        }
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time, the CPU generator needs it");
        }
        if (overheadCpuNanos == null) {
            throw new IllegalArgumentException("an overhead cpu source is required");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        this.cores = cores;
        this.overheadCpuNanos = overheadCpuNanos;
        this.compensator = new OverheadCompensator(cores, OVERHEAD_SMOOTHING);
        this.intervalNanos = new DutyCycleController(precisionIntervalMs * 1_000_000L).intervalNanos();
        this.mode = mode;
        this.hostCpu = hostCpu;
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.CPU;
    }

    public CpuMode mode() {
        return mode;
    }

    @Override
    public void setTarget(double percent) {
        LoadGenerator.checkPercent(percent);
        synchronized (lock) {
            targetPercent = percent;
            if (percent > 0 && !running) {
                startWorkers();
            }
            if (mode == CpuMode.AGENT) {
                double duty = compensator.duty(percent);
                workers.forEach(w -> w.duty = duty);
            }
        }
    }

    @Override
    public double targetPercent() {
        return targetPercent;
    }

    @Override
    public double cap() {
        return cores;
    }

    /** CPU time the workers have used since the generator was created, in nanoseconds. */
    public long cpuNanos() {
        synchronized (lock) {
            long sum = finishedCpuNanos;
            for (Worker w : workers) {
                sum += Math.max(0, THREADS.getThreadCpuTime(w.thread.getId()));
            }
            return sum;
        }
    }

    @Override
    public GeneratorReading reading() {
        double ownCores = ownRate.update(System.nanoTime(), cpuNanos()) / 1e9;
        if (mode == CpuMode.HOST && running) {
            return new GeneratorReading(targetPercent, Math.max(0, hostBusyPercent), ownCores, "cores");
        }
        double agentCores = running && targetPercent > 0 ? Math.max(0, ownCores + overheadCores()) : ownCores;
        return new GeneratorReading(targetPercent, Math.max(0, agentCores / cores * 100), agentCores, "cores");
    }

    /** The agent's own work in cores, as the agent mode currently compensates for it. */
    public double overheadCores() {
        synchronized (lock) {
            return compensator.overheadCores();
        }
    }

    @Override
    public void stopNow() {
        synchronized (lock) {
            targetPercent = 0;
            running = false;
            for (Worker w : workers) {
                w.duty = 0;
                w.stop = true;
                LockSupport.unpark(w.thread);
            }
            if (controller != null) {
                LockSupport.unpark(controller);
            }
        }
    }

    @Override
    public int activeThreads() {
        synchronized (lock) {
            int alive = (int) workers.stream().filter(w -> w.thread.isAlive()).count();
            return alive + (controller != null && controller.isAlive() ? 1 : 0);
        }
    }

    private void startWorkers() {
        workers.removeIf(w -> !w.thread.isAlive());
        running = true;
        for (int i = 0; i < cores; i++) {
            Worker w = new Worker();
            w.duty = mode == CpuMode.AGENT ? compensator.duty(targetPercent) : 0;
            w.thread = LoadThreads.newThread("agent-cpu-" + i, w::run);
            workers.add(w);
            w.thread.start();
        }
        // Not a load thread: its own CPU time is part of the agent's work that agent mode compensates for.
        controller = new Thread(mode == CpuMode.HOST ? this::controlHost : this::controlAgent, "agent-cpu-control");
        controller.setDaemon(true);
        controller.start();
    }

    private void controlAgent() {
        long previousOverhead = overheadCpuNanos.getAsLong();
        long previousWall = System.nanoTime();
        Thread self = Thread.currentThread();
        while (running && controller == self) {
            LockSupport.parkNanos(AGENT_CONTROL_NANOS);
            if (!running || controller != self) {
                break;
            }
            long overhead = overheadCpuNanos.getAsLong();
            long wall = System.nanoTime();
            synchronized (lock) {
                compensator.record(wall - previousWall, overhead - previousOverhead);
                if (running) {
                    double duty = compensator.duty(targetPercent);
                    workers.forEach(w -> w.duty = duty);
                }
            }
            previousOverhead = overhead;
            previousWall = wall;
        }
    }

    /** Process CPU time minus the load threads', or nothing to compensate when this JVM cannot read its CPU time. */
    private static LongSupplier processOverheadCpu() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
                || os.getProcessCpuTime() < 0) {
            return () -> 0L;
        }
        return () -> os.getProcessCpuTime() - LoadThreads.cpuNanos();
    }

    private void controlHost() {
        HostCpuTimes previousHost = hostCpu.read();
        HostTopUpController topUp = new HostTopUpController(previousHost.cores(), Math.min(cores, previousHost.cores()));
        long previousOwn = cpuNanos();
        long previousWall = System.nanoTime();
        Thread self = Thread.currentThread();
        while (running && controller == self) {
            LockSupport.parkNanos(HOST_CONTROL_NANOS);
            if (!running || controller != self) {
                break;
            }
            HostCpuTimes host = hostCpu.read();
            long own = cpuNanos();
            long wall = System.nanoTime();
            double busy = host.busyPercentSince(previousHost);
            if (!Double.isNaN(busy)) {
                hostBusyPercent = busy;
                double ownCores = (own - previousOwn) / (double) (wall - previousWall);
                double desired = topUp.update(targetPercent, busy, ownCores);
                synchronized (lock) {
                    workers.forEach(w -> w.duty = Math.min(1, desired / cores));
                }
                previousHost = host;
                previousOwn = own;
                previousWall = wall;
            }
        }
    }

    private final class Worker {
        volatile double duty;
        volatile boolean stop;
        Thread thread;
        private long sink;

        void run() {
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
                synchronized (lock) {
                    finishedCpuNanos += Math.max(0, THREADS.getCurrentThreadCpuTime());
                    workers.remove(this);
                }
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
}
