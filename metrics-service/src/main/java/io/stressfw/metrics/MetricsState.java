package io.stressfw.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.prometheus.MetricsGauges;
import io.stressfw.metrics.store.FileMetricsStore;
import io.stressfw.metrics.store.MetricsPersister;
import io.stressfw.metrics.store.MetricsStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the aggregator and its file store: restores what the store kept (at most {@code max-cycles} cycles) before the
 * first message is handled (the consumers inject the aggregator, so it exists only once restored), then, on a thread
 * of its own, writes the changes every {@code stress.metrics.aggregation.persist-interval} (each write forced to
 * disk) and once more at shutdown. A write the store refuses stays pending and is retried at the next interval;
 * failures are counted ({@code stress_metrics_persist_failures_total}) and what waits is shown
 * ({@code stress_metrics_raw_samples_unwritten}). Sources silent for {@code source-retention} are forgotten here too.
 */
@ApplicationScoped
public class MetricsState {
    private static final Logger LOG = Logger.getLogger(MetricsState.class);

    private final MetricsConfig config;
    private final MetricsAggregator aggregator;
    private final MetricsPersister persister;
    private final FileMetricsStore store;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService thread;
    private Counter failures;
    private long lastPersistMs;
    private boolean failing;

    public MetricsState(MetricsConfig config) {
        this.config = config;
        this.store = new FileMetricsStore(config.dataDir());
        this.aggregator = MetricsAggregator.builder()
                .maxCycles(config.aggregation().maxCycles())
                .rawSampleCap(config.aggregation().rawSampleCap())
                .baselineOnIdle(config.baseline().onIdle())
                .baselineGraceMs(config.baseline().grace().toMillis())
                .sourceRetentionMs(config.sourceRetention().toMillis())
                .build();
        MetricsStore.Loaded loaded = store.load(config.aggregation().maxCycles());
        aggregator.restore(loaded.cycles(), loaded.rawSamples(), loaded.baselines());
        this.persister = new MetricsPersister(aggregator, store);
        LOG.infof("Metrics store %s: restored %d cycles and %d host baselines", store.root(), loaded.cycles().size(),
                loaded.baselines().size());
    }

    @Produces
    @Singleton
    MetricsAggregator aggregator() {
        return aggregator;
    }

    void onStart(@Observes StartupEvent event, MetricsGauges gauges, MeterRegistry registry) {
        failures = Counter.builder("stress.metrics.persist.failures")
                .description("Writes the file store refused (each retried at the next persist)").register(registry);
        meters.add(failures);
        meters.add(Gauge.builder("stress.metrics.raw.samples.unwritten", aggregator, MetricsAggregator::rawSamplesWaiting)
                .description("Raw samples waiting to be written to the file store").register(registry));
        long every = config.aggregation().persistInterval().toMillis();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-persist");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(() -> tick(gauges), Math.min(every, 1000), Math.min(every, 1000),
                TimeUnit.MILLISECONDS);
    }

    private void tick(MetricsGauges gauges) {
        try {
            long now = System.currentTimeMillis();
            aggregator.tick(now).forEach(gauges::forget);
            gauges.refreshBaselines(aggregator.baselines());
            if (now - lastPersistMs >= config.aggregation().persistInterval().toMillis()) {
                lastPersistMs = now;
                persist();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Metrics housekeeping failed, retrying next time: %s", e.getMessage());
        }
    }

    /** Writes every pending change now; what the store refuses stays pending. */
    public synchronized MetricsPersister.Outcome persist() {
        MetricsPersister.Outcome outcome = persister.persist();
        if (outcome.failed()) {
            if (failures != null) {
                failures.increment(outcome.failures().size());
            }
            // Loud once per outage, then quiet: a full disk would otherwise log every few seconds.
            LOG.logf(failing ? Logger.Level.DEBUG : Logger.Level.ERROR,
                    "Metrics store %s refused %d writes (kept, retried every %s): %s", store.root(),
                    outcome.failures().size(), config.aggregation().persistInterval(), outcome.failures());
            failing = true;
        } else if (failing) {
            LOG.infof("Metrics store %s writes again; everything pending is written", store.root());
            failing = false;
        }
        return outcome;
    }

    void onStop(@Observes ShutdownEvent event, MeterRegistry registry) {
        if (thread != null) {
            thread.shutdownNow();
        }
        try {
            persist();
        } catch (RuntimeException e) {
            LOG.warnf("Final metrics persistence failed: %s", e.getMessage());
        }
        meters.forEach(registry::remove);
        meters.clear();
    }
}
