package io.stressfw.agent.control;

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
import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A small real agent for tests: 1 core, 16 MB memory cap, 100 ops/s, 4 Mbps to its own sink, its own load threads.
 * {@link #builder} changes its clock, its network bounds, its lease cap and watchdog, or wraps its CPU generator.
 */
public final class TestAgents {
    static final double MEMORY_CAP_MB = 16;
    static final double DISK_CAP_MB = 2;
    static final double IO_OPS = 100;
    static final double NETWORK_MBPS = 4;

    final LoadThreads loadThreads = new LoadThreads();
    final DiscardSink sink;
    final ScratchDirectory scratch;
    public final AgentController controller;

    private TestAgents(Builder builder) {
        sink = new DiscardSink(loadThreads, 0);
        scratch = new ScratchDirectory(builder.scratchBase, builder.id);
        NetworkAllowlist allowlist = new NetworkAllowlist(builder.allowed, sink.address());
        AgentGenerators generators = new AgentGenerators(List.<LoadGenerator>of(
                MemoryLoadGenerator.builder(loadThreads, MEMORY_CAP_MB).chunkMb(2).reserveMb(0).build(),
                builder.cpu.apply(CpuLoadGenerator.builder(loadThreads).cores(1).precisionIntervalMs(100)
                        .scope(LoadScope.CONTAINER).build()),
                NetworkLoadGenerator.builder(loadThreads, allowlist.all()).bandwidthMbps(NETWORK_MBPS).poolSize(2)
                        .maxRunMillis(60_000).maxRunBytes(builder.networkMaxRunBytes).build(),
                IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(IO_OPS)
                        .mix(new OperationMix(0.5, 0.4, 0.1)).fileSizeMb(1).maxDiskMb(DISK_CAP_MB).fsync(false).build()));
        controller = AgentController.builder(builder.id, generators, allowlist).gracefulStopMs(500)
                .maxLease(builder.maxLease).watchdogBound(builder.watchdogBound).clock(builder.clock).build();
    }

    /** An agent on {@code clock}, everything else as the builder's defaults. */
    TestAgents(String id, Path scratchBase, AgentClock clock) {
        this(builder(id, scratchBase).clock(clock));
    }

    public static Builder builder(String id, Path scratchBase) {
        return new Builder(id, scratchBase);
    }

    public void close() {
        controller.close();
        sink.close();
        scratch.close();
    }

    /** A command of epoch 1 issued at {@code nowMs} on the sender's wall clock. */
    public static PhaseCommand phase(String cycle, long sequence, long nowMs, long leaseMs, double load, ResourceWeights weights,
                              double rampSeconds, LoadLimits limits) {
        return phase(cycle, sequence, 1, nowMs, leaseMs, load, weights, rampSeconds, limits);
    }

    static PhaseCommand phase(String cycle, long sequence, long epoch, long nowMs, long leaseMs, double load,
                              ResourceWeights weights, double rampSeconds, LoadLimits limits) {
        return PhaseCommand.builder(cycle, Phase.LIGHT).sequence(sequence).epoch(epoch).issuedAtMs(nowMs).leaseMs(leaseMs)
                .targetLoadPercent(load).weights(weights).rampSeconds(rampSeconds).limits(limits).build();
    }

    static StopCommand stop(String cycle, long sequence, long nowMs, StopMode mode) {
        return new StopCommand(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), cycle, sequence, nowMs, mode,
                "test stop", "test");
    }

    public static final class Builder {
        private final String id;
        private final Path scratchBase;
        private AgentClock clock = AgentClock.system();
        private long networkMaxRunBytes = 64L * 1024 * 1024;
        private Duration maxLease = Duration.ofSeconds(5);
        private Duration watchdogBound = Duration.ofSeconds(1);
        private UnaryOperator<LoadGenerator> cpu = UnaryOperator.identity();
        private List<String> allowed = List.of("sink");

        private Builder(String id, Path scratchBase) {
            this.id = id;
            this.scratchBase = scratchBase;
        }

        Builder clock(AgentClock clock) {
            this.clock = clock;
            return this;
        }

        Builder networkMaxRunBytes(long bytes) {
            this.networkMaxRunBytes = bytes;
            return this;
        }

        Builder maxLease(Duration maxLease) {
            this.maxLease = maxLease;
            return this;
        }

        Builder watchdogBound(Duration bound) {
            this.watchdogBound = bound;
            return this;
        }

        /** Wraps the real CPU generator, e.g. in one that stalls or throws when the test says so. */
        Builder cpu(UnaryOperator<LoadGenerator> wrap) {
            this.cpu = wrap;
            return this;
        }

        /** The agent's network allowlist entries (default: its own sink only). */
        Builder allowed(List<String> entries) {
            this.allowed = entries;
            return this;
        }

        public TestAgents build() {
            return new TestAgents(this);
        }
    }
}
