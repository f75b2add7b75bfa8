package io.stressfw.agent;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code stress.agent.*}: the agent's own caps and generator settings; key names follow the seed's config. */
@ConfigMapping(prefix = "stress.agent", namingStrategy = ConfigMapping.NamingStrategy.SNAKE_CASE)
public interface AgentSettings {
    LoadGenerators loadGenerators();

    /** How long a graceful stop ramps down to zero. */
    @WithDefault("1000")
    @Min(0)
    @Max(2000)
    long gracefulStopMs();

    /** The agent stops its load when no broker probe succeeded for this long. */
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
    @Min(50)
    @Max(1000)
    long sampleIntervalMs();

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
        @Min(10)
        @Max(100)
        int precisionIntervalMs();

        /**
         * {@code host} (default: the whole host at the target, topping up whatever else runs there) or {@code agent}
         * (the agent's own cores at the target, on top of everything else).
         */
        @WithDefault("host")
        String mode();
    }

    interface Memory {
        /** {@code auto} (80% of the memory available at start, cgroup aware) or GiB. */
        @WithDefault("auto")
        String limitGb();

        @WithDefault("10")
        @Min(1)
        @Max(1024)
        int chunkSizeMb();

        /** Memory the host must keep available after any chunk; a chunk that would break it is refused. */
        @WithDefault("256")
        @Min(0)
        double reserveMb();
    }

    interface Io {
        /** Operations per second at 100% load (the seed's default). */
        @WithDefault("1000")
        @Min(0)
        double operationsPerSecond();

        /** Shares of read, write and seek, e.g. {@code read:0.4,write:0.4,seek:0.2} (the seed's default). */
        @WithDefault("read:0.4,write:0.4,seek:0.2")
        String operationMix();

        /** Base directory; each instance works in its own subdirectory. Default: java.io.tmpdir/stressfw/load-agent-service/scratch. */
        Optional<String> scratchDir();

        /** Cap on the scratch data this agent may hold. */
        @WithDefault("64")
        @Min(0)
        double maxDiskMb();

        @WithDefault("16")
        @Min(1)
        double fileSizeMb();

        @WithDefault("false")
        boolean fsync();
    }

    interface Network {
        /** Bandwidth at 100% load. */
        @WithDefault("100")
        @Min(0)
        double bandwidthMbps();

        /** TCP connections (the seed's default 10). */
        @WithDefault("10")
        @Min(1)
        @Max(64)
        int connectionPoolSize();

        /** host:port entries the generator may send to; {@code sink} is the agent's own loopback sink. */
        @WithDefault("sink")
        @NotEmpty
        List<String> allowlist();

        /** Address the discard sink listens on: loopback by default; 0.0.0.0 lets other agents send to it. */
        @WithDefault("127.0.0.1")
        String sinkBindAddress();

        /** Port of the discard sink; 0 picks a free port. */
        @WithDefault("0")
        @Min(0)
        @Max(65535)
        int sinkPort();

        @WithDefault("3600")
        @Min(1)
        long maxRunSeconds();

        @WithDefault("102400")
        @Min(1)
        long maxRunMb();
    }
}
