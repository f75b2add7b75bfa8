package io.stressfw.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of metrics-service ({@code stress.metrics.*}); every key is described in the README. */
@ConfigMapping(prefix = "stress.metrics")
public interface MetricsConfig {
    /** The host id samples carry as source_id and host; default: the hostname (the node name in Kubernetes). */
    Optional<String> hostId();

    /** Directory of the file store: STRESS_DATA_DIR/metrics-service. */
    Path dataDir();

    /** Kafka consumer group prefix of the inbound channels; unique per instance so each one sees every sample. */
    String consumerGroup();

    /**
     * A host or agent nothing arrived from for this long leaves the snapshot and its Prometheus gauges are removed, so
     * that sources that came and went do not pile up.
     */
    @WithDefault("10m")
    Duration sourceRetention();

    Sampling sampling();

    Aggregation aggregation();

    Baseline baseline();

    interface Sampling {
        /** Off for an instance that only aggregates (no host of its own to watch). */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("100ms")
        Duration interval();

        /**
         * The sampling period while no cycle is under way (1 ms to 1 s): an idle platform has little to watch, and each
         * sample costs the broker and every consumer. The first tick once a cycle is under way samples at
         * {@link #interval()} again ({@code io.stressfw.service.SampleCadence}).
         */
        @WithDefault("1s")
        Duration idleInterval();

        /**
         * How long after start-up the host is sampled at {@link #interval()} whatever runs (0s-10m): the platform
         * compiles its sample path then rather than at its first cycle's start ({@code SampleCadence}); as the agent's
         * {@code sample_warm_up}, whose comment says why 20 s.
         */
        @WithDefault("20s")
        Duration warmUp();

        /** The process count walks /proc: taken at this lower rate and repeated in between. */
        @WithDefault("1s")
        Duration processCountInterval();

        /** Sensors can take milliseconds: read at this lower rate and repeated in between. */
        @WithDefault("5s")
        Duration temperatureInterval();
    }

    interface Aggregation {
        /** Raw samples kept per cycle for the CSV/JSON export; aggregates always cover every sample. */
        @WithDefault("20000")
        @Min(0)
        @Max(1_000_000)
        int rawSampleCap();

        /** Cycles kept in memory and on disk; the oldest finished cycles are dropped first. */
        @WithDefault("20")
        @Min(1)
        @Max(10_000)
        int maxCycles();

        /**
         * How often changed aggregates are written to the file store, and forced to disk (fsync); what a write could
         * not store (a full disk) stays pending for the next one.
         */
        @WithDefault("5s")
        Duration persistInterval();
    }

    interface Baseline {
        /** Length of a baseline window opened on request (POST /metrics/baseline); an IDLE phase's lasts its hold. */
        @WithDefault("30s")
        Duration window();

        /** Collect a baseline automatically when an IDLE phase reaches its hold. */
        @WithDefault("true")
        boolean onIdle();

        /** How long after a window's end late samples may still arrive before it closes by the clock. */
        @WithDefault("2s")
        Duration grace();
    }
}
