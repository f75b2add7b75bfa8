package io.stressfw.metrics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.metrics.aggregation.MetricsAggregator;
import io.stressfw.metrics.prometheus.MetricsGauges;
import io.stressfw.metrics.store.FileMetricsStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Owns the aggregator and its file store: restores what the store kept before the first message is handled (the
 * consumers inject the aggregator, so it exists only once restored), then writes the changes every
 * {@code stress.metrics.aggregation.persist-interval} and once more at shutdown, on a thread of its own.
 */
@ApplicationScoped
public class MetricsState {
    private static final Logger LOG = Logger.getLogger(MetricsState.class);

    private final MetricsConfig config;
    private final FileMetricsStore store;
    private final MetricsAggregator aggregator;
    private ScheduledExecutorService persister;
    private long lastPersistMs;

    public MetricsState(MetricsConfig config) {
        this.config = config;
        this.store = new FileMetricsStore(config.dataDir());
        this.aggregator = new MetricsAggregator(config.aggregation().maxCycles(), config.aggregation().rawSampleCap(),
                config.baseline().onIdle(),
                config.baseline().grace().toMillis());
        FileMetricsStore.Loaded loaded = store.load();
        aggregator.restore(loaded.cycles(), loaded.rawSamples(), loaded.baselines());
        // What was just loaded is already on disk; draining keeps it from being written again.
        aggregator.drainChanges();
        LOG.infof("Metrics store %s: restored %d cycles and %d host baselines", store.root(), loaded.cycles().size(),
                loaded.baselines().size());
    }

    @Produces
    @Singleton
    MetricsAggregator aggregator() {
        return aggregator;
    }

    void onStart(@Observes StartupEvent event, MetricsGauges gauges) {
        long every = config.aggregation().persistInterval().toMillis();
        persister = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-persist");
            t.setDaemon(true);
            return t;
        });
        persister.scheduleWithFixedDelay(() -> tick(gauges), Math.min(every, 1000), Math.min(every, 1000),
                TimeUnit.MILLISECONDS);
    }

    private void tick(MetricsGauges gauges) {
        try {
            long now = System.currentTimeMillis();
            aggregator.tick(now);
            gauges.refreshBaselines(aggregator.baselines());
            if (now - lastPersistMs >= config.aggregation().persistInterval().toMillis()) {
                lastPersistMs = now;
                persist();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Metrics persistence failed, retrying next time: %s", e.getMessage());
        }
    }

    /** Writes every pending change now. */
    public synchronized void persist() {
        MetricsAggregator.Changes changes = aggregator.drainChanges();
        if (!changes.isEmpty()) {
            store.write(changes);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (persister != null) {
            persister.shutdownNow();
        }
        try {
            persist();
        } catch (RuntimeException e) {
            LOG.warnf("Final metrics persistence failed: %s", e.getMessage());
        }
    }
}
