package io.stressfw.orchestrator.live;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Pushes a real_time_update every {@code update-interval}, idle or not, so the dashboard's charts keep moving; none
 * while no dashboard or stream client listens.
 */
@ApplicationScoped
public class LiveUpdates {
    private static final Logger LOG = Logger.getLogger(LiveUpdates.class);

    private final LiveFeed feed;
    private final StatusView view;
    private final long periodMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-updates");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public LiveUpdates(LiveFeed feed, StatusView view, OrchestratorSettings settings) {
        if (settings.updateInterval().toMillis() <= 0 || settings.updateInterval().toMillis() > 500) {
            throw new IllegalArgumentException("stress.orchestrator.update-interval must be in (0, 500ms], was "
                    + settings.updateInterval());
        }
        this.feed = feed;
        this.view = view;
        this.periodMs = settings.updateInterval().toMillis();
    }

    void onStart(@Observes StartupEvent event) {
        timer.scheduleAtFixedRate(() -> {
            try {
                if (feed.hasListeners()) {
                    feed.publish(view.realTimeUpdate());
                }
            } catch (RuntimeException e) {
                LOG.warnf("real_time_update failed: %s", e.getMessage());
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }
}
