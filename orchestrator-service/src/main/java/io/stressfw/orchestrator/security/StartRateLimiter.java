package io.stressfw.orchestrator.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** The one token bucket shared by every way of starting a cycle (REST start and quick, WebSocket start and quick). */
@ApplicationScoped
public class StartRateLimiter {
    /** Normalized paths of the POSTs that start a cycle. */
    static final Set<String> START_PATHS = Set.of("/cycle/start", "/cycle/quick");

    private final StartRequestBucket bucket;
    private final LimitSettings.StartRate settings;

    @Inject
    public StartRateLimiter(LimitSettings limits) {
        this.settings = limits.startRate();
        this.bucket = new StartRequestBucket(settings.capacity(), settings.period(), System.nanoTime());
    }

    public StartRequestBucket.Decision tryAcquire() {
        return bucket.tryAcquire(System.nanoTime());
    }

    /** Starts that could be made right now (fractional while refilling). */
    public double available() {
        return bucket.available(System.nanoTime());
    }

    public String refusal(StartRequestBucket.Decision decision) {
        return "start requests are limited to " + settings.capacity() + " per " + seconds(settings.period().toMillis())
                + "; retry in " + decision.retryAfterSeconds() + " s";
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }
}
