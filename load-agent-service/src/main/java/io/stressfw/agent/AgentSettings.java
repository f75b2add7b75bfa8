package io.stressfw.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code stress.agent.*}: the agent's own caps and generator settings; key names follow the seed's config. */
@ConfigMapping(prefix = "stress.agent", namingStrategy = ConfigMapping.NamingStrategy.SNAKE_CASE)
public interface AgentSettings {
    LoadGenerators loadGenerators();

    /**
     * A YAML file with the seed's {@code load_generators} and {@code logging} blocks (env STRESS_AGENT_CONFIG, or
     * {@code --config FILE}); {@code AgentConfigFileSourceFactory} turns it into the properties above, under the
     * environment's. Declared here so that the key is a known one.
     */
    Optional<String> config();

    /**
     * What 100 % is: {@code host} (the whole host; default) or {@code container} (the agent's own cgroup). Unset, a
     * deprecated {@code load_generators.cpu.mode} is honoured ({@code agent} = container, {@code host} = host).
     */
    Optional<String> scope();

    /** The host (node) this agent runs on; agents with the same id share its target. Default: from the kernel's boot id. */
    Optional<String> hostId();

    /** A peer in the scope that has not sent a heartbeat for this long has left. */
    @WithDefault("3s")
    Duration peerTimeout();

    /** How long after the first heartbeat heard the agent counts as knowing its peers (it takes no memory before). */
    @WithDefault("2s")
    Duration peerSettle();

    /** How long a graceful stop ramps down to zero. */
    @WithDefault("1000")
    long gracefulStopMs();

    /**
     * The agent stops its load when the broker has acknowledged nothing it sent (its heartbeat every
     * {@code stress.heartbeat.interval}, at most half of this) for this long (at least 1 s).
     */
    @WithDefault("3s")
    Duration brokerTimeout();

    /**
     * The longest lease the agent grants, whatever a command's {@code lease_ms} asks: the dead-man's switch never
     * waits longer than this after the last command (100 ms to 1 h).
     */
    @WithDefault("5s")
    Duration maxLease();

    /**
     * How long the control tick may stall before the watchdog stops every generator and liveness turns DOWN
     * (100 ms to 60 s).
     */
    @WithDefault("1s")
    Duration watchdogBound();

    /** Achieved-load samples to stress.samples. */
    @WithDefault("100")
    long sampleIntervalMs();

    /**
     * Sample period while the agent holds no load (no command yet, or stopped); the first sample tick after a command
     * publishes again at the full rate ({@code io.stressfw.service.SampleCadence}). At most 1 s: during a cycle safety
     * calls a source stale after 2 s.
     */
    @WithDefault("1000")
    long idleSampleIntervalMs();

    /**
     * How long after start-up the agent samples at the full rate whatever it holds (0s-10m): the platform compiles
     * its sample path then rather than at its first cycle's start ({@code io.stressfw.service.SampleCadence}). 20 s
     * from the first tick lasts until about 10 s after {@code ./stress up} is ready on two cores, so that the idle
     * platform is quiet 30 s after ready (issue 21); the seed's LIGHT started 0 s and 25 s after ready held its
     * {@code cpu_usage: 40} with it ({@code docs/benchmarks.md}, "Footprint").
     */
    @WithDefault("20s")
    Duration sampleWarmUp();

    /**
     * Refuses at start, naming the property, a value outside what the agent can use (there is no validation
     * extension in the agent: it runs on every node under test, issue 21).
     */
    static void check(AgentSettings s) {
        String p = "stress.agent.";
        Checks.between(s.gracefulStopMs(), 0, 2000, p + "graceful_stop_ms");
        Checks.between(s.sampleIntervalMs(), 50, 1000, p + "sample_interval_ms");
        Checks.between(s.idleSampleIntervalMs(), 50, 1000, p + "idle_sample_interval_ms");
        LoadGenerators g = s.loadGenerators();
        String lg = p + "load_generators.";
        Checks.between(g.cpu().precisionIntervalMs(), 10, 100, lg + "cpu.precision_interval_ms");
        Checks.between(g.memory().chunkSizeMb(), 1, 1024, lg + "memory.chunk_size_mb");
        Checks.nonNegative(g.memory().reserveMb(), lg + "memory.reserve_mb");
        Checks.between(g.memory().growthCpuPercent(), 1, 100, lg + "memory.growth_cpu_percent");
        Checks.nonNegative(g.io().operationsPerSecond(), lg + "io.operations_per_second");
        Checks.nonNegative(g.io().maxDiskMb(), lg + "io.max_disk_mb");
        atLeastOne(g.io().fileSizeMb(), lg + "io.file_size_mb");
        Checks.nonNegative(g.network().bandwidthMbps(), lg + "network.bandwidth_mbps");
        if (g.network().allowlist().isEmpty()) {
            throw new IllegalArgumentException(lg + "network.allowlist must not be empty (sink: the agent's own sink)");
        }
        Checks.between(g.network().connectionPoolSize(), 1, 64, lg + "network.connection_pool_size");
        Checks.between(g.network().sinkPort(), 0, 65535, lg + "network.sink_port");
        atLeastOne(g.network().maxRunSeconds(), lg + "network.max_run_seconds");
        atLeastOne(g.network().maxRunMb(), lg + "network.max_run_mb");
    }

