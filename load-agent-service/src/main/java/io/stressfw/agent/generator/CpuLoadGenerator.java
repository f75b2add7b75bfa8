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

/**
 * CPU load: one worker per core, each running a closed-loop duty cycle on the precision interval, measured with the
 * thread's own CPU time. In {@link CpuMode#HOST} mode a controller thread reads the host's utilisation and sets the
 * workers' duty so that the host as a whole sits at the target.
 */
public final class CpuLoadGenerator implements LoadGenerator {
    private static final long HOST_CONTROL_NANOS = 200_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int cores;
    private final long intervalNanos;
    private final CpuMode mode;
    private final HostCpuSource hostCpu;
    private final RateWindow ownRate = new RateWindow(1000);
    private final Object lock = new Object();
    private final List<Worker> workers = new ArrayList<>();
    private volatile Thread hostController;
    private volatile double targetPercent;
    private volatile double hostBusyPercent;
    private volatile boolean running;
    private long finishedCpuNanos;

    public CpuLoadGenerator(int cores, int precisionIntervalMs, CpuMode mode, HostCpuSource hostCpu) {
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
        THREADS.setThreadCpuTimeEnabled(true);
        this.cores = cores;
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
                workers.forEach(w -> w.duty = percent / 100);
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
        double achieved = mode == CpuMode.HOST && running ? hostBusyPercent : ownCores / cores * 100;
        return new GeneratorReading(targetPercent, Math.max(0, achieved), ownCores, "cores");
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
            if (hostController != null) {
                LockSupport.unpark(hostController);
            }
        }
    }

    @Override
    public int activeThreads() {
        synchronized (lock) {
            int alive = (int) workers.stream().filter(w -> w.thread.isAlive()).count();
            return alive + (hostController != null && hostController.isAlive() ? 1 : 0);
        }
    }

    private void startWorkers() {
        workers.removeIf(w -> !w.thread.isAlive());
        running = true;
        for (int i = 0; i < cores; i++) {
            Worker w = new Worker();
            w.thread = new Thread(w::run, "agent-cpu-" + i);
            w.thread.setDaemon(true);
            workers.add(w);
            w.thread.start();
        }
        if (mode == CpuMode.HOST) {
            hostController = new Thread(this::controlHost, "agent-cpu-host");
            hostController.setDaemon(true);
            hostController.start();
        }
    }

    private void controlHost() {
        HostCpuTimes previousHost = hostCpu.read();
        HostTopUpController controller = new HostTopUpController(previousHost.cores(), Math.min(cores, previousHost.cores()));
        long previousOwn = cpuNanos();
        long previousWall = System.nanoTime();
        Thread self = Thread.currentThread();
        while (running && hostController == self) {
            LockSupport.parkNanos(HOST_CONTROL_NANOS);
            if (!running || hostController != self) {
                break;
            }
            HostCpuTimes host = hostCpu.read();
            long own = cpuNanos();
            long wall = System.nanoTime();
            double busy = host.busyPercentSince(previousHost);
            if (!Double.isNaN(busy)) {
                hostBusyPercent = busy;
                double ownCores = (own - previousOwn) / (double) (wall - previousWall);
                double desired = controller.update(targetPercent, busy, ownCores);
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
