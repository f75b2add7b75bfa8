import io.stressfw.agent.control.AgentController;
import io.stressfw.agent.control.AgentGenerators;
import io.stressfw.agent.control.AgentState;
import io.stressfw.agent.control.FaultyGenerator;
import io.stressfw.agent.control.NetworkAllowlist;
import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.DiscardSink;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.LoadThreads;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.OperationMix;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.agent.scope.LoadScope;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceKind;
import io.stressfw.model.ResourceWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How fast the agent's dead-man's switches bring the load to zero, measured on a real agent (every generator loaded:
 * CPU, 64 MB of memory, I/O, network to its own sink) with its real control loop and watchdog, at the defaults
 * (max lease 5 s, watchdog bound 1 s; the leases here are 1 s so that each trial is short: the time after expiry
 * does not depend on the lease). Zero load = every generator's threads exited, memory freed, files deleted, sockets
 * closed ({@code resources().released()}), polled every 0.5 ms. Not a test: run it with bench/run-failsafe-bench.sh.
 */
public class AgentFailSafeBench {
    static final int TRIALS = Integer.getInteger("bench.trials", 20);
    static final ResourceWeights WEIGHTS = new ResourceWeights(0.5, 1, 0.5, 0.5);
    static final long LEASE_MS = 1000;

    public static void main(String[] args) throws Exception {
        Path base = Files.createTempDirectory("failsafe-bench");
        LoadThreads threads = new LoadThreads();
        DiscardSink sink = new DiscardSink(threads, 0);
        ScratchDirectory scratch = new ScratchDirectory(base, "bench");
        NetworkAllowlist allowlist = new NetworkAllowlist(List.of("sink"), sink.address());
        FaultyGenerator cpu = new FaultyGenerator(CpuLoadGenerator.builder(threads)
                .cores(Runtime.getRuntime().availableProcessors()).precisionIntervalMs(100).scope(LoadScope.CONTAINER).build());
        AgentGenerators generators = new AgentGenerators(List.<LoadGenerator>of(
                MemoryLoadGenerator.builder(threads, 64).chunkMb(8).reserveMb(0).build(), cpu,
                NetworkLoadGenerator.builder(threads, allowlist.all()).bandwidthMbps(50).poolSize(2).build(),
                IoLoadGenerator.builder(threads, scratch).operationsPerSecond(500).mix(new OperationMix(0.5, 0.4, 0.1))
                        .fileSizeMb(4).maxDiskMb(8).fsync(false).build()));
        System.out.println("# load-agent-service fail-safe benchmark");
        System.out.println("cores=" + Runtime.getRuntime().availableProcessors() + ", trials=" + TRIALS + ", " + loadAverage());
        System.out.println();
        System.out.println("| switch | trials | p50 ms | p90 ms | max ms | what is timed |");
        System.out.println("|---|---|---|---|---|---|");
        try (AgentController controller = AgentController.builder("bench", generators, allowlist).build().start()) {
            leaseExpiry(controller);
            watchdogStall(controller, cpu);
        } finally {
            sink.close();
            scratch.close();
        }
        System.out.println();
        System.out.println("end: " + loadAverage());
    }

    /** Time from the lease's end (its arrival + lease_ms, on the monotonic clock) to zero load. */
    static void leaseExpiry(AgentController controller) throws Exception {
        List<Double> afterExpiry = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            long arrival = System.nanoTime();
            controller.onCommand(command("lease-" + i, LEASE_MS));
            awaitLoaded(controller);
            long expiry = arrival + LEASE_MS * 1_000_000L;
            long zero = awaitZero(controller, Duration.ofSeconds(10));
            afterExpiry.add((zero - expiry) / 1e6);
        }
        row("lease expiry", afterExpiry, "lease end (arrival + lease_ms) -> every generator released");
    }

    /** Time from a tick stuck inside a generator to zero load, stopped from the watchdog's thread. */
    static void watchdogStall(AgentController controller, FaultyGenerator cpu) throws Exception {
        List<Double> total = new ArrayList<>();
        List<Double> pastBound = new ArrayList<>();
        long boundMs = controller.watchdog().boundMs();
        for (int i = 0; i < TRIALS; i++) {
            controller.onCommand(command("stall-" + i, 60_000));
            awaitLoaded(controller);
            CountDownLatch release = cpu.blockNextSetTarget();
            if (!cpu.blocked().await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the tick never reached the stalling generator");
            }
            long stalled = System.nanoTime();
            long zero = awaitZero(controller, Duration.ofSeconds(10));
            release.countDown();
            total.add((zero - stalled) / 1e6);
            pastBound.add((zero - stalled) / 1e6 - boundMs);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!(controller.live() && controller.state() == AgentState.STOPPED) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        row("watchdog stall", total, "tick stuck in a generator -> every generator released (bound " + boundMs + " ms)");
        row("watchdog stall - bound", pastBound, "the same, less the bound");
    }

    static PhaseCommand command(String cycle, long leaseMs) {
        return PhaseCommand.builder(cycle, Phase.MEDIUM).sequence(1).epoch(1).issuedAtMs(System.currentTimeMillis())
                .leaseMs(leaseMs).targetLoadPercent(50).weights(WEIGHTS).build();
    }

    static void awaitLoaded(AgentController controller) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var held = controller.resources();
            if (held.allocatedMemoryMb() >= 32 && held.scratchFiles() > 0 && held.openConnections() > 0
                    && controller.generators().get(ResourceKind.CPU).activeThreads() > 0) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the agent never loaded: " + controller.resources());
    }

    static long awaitZero(AgentController controller, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (controller.resources().released()) {
                return System.nanoTime();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
        throw new IllegalStateException("load not at zero within " + timeout + ": " + controller.resources());
    }

    static void row(String name, List<Double> values, String what) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s |%n", name, sorted.size(),
                percentile(sorted, 0.5), percentile(sorted, 0.9), sorted.get(sorted.size() - 1), what);
    }

    static double percentile(List<Double> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.round(p * (sorted.size() - 1))));
    }

    static String loadAverage() {
        try {
            return "load average " + Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "load average unknown";
        }
    }
}
