package io.stressfw.agent.generator;

import io.stressfw.agent.host.HostCpuSource;
import io.stressfw.agent.host.HostCpuTimes;
import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private final LoadThreads loadThreads;
    private final LongSupplier overheadCpuNanos;
    private final OverheadCompensator compensator;
    private final LoadCap coresCap;
    private final RateWindow ownRate = new RateWindow(1000);
    private final Object lock = new Object();
    private final List<CpuWorker> workers = new ArrayList<>();
    private volatile Thread controller;
    private volatile double targetPercent;
    private volatile double hostBusyPercent;
    private volatile boolean running;
    private long finishedCpuNanos;

    private CpuLoadGenerator(Builder builder) {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time, the CPU generator needs it");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        this.cores = builder.cores;
        this.intervalNanos = builder.intervalNanos;
        this.mode = builder.mode;
        this.hostCpu = builder.hostCpu;
        this.loadThreads = builder.loadThreads;
        this.overheadCpuNanos = builder.overheadCpuNanos != null ? builder.overheadCpuNanos
                : builder.loadThreads.overheadCpuNanos();
        this.compensator = new OverheadCompensator(cores, OVERHEAD_SMOOTHING);
        this.coresCap = LoadCap.named("cpu_cores", cores).unit("cores", "cores").build();
    }

    /** A generator on one core, 100 ms precision interval, agent mode; its workers are {@code loadThreads}' threads. */
    public static Builder builder(LoadThreads loadThreads) {
        return new Builder(loadThreads);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.CPU;
    }

    @Override
    public void setTarget(double percent) {
        Checks.between(percent, 0, 100, "target percent");
        synchronized (lock) {
            targetPercent = percent;
            if (percent > 0 && !running) {
                startWorkers();
            }
            if (mode == CpuMode.AGENT) {
                double duty = compensator.duty(percent);
                workers.forEach(w -> w.duty(duty));
            }
        }
    }

    @Override
    public double targetPercent() {
        return targetPercent;
    }

    @Override
    public double cap() {
        return coresCap.effective();
    }

    @Override
    public List<LoadCap> caps() {
        return List.of(coresCap);
    }

    @Override
    public Map<String, String> notes() {
        return Map.of("cpu_mode", mode.name().toLowerCase(Locale.ROOT));
    }

    /** CPU time the workers have used since the generator was created, in nanoseconds. */
    public long cpuNanos() {
        synchronized (lock) {
            long sum = finishedCpuNanos;
            for (CpuWorker w : workers) {
                sum += w.cpuNanos();
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
            workers.forEach(CpuWorker::stop);
            if (controller != null) {
                LockSupport.unpark(controller);
            }
        }
    }

    @Override
    public int activeThreads() {
        synchronized (lock) {
            int alive = (int) workers.stream().filter(CpuWorker::alive).count();
            return alive + (controller != null && controller.isAlive() ? 1 : 0);
        }
    }

    private void startWorkers() {
        workers.removeIf(w -> !w.alive());
        running = true;
        for (int i = 0; i < cores; i++) {
            double duty = mode == CpuMode.AGENT ? compensator.duty(targetPercent) : 0;
            CpuWorker w = new CpuWorker(loadThreads, "agent-cpu-" + i, intervalNanos, duty, this::workerEnded);
            workers.add(w);
            w.start();
        }
        // Not a load thread: its own CPU time is part of the agent's work that agent mode compensates for.
        controller = new Thread(mode == CpuMode.HOST ? this::controlHost : this::controlAgent, "agent-cpu-control");
        controller.setDaemon(true);
        controller.start();
    }

    private void workerEnded(CpuWorker worker, long cpuNanos) {
        synchronized (lock) {
            finishedCpuNanos += cpuNanos;
            workers.remove(worker);
        }
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
                    workers.forEach(w -> w.duty(duty));
                }
            }
            previousOverhead = overhead;
            previousWall = wall;
        }
    }

    private void controlHost() {
        HostCpuTimes previousHost = hostCpu.read();
        HostTopUpController topUp = new HostTopUpController(previousHost.cores(), Math.min(cores, previousHost.cores()));
        long previousOwn = cpuNanos();
        long previousLoad = loadThreads.cpuNanos();
        long previousWall = System.nanoTime();
        Thread self = Thread.currentThread();
        while (running && controller == self) {
            LockSupport.parkNanos(HOST_CONTROL_NANOS);
            if (!running || controller != self) {
                break;
            }
            HostCpuTimes host = hostCpu.read();
            long own = cpuNanos();
            long load = loadThreads.cpuNanos();
            long wall = System.nanoTime();
            double busy = host.busyPercentSince(previousHost);
            if (!Double.isNaN(busy)) {
                hostBusyPercent = busy;
                double elapsed = wall - previousWall;
                double ownCores = (own - previousOwn) / elapsed;
                // Every load thread but this generator's workers: the memory, I/O and network generators.
                double siblingCores = Math.max(0, (load - previousLoad) - (own - previousOwn)) / elapsed;
                double desired = topUp.update(targetPercent, busy, ownCores, siblingCores);
                synchronized (lock) {
                    workers.forEach(w -> w.duty(Math.min(1, desired / cores)));
                }
                previousHost = host;
                previousOwn = own;
                previousLoad = load;
                previousWall = wall;
            }
        }
    }

    public static final class Builder {
        private final LoadThreads loadThreads;
        private int cores = 1;
        private long intervalNanos = 100_000_000L;
        private CpuMode mode = CpuMode.AGENT;
        private HostCpuSource hostCpu;
        private LongSupplier overheadCpuNanos;

        private Builder(LoadThreads loadThreads) {
            this.loadThreads = Checks.notNull(loadThreads, "load threads");
        }

        /** Cores to load: one worker each. */
        public Builder cores(int cores) {
            Checks.positive(cores, "cpu cores");
            this.cores = cores;
            return this;
        }

        /** The duty-cycle interval of each worker, 1 to 100 ms. */
        public Builder precisionIntervalMs(int millis) {
            this.intervalNanos = new DutyCycleController(millis * 1_000_000L).intervalNanos();
            return this;
        }

        public Builder mode(CpuMode mode) {
            this.mode = Checks.notNull(mode, "cpu mode");
            return this;
        }

        /** The host's CPU times; host mode reads them to top up the whole host's load. */
        public Builder hostCpu(HostCpuSource hostCpu) {
            this.hostCpu = Checks.notNull(hostCpu, "host cpu source");
            return this;
        }

        /**
         * CPU time the agent's own work (everything but load threads) has used so far; agent mode keeps the workers
         * plus this at the target. Default: the process's CPU time minus the load threads'.
         */
        public Builder overheadCpuNanos(LongSupplier overheadCpuNanos) {
            this.overheadCpuNanos = Checks.notNull(overheadCpuNanos, "overhead cpu source");
            return this;
        }

        public CpuLoadGenerator build() {
            if (mode == CpuMode.HOST && hostCpu == null) {
                throw new IllegalArgumentException("host mode needs a host cpu source");
            }
            return new CpuLoadGenerator(this);
        }
    }
}
