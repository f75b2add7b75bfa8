package io.stressfw.metrics.sampling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.stressfw.metrics.MetricsConfig;
import io.stressfw.metrics.aggregation.CurrentPhase;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.prometheus.MetricsGauges;
import io.stressfw.model.Checks;
import io.stressfw.model.MetricSample;
import io.stressfw.model.SourceKind;
import io.stressfw.model.Versioned;
import io.stressfw.model.WireCodec;
import io.stressfw.service.HeartbeatCapabilities;
import io.stressfw.service.Hosts;
import io.stressfw.service.SampleCadence;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples this host every {@code stress.metrics.sampling.interval} while a cycle is under way, and every
 * {@code stress.metrics.sampling.idle-interval} otherwise ({@link SampleCadence}), on a thread of its own (never the
 * event loop), and publishes each sample to {@code stress.samples} keyed by the host id ({@link HostSamplePublisher}),
 * stamped with the cycle and phase the phase events say are under way. When the broker cannot take a sample it is dropped and
 * counted: a stale host sample is worth nothing. Announces the metrics this host can give in the heartbeat.
 * <p>
 * Its own samples are aggregated here, as they are taken, and {@link #isOwnSample} tells the consumer of
 * {@code stress.samples} to skip them when they come back: decoding them again after the round trip through Kafka was
 * most of the event loop's work at 10 Hz, and aggregated here they count even while the broker is down.
 */
@ApplicationScoped
public class HostSamplingService implements HeartbeatCapabilities {
    private static final Logger LOG = Logger.getLogger(HostSamplingService.class);
    private static final int AVAILABILITY_SAMPLES = 10;

    private final MetricsConfig config;
    private final MetricsAggregator aggregator;
    private final MetricsGauges gauges;
    private final Map<String, Object> kafkaConfig;
    private final String hostId;
    private final Timer sampleTimer;
    private final Counter dropped;
    private ScheduledExecutorService executor;
    private volatile HostSampler sampler;
    private volatile List<String> available = List.of();
    private volatile String ioSource;
    private volatile String cpuSource;
    private volatile HostSamplePublisher publisher;
    private final AtomicLong failures = new AtomicLong();
    /** Used by the sampling thread only. */
    private final SampleCadence cadence;
    private final Set<String> seen = new LinkedHashSet<>();
    private int availabilitySamples;

    public HostSamplingService(MetricsConfig config, MetricsAggregator aggregator, MetricsGauges gauges,
                               MeterRegistry registry,
                               @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.config = config;
        this.aggregator = aggregator;
        this.gauges = gauges;
        this.kafkaConfig = kafkaConfig;
        this.hostId = config.hostId().filter(s -> !s.isBlank()).orElse(Hosts.hostname());
        this.cadence = new SampleCadence(Checks.between(config.sampling().idleInterval().toMillis(), 1, 1000,
                "stress.metrics.sampling.idle-interval (ms)"), Checks.between(config.sampling().warmUp().toMillis(), 0,
                600_000, "stress.metrics.sampling.warm-up (ms)"));
        this.sampleTimer = Timer.builder("stress.sampling.duration")
                .description("Time to take one host sample (OSHI and procfs reads, maths)")
                .register(registry);
        this.dropped = Counter.builder("stress.samples.dropped")
                .description("Host samples not delivered to Kafka: no broker known, or no acknowledgement within 5 s")
                .register(registry);
    }

    public String hostId() {
        return hostId;
    }

    /**
     * Whether a record of {@code stress.samples} with this key is one of this instance's own samples, already
     * aggregated when it was taken. The key suffices (no decoding): host samples are keyed by host id, and agents
     * by their own instance id, never a host id. With sampling off nothing is skipped, so an instance that only
     * aggregates still counts the samples of a sampling instance on the same host.
     */
    public boolean isOwnSample(Object key) {
        return config.sampling().enabled() && hostId.equals(key);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.sampling().enabled()) {
            LOG.info("Host sampling is off (stress.metrics.sampling.enabled=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "host-sampler");
            t.setDaemon(true);
            return t;
        });
        // OSHI's first initialisation takes a while: it happens on the sampling thread, not during startup, and the
        // period starts only once it is done (a fixed-rate schedule would otherwise catch up with a burst).
        executor.execute(this::init);
    }

    private void init() {
        try {
            sampler = HostSamplerFactory.create(config.sampling().interval(),
                    config.sampling().processCountInterval(), config.sampling().temperatureInterval(), config.dataDir());
            ioSource = sampler.ioSource();
            cpuSource = sampler.cpuSource();
        } catch (RuntimeException | LinkageError e) {
            LOG.errorf("Host sampling unavailable on this platform: %s", e.toString());
            return;
        }
        try {
            publisher = new HostSamplePublisher(kafkaConfig, "host-samples-" + hostId, this::notPublished);
        } catch (KafkaException e) {
            // Sampling still feeds this instance's aggregates, baselines and gauges; every sample counts as dropped.
            LOG.errorf("Host samples will not be published, the Kafka configuration was refused: %s", e.getMessage());
        }
        long every = config.sampling().interval().toNanos();
        executor.scheduleAtFixedRate(this::sampleAndPublish, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * The available metrics are those the first samples carried: usages and rates need two readings, and a sensor
     * may answer late, so the set is the union over the first {@value #AVAILABILITY_SAMPLES} samples.
     */
    private void noteAvailable(Map<String, Double> metrics) {
        if (availabilitySamples >= AVAILABILITY_SAMPLES) {
            return;
        }
        metrics.forEach((name, value) -> {
            if (value != null) {
                seen.add(name);
            }
        });
        if (++availabilitySamples == AVAILABILITY_SAMPLES) {
            LOG.infof("Sampling host %s every %s; available metrics: %s", hostId, config.sampling().interval(), seen);
        }
        available = List.copyOf(seen);
    }

    private void sampleAndPublish() {
        HostSampler current = sampler;
        if (current == null) {
            return;
        }
        try {
            CurrentPhase phase = aggregator.currentPhase();
            long start = System.nanoTime();
            if (!cadence.publishes(start / 1_000_000, phase.cycleId() != null)) {
                return;
            }
            Map<String, Double> metrics = current.sample();
            sampleTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            noteAvailable(metrics);
            MetricSample sample = new MetricSample(Versioned.SCHEMA_VERSION, hostId, SourceKind.HOST, hostId,
                    System.currentTimeMillis(), phase.cycleId(), phase.phase(), metrics, Map.of());
            aggregator.accept(sample);
            gauges.update(sample);
            HostSamplePublisher out = publisher;
            if (out != null) {
                out.publish(hostId, WireCodec.encode(sample));
            } else {
                dropped.increment();
            }
        } catch (RuntimeException e) {
            notPublished(e);
        }
    }

    private void notPublished(Exception e) {
        dropped.increment();
        // One line per hundred failures: a broker outage at 10 Hz must not flood the log.
        if (failures.getAndIncrement() % 100 == 0) {
            LOG.warnf("Host sample not published: %s", e.getMessage());
        }
    }

    @Override
    public Map<String, Object> capabilities() {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("host_id", hostId);
        caps.put("host_sampling", config.sampling().enabled() && sampler != null);
        caps.put("sampling_interval_ms", config.sampling().interval().toMillis());
        caps.put("idle_sampling_interval_ms", config.sampling().idleInterval().toMillis());
        caps.put("host_metrics", available);
        if (ioSource != null) {
            caps.put("io_counters", ioSource);
            caps.put("cpu_counters", cpuSource);
        }
        return caps;
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
