package io.stressfw.agent.generator;

import io.stressfw.agent.host.HostCpuSource;
import io.stressfw.agent.host.HostCpuTimes;
import io.stressfw.agent.scope.LoadScope;
import io.stressfw.agent.scope.ScopeShare;
import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceKind;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * CPU load: one worker per core, each running a closed-loop duty cycle on the precision interval, measured with the
 * thread's own CPU time. A controller thread sets the workers' duty. In {@link LoadScope#HOST} scope the target is the
 * whole host's utilisation: the agents on the host together top up whatever else runs ({@link ScopeTopUpController},
 * from {@code /proc/stat}), each taking its share. In {@link LoadScope#CONTAINER} scope the target is a share of the
 * container's CPU quota: the agent process as a whole (workers plus its own work, see {@link OverheadCompensator})
 * sits at its share of the target, which the container's CPU accounting shows as the container's usage.
 */
public final class CpuLoadGenerator implements LoadGenerator {
    /**
     * As often as the safety rules see the host (metrics-service samples every 100 ms): at 200 ms a foreign burst
     * during CRITICAL (95 % against a rule at 99 for 500 ms) was met too late in 4 of 8 runs even when taken whole.
     */
    private static final long HOST_CONTROL_NANOS = 100_000_000L;
    private static final long AGENT_CONTROL_NANOS = 100_000_000L;
    /** The agent's own work is averaged over about a second: smooths the 10 ms clock of the process CPU time. */
    private static final double OVERHEAD_SMOOTHING = 0.1;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int cores;
    private final double capacityCores;
    private final long intervalNanos;
    private final LoadScope scope;
    private final ScopeShare share;
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
    /** Host scope: the CPU of every load thread of the agent (all generators) over the last control step, in cores. */
    private volatile double agentLoadCores;
    /** What the last host control step left the workers under the target ({@link ScopeTopUpController#headroomCores}). */
    private volatile double headroomCores;
    private volatile boolean running;
    private long finishedCpuNanos;

    private CpuLoadGenerator(Builder builder) {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time, the CPU generator needs it");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        this.cores = builder.cores;
        this.intervalNanos = builder.intervalNanos;
        this.scope = builder.scope;
        this.share = builder.share;
        this.hostCpu = builder.hostCpu;
        this.capacityCores = scope == LoadScope.HOST ? builder.hostCpu.read().cores()
                : builder.capacityCores > 0 ? builder.capacityCores : cores;
        this.loadThreads = builder.loadThreads;
        this.overheadCpuNanos = builder.overheadCpuNanos != null ? builder.overheadCpuNanos
                : builder.loadThreads.overheadCpuNanos();
        this.compensator = new OverheadCompensator(cores, OVERHEAD_SMOOTHING);
        this.coresCap = LoadCap.named("cpu_cores", cores).unit("cores", "cores").build();
    }

    /**
     * A generator on one core, 100 ms precision interval, container scope with the whole scope to itself and its
     * cores as the scope's capacity; its workers are {@code loadThreads}' threads.
     */
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
            if (scope == LoadScope.CONTAINER) {
                double duty = compensator.duty(workerPercent(percent));
                workers.forEach(w -> w.duty(duty));
            }
        }
    }

    @Override
    public double targetPercent() {
        return targetPercent;
    }

    /** The scope's cores: what 100 % is (the host's, or the container's quota). */
    @Override
    public double cap() {
        return capacityCores;
    }

    /** The most this agent takes now: its share of the scope's cores, never more than its own workers. */
    @Override
    public double ownCap() {
        return Math.min(coresCap.effective(), share.share() * capacityCores);
    }

    public LoadScope scope() {
        return scope;
    }

    @Override
    public List<LoadCap> caps() {
        return List.of(coresCap);
    }

    @Override
    public Map<String, String> notes() {
        return Map.of("scope", scope.wireName());
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
        if (scope == LoadScope.HOST && running) {
            return new GeneratorReading(targetPercent, Math.max(0, hostBusyPercent), ownCores, "cores");
        }
        double agentCores = running && targetPercent > 0 ? Math.max(0, ownCores + overheadCores()) : ownCores;
        // Against the agent's share of the scope: N agents each at their share read as the scope at the target.
        double ownShare = share.share() * capacityCores;
        return new GeneratorReading(targetPercent, Math.max(0, agentCores / ownShare * 100), agentCores, "cores");
    }

    /**
     * What this agent generates on the CPU, in cores, as its peers in the scope count it: in host scope while running,
     * every load thread of the agent (these workers and the other generators' threads) over the last control step, so
     * that a peer neither counts the memory generator's page writes as foreign load nor reacts twice when this agent
     * trades worker time for them; else the workers' own reading.
     */
    public double agentLoadCores() {
        if (scope == LoadScope.HOST && running) {
            return agentLoadCores;
        }
        Double value = reading().achievedValue();
        return value == null ? 0 : value;
    }

    /**
     * In host scope while running, what the target leaves this agent's workers, in cores: the agent's other generators
     * may take that much more, and the workers burn that much less at the next control step; negative when the others
     * already take more than the agent's part. Else NaN: container scope does not trade, and without CPU load there is
     * no target to trade against.
     */
    public double headroomCores() {
        return scope == LoadScope.HOST && running ? headroomCores : Double.NaN;
    }

    /** The agent's own work in cores, as container scope currently compensates for it. */
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
            double duty = scope == LoadScope.CONTAINER ? compensator.duty(workerPercent(targetPercent)) : 0;
            CpuWorker w = new CpuWorker(loadThreads, "agent-cpu-" + i, intervalNanos, duty, this::workerEnded);
            workers.add(w);
            w.start();
        }
        // Not a load thread: its own CPU time is part of the agent's work that container scope compensates for.
        controller = new Thread(scope == LoadScope.HOST ? this::controlHost : this::controlAgent, "agent-cpu-control");
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
                    double duty = compensator.duty(workerPercent(targetPercent));
                    workers.forEach(w -> w.duty(duty));
                }
            }
            previousOverhead = overhead;
            previousWall = wall;
        }
    }

    /** Container scope: the agent's share of the target, as a percentage of its own workers' cores. */
    private double workerPercent(double scopePercent) {
        return DutyCycleController.clamp(share.share() * scopePercent * capacityCores / cores, 0, 100);
    }

    private void controlHost() {
        HostCpuTimes previousHost = hostCpu.read();
        ScopeTopUpController topUp = new ScopeTopUpController(previousHost.cores(), Math.min(cores, previousHost.cores()));
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
                double ownCores = Math.max(0, (own - previousOwn) / elapsed);
                // Every load thread but this generator's workers: the memory, I/O and network generators.
                double siblingCores = Math.max(0, (load - previousLoad) - (own - previousOwn)) / elapsed;
                agentLoadCores = ownCores + siblingCores;
                double desired = topUp.update(targetPercent, busy, ownCores, siblingCores, share.share(),
                        share.peerCpuCores());
                headroomCores = topUp.headroomCores();
                synchronized (lock) {
                    workers.forEach(w -> w.duty(Math.min(1, desired / cores)));
                }
                previousHost = host;
                previousOwn = own;
                previousLoad = load;
                previousWall = wall;
            }
        }
        agentLoadCores = 0;
        headroomCores = 0;
    }

    public static final class Builder {
        private final LoadThreads loadThreads;
        private int cores = 1;
        private long intervalNanos = 100_000_000L;
        private LoadScope scope = LoadScope.CONTAINER;
        private double capacityCores;
        private ScopeShare share = ScopeShare.ALONE;
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

        /** What 100 % is: the host (needs {@link #hostCpu}) or the container (see {@link #capacityCores}). */
        public Builder scope(LoadScope scope) {
            this.scope = Checks.notNull(scope, "load scope");
            return this;
        }

        /** Container scope: the container's cores (its CPU quota, may be fractional); default: the generator's cores. */
        public Builder capacityCores(double capacityCores) {
            this.capacityCores = Checks.positive(capacityCores, "container cores");
            return this;
        }

        /** This agent's part of the scope and what its peers there do; default: alone. */
        public Builder share(ScopeShare share) {
            this.share = Checks.notNull(share, "scope share");
            return this;
        }

        /** The host's CPU times; host scope reads them to top up the whole host's load. */
        public Builder hostCpu(HostCpuSource hostCpu) {
            this.hostCpu = Checks.notNull(hostCpu, "host cpu source");
            return this;
        }

        /**
         * CPU time the agent's own work (everything but load threads) has used so far; container scope keeps the workers
         * plus this at the target. Default: the process's CPU time minus the load threads'.
         */
        public Builder overheadCpuNanos(LongSupplier overheadCpuNanos) {
            this.overheadCpuNanos = Checks.notNull(overheadCpuNanos, "overhead cpu source");
            return this;
        }

        public CpuLoadGenerator build() {
            if (scope == LoadScope.HOST && hostCpu == null) {
                throw new IllegalArgumentException("host scope needs a host cpu source");
            }
            return new CpuLoadGenerator(this);
        }
    }
}
