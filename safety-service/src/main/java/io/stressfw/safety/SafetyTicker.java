package io.stressfw.safety;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.model.Checks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one polled check: every {@code stress.safety.tick-interval} the engine looks for stale sources and breaker
 * cooldowns. A dedicated thread, so neither a busy event loop nor a blocked worker pool can delay it.
 */
@ApplicationScoped
public class SafetyTicker {
    private static final Logger LOG = Logger.getLogger(SafetyTicker.class);
    private final SafetyService safety;
    private final long intervalMs;
    private ScheduledExecutorService timer;

    @Inject
    public SafetyTicker(SafetyService safety, SafetyConfig config) {
        this.safety = safety;
        this.intervalMs = Checks.between(config.tickInterval().toMillis(), 10, 1000, "stress.safety.tick-interval in ms");
    }

    void onStart(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "safety-ticker");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::tick, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void tick() {
        try {
            safety.tick();
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule: the next one tries again.
            LOG.errorf(e, "Safety tick failed");
        }
    }
}
