package io.stressfw.safety;

import io.stressfw.service.HeartbeatCapabilities;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.LinkedHashMap;
import java.util.Map;

/** Liveness: the stale-source timer keeps ticking. Heartbeat capabilities: what this instance enforces. */
@Liveness
@ApplicationScoped
public class SafetyHealth implements HealthCheck, HeartbeatCapabilities {
    private static final long MAX_TICK_SILENCE_MS = 5_000;
    private final SafetyService safety;

    @Inject
    public SafetyHealth(SafetyService safety) {
        this.safety = safety;
    }

    @Override
    public HealthCheckResponse call() {
        long silence = safety.millisSinceLastTick();
        return HealthCheckResponse.named("safety-ticker")
                .status(silence <= MAX_TICK_SILENCE_MS)
                .withData("last_tick_ms_ago", silence)
                .withData("cycle_running", safety.engine().cycleRunning())
                .withData("max_clock_skew_ms", safety.engine().maxClockSkewMs())
                .build();
    }

    @Override
    public Map<String, Object> capabilities() {
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("rules", safety.engine().globalRules().size());
        caps.put("stale_gap_ms", safety.engine().settings().staleGap().toMillis());
        caps.put("preflight", "/safety/preflight");
        return caps;
    }
}
