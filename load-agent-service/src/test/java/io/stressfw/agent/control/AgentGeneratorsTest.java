package io.stressfw.agent.control;

import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.LoadThreads;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;
import io.stressfw.agent.generator.ScratchDirectory;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AgentGeneratorsTest {
    @TempDir
    Path base;
    private final LoadThreads loadThreads = new LoadThreads();
    private ScratchDirectory scratch;
    private CpuLoadGenerator cpu;
    private MemoryLoadGenerator memory;
    private IoLoadGenerator io;
    private NetworkLoadGenerator network;

    @BeforeEach
    void setUp() throws IOException {
        scratch = new ScratchDirectory(base, "generators-test");
        cpu = CpuLoadGenerator.builder(loadThreads).build();
        // Nothing on the host is available: every chunk would break the reserve.
        memory = MemoryLoadGenerator.builder(loadThreads, 8).chunkMb(2).reserveMb(100)
                .availableBytes(() -> OptionalLong.of(0)).build();
        io = IoLoadGenerator.builder(loadThreads, scratch).operationsPerSecond(50).fileSizeMb(1).maxDiskMb(2).build();
        network = NetworkLoadGenerator.builder(loadThreads, List.of(closedPort())).bandwidthMbps(8).poolSize(1).build();
    }

    @AfterEach
    void tearDown() {
        for (LoadGenerator g : List.of(cpu, memory, io, network)) {
            g.stopNow();
        }
        scratch.close();
    }

    @Test
    void needsExactlyOneGeneratorOfEveryKind() {
        assertThatThrownBy(() -> new AgentGenerators(List.of(cpu, memory, io)))
                .hasMessageContaining("no generator of kind network");
        assertThatThrownBy(() -> new AgentGenerators(List.of(cpu, memory, io, network, cpu)))
                .hasMessageContaining("two generators of kind cpu");
    }

    @Test
    void stopsMemoryFirstAndTheOthersInTheOrderTheyWereWired() {
        AgentGenerators generators = new AgentGenerators(List.of(cpu, network, memory, io));
        assertThat(generators.all()).containsExactly(memory, cpu, network, io);
        assertThat(generators.names()).containsExactly("cpu", "memory", "io", "network");
        assertThat(generators.get(ResourceKind.IO)).isSameAs(io);
        assertThat(generators.network()).isSameAs(network);
    }

    @Test
    void refusesLimitsAboveAConfiguredCapNamingTheFirstInStatusOrder() {
        AgentGenerators generators = new AgentGenerators(List.of(memory, cpu, network, io));
        assertThat(generators.refusal(new LoadLimits(8.0, 2.0, 8.0, 50.0))).isNull();
        assertThat(generators.refusal(new LoadLimits(null, null, 9.0, null)))
                .isEqualTo("limits.network_mbps 9.0 Mbps is above the agent's own cap of 8.0 Mbps; a command may only lower caps");
        assertThat(generators.refusal(new LoadLimits(null, 4.0, 9.0, 60.0))).startsWith("limits.disk_mb 4.0 MB");
        assertThat(generators.refusal(new LoadLimits(null, null, 9.0, 60.0))).startsWith("limits.io_ops_per_second 60.0 ops/s");
    }

    @Test
    void notesNameTheScopeAndEachGeneratorsTroubleInStatusOrder() throws IOException {
        AgentGenerators generators = new AgentGenerators(List.of(memory, cpu, network, io));
        // The scratch directory vanishing under the agent: the I/O worker cannot create its file.
        try (Stream<Path> files = Files.list(scratch.path())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(scratch.path());
        memory.setTarget(50);
        io.setTarget(50);
        network.setTarget(50);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(generators.notes().keySet())
                .containsExactly("scope", "memory_refusal", "io", "network"));
        assertThat(generators.notes().get("scope")).isEqualTo("container");
        assertThat(generators.notes().get("memory_refusal")).contains("below the reserve");
        assertThat(generators.notes().get("io")).startsWith("scratch file I/O failed");
        assertThat(generators.notes().get("network")).startsWith("cannot connect to");
        Files.createDirectories(scratch.path());
    }

    /** A loopback port nobody listens on any more: connecting to it is refused at once. */
    private static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }
    }
}
