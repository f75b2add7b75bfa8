package io.stressfw.orchestrator.dashboard;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.stressfw.orchestrator.probe.KnobService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * For the probe chart's browser test: a real HTTP service on loopback ({@link KnobService}) and a cycles file whose
 * {@code checkout} probe runs against it from the orchestrator's start-up, handed to the orchestrator as
 * {@code stress.cycles.config} (the port is known only once the service listens).
 */
public final class ProbedServiceResource implements QuarkusTestResourceLifecycleManager {
    private KnobService service;

    @Override
    public Map<String, String> start() {
        service = new KnobService();
        try {
            Path dir = Files.createDirectories(Path.of("target", "probe-chart-browser"));
            Path cycles = dir.resolve("cycles-with-a-probe.yaml");
            Files.writeString(cycles, """
                    probes:
                      checkout: {type: http, url: "%s", interval: 200ms, timeout: 200ms, window: 2s}
                    phases:
                      light: {min_load: 10, max_load: 25, target_load: 20, duration_seconds: 60, ramp_up_seconds: 1,
                              ramp_down_seconds: 1, cpu_weight: 1.0}
                    """.formatted(service.uri("/checkout")));
            return Map.of("stress.cycles.config", cycles.toAbsolutePath().toString(),
                    "stress.orchestrator.data-dir", dir.resolve("data-" + System.currentTimeMillis()).toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (service != null) {
            service.close();
        }
    }
}
