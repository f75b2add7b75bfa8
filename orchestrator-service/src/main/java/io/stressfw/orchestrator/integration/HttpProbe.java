package io.stressfw.orchestrator.integration;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Optional GET probe of the system under test ({@code stress.orchestrator.probe-url}): its latency and error rate
 * over the last ten probes feed the adaptive engine. Without a URL it measures nothing and reports nulls.
 */
@ApplicationScoped
public class HttpProbe {
    private static final int WINDOW = 10;

    private final OrchestratorSettings settings;
    private final Deque<double[]> window = new ArrayDeque<>();
    private ScheduledExecutorService timer;
    private HttpClient http;

    @Inject
    public HttpProbe(OrchestratorSettings settings) {
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        settings.probeUrl().filter(u -> !u.isBlank()).ifPresent(url -> {
            URI uri = URI.create(url);
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sut-probe");
                t.setDaemon(true);
                return t;
            });
            long period = settings.probeInterval().toMillis();
            timer.scheduleAtFixedRate(() -> probe(uri), period, period, TimeUnit.MILLISECONDS);
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void probe(URI uri) {
        long start = System.nanoTime();
        boolean error;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            error = response.statusCode() >= 500;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            error = true;
        }
        double latencyMs = (System.nanoTime() - start) / 1e6;
        synchronized (window) {
            window.addLast(new double[]{latencyMs, error ? 1 : 0});
            while (window.size() > WINDOW) {
                window.removeFirst();
            }
        }
    }

    /** Mean latency in ms of the recent successful probes, or null. */
    public Double latencyMs() {
        synchronized (window) {
            return window.stream().filter(p -> p[1] == 0).mapToDouble(p -> p[0]).average().stream().boxed().findFirst().orElse(null);
        }
    }

    /** Share of the recent probes that failed, or null when not probing. */
    public Double errorRate() {
        synchronized (window) {
            return window.isEmpty() ? null : window.stream().mapToDouble(p -> p[1]).average().orElse(0);
        }
    }
}