    private static void atLeastOne(double value, String name) {
        if (!(value >= 1)) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + Checks.format(value));
        }
    }

    interface LoadGenerators {
        Cpu cpu();

        Memory memory();

        Io io();

        Network network();
    }

    interface Cpu {
        /** {@code auto} (cgroup quota aware) or a number of cores. */
        @WithDefault("auto")
        String cores();

        @WithDefault("100")
        int precisionIntervalMs();

        /** Deprecated: use {@code stress.agent.scope}; {@code agent} means container scope, {@code host} host scope. */
        Optional<String> mode();
    }

    interface Memory {
        /**
         * The scope's memory cap, shared by the agents there: {@code auto} (80% of the scope's memory: the host's, or
         * the container's limit) or GiB.
         */
        @WithDefault("auto")
        String limitGb();

        @WithDefault("10")
        int chunkSizeMb();

        /** Memory the host must keep available after any chunk; a chunk that would break it is refused. */
        @WithDefault("256")
        double reserveMb();

        /**
         * Percent of one core that writing new memory may always take while the generator grows (100: as fast as the
         * machine pages memory in). Unpaced growth spent a whole core at the start of the seed's LIGHT phase. In host
         * scope growth may take up to a whole core of what the CPU target leaves the agent.
         */
        @WithDefault("25")
        int growthCpuPercent();
    }

    interface Io {
        /** Operations per second at 100% load, for the whole scope (shared by the agents there); the seed's default. */
        @WithDefault("1000")
        double operationsPerSecond();

        /** Shares of read, write and seek, e.g. {@code read:0.4,write:0.4,seek:0.2} (the seed's default). */
        @WithDefault("read:0.4,write:0.4,seek:0.2")
        String operationMix();

        /** Base directory; each instance works in its own subdirectory. Default: java.io.tmpdir/stressfw/load-agent-service/scratch. */
        Optional<String> scratchDir();

        /** Cap on the scratch data this agent may hold. */
        @WithDefault("64")
        double maxDiskMb();

        @WithDefault("16")
        double fileSizeMb();

        /** Force every write to the device also with direct I/O (without it every write is forced anyway). */
        @WithDefault("false")
        boolean fsync();

        /** Open the scratch file with O_DIRECT, so that reads and writes reach the device; falls back to synced writes. */
        @WithDefault("true")
        boolean directIo();
    }

    interface Network {
        /** Bandwidth at 100% load, for the whole scope (shared by the agents there). */
        @WithDefault("100")
        double bandwidthMbps();

        /** TCP connections (the seed's default 10). */
        @WithDefault("10")
        int connectionPoolSize();

        /**
         * Where the generator may send: {@code sink} (the own sink), {@code host:port}, and address ranges with ports
         * ({@code 10.0.0.0/8:9100}) within which the orchestrator may point the agent at a peer's sink.
         */
        @WithDefault("sink")
        List<String> allowlist();

        /** Address the discard sink listens on: loopback by default; 0.0.0.0 lets other agents send to it. */
        @WithDefault("127.0.0.1")
        String sinkBindAddress();

        /**
         * The address other agents reach the sink at, announced in heartbeats (the pod IP in Kubernetes). Default: the
         * bound address, or for 0.0.0.0 the first non-loopback interface's; a loopback sink is announced to nobody.
         */
        Optional<String> sinkAdvertisedAddress();

        /** Port of the discard sink; 0 picks a free port. */
        @WithDefault("0")
        int sinkPort();

        @WithDefault("3600")
        long maxRunSeconds();

        @WithDefault("102400")
        long maxRunMb();
    }
}
