package io.stressfw.agent.control;

import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.scope.LoadScope;
import io.stressfw.agent.generator.DiscardSink;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.LoadThreads;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.OperationMix;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.PhaseCommand;
import io.stressfw.model.ResourceWeights;
import io.stressfw.model.StopCommand;
import io.stressfw.model.StopMode;
import io.stressfw.model.Versioned;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;

/** A small real agent for tests: 1 core, 16 MB memory cap, 100 ops/s, 4 Mbps to its own sink, its own load threads. */
final class TestAgents {
    static final double MEMORY_CAP_MB = 16;
    static final double DISK_CAP_MB = 2;
    static final double IO_OPS = 100;
    static final double NETWORK_MBPS = 4;

    final LoadThreads loadThreads = new LoadThreads();
    final DiscardSink sink;
    final ScratchDirectory scratch;
    final AgentController controller;

    TestAgents(String id, Path scratchBase, LongSupplier clock) {
        this(id, scratchBase, clock, List.of("sink"));
    }

    TestAgents(String id, Path scratchBase, LongSupplier clock, List<String> allowed) {
        sink = new DiscardSink(loadThreads, 0);
        scratch = new ScratchDirectory(scratchBase, id);
        NetworkAllowlist allowlist = new NetworkAllowlist(allowed, sink.address());
        AgentGenerators generators = new AgentGenerators(List.<LoadGenerator>of(
                MemoryLoadGenerator.builder(loadThreads, MEMORY_CAP_MB).chunkMb(2).reserveMb(0).build(),
                CpuLoadGenerator.builder(loadThreads).cores(1).precisionIntervalMs(100).scope(LoadScope.CONTAINER).build(),
                NetworkLoadGenerator.builder(loadThreads, allowlist.all()).bandwidthMbps(NETWORK_MBPS).poolSize(2)
                        .maxRunMillis(60_000).maxRunBytes(64L * 1024 * 1024).build(),
                IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(IO_OPS)
                        .mix(new OperationMix(0.5, 0.4, 0.1)).fileSizeMb(1).maxDiskMb(DISK_CAP_MB).fsync(false).build()));
        controller = AgentController.builder(id, generators, allowlist).gracefulStopMs(500).clockMs(clock).build();
    }

    void close() {
        controller.close();
        sink.close();
        scratch.close();
    }

    static PhaseCommand phase(String cycle, long sequence, long nowMs, long leaseMs, double load, ResourceWeights weights,
                              double rampSeconds, LoadLimits limits) {
        return new PhaseCommand(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), cycle, sequence, nowMs,
                nowMs + leaseMs, Phase.LIGHT, load, weights, rampSeconds, limits);
    }

    static StopCommand stop(String cycle, long sequence, long nowMs, StopMode mode) {
        return new StopCommand(Versioned.SCHEMA_VERSION, UUID.randomUUID().toString(), cycle, sequence, nowMs, mode,
                "test stop", "test");
    }
}
