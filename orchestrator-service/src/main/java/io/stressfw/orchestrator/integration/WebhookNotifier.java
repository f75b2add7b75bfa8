package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.stressfw.model.Checks;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The seed's phase-change callbacks: every configured URL receives phase and safety events as JSON POSTs, signed with
 * the configured secret ({@link WebhookSignature}: HMAC-SHA256 over timestamp and body, a fresh timestamp on every
 * attempt). Webhook URLs without a secret stop the start: a receiver could not tell our events from anyone's. A
 * failed delivery (error or non-2xx) is retried with doubling back-off up to {@code webhook-attempts} times, then
 * dropped and counted; a slow webhook never delays the engine.
 */
@Startup
@ApplicationScoped
public class WebhookNotifier {
    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);
    static final long FIRST_RETRY_DELAY_MS = 200;

    private final List<String> urls;
    private final int attempts;
    private final OrchestratorSettings settings;
    private final ObjectMapper mapper;
    private final MeterRegistry registry;
    private final Clock clock;
    private final WebhookSignature signature;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-retries");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public WebhookNotifier(OrchestratorSettings settings, ObjectMapper mapper, MeterRegistry registry, Clock clock) {
        this.settings = settings;
        this.urls = settings.webhookUrls().orElse(List.of()).stream().filter(u -> !u.isBlank()).toList();
        for (String url : urls) {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("stress.orchestrator.webhook-urls: '" + url + "' is not an http(s) URL");
            }
        }
        Checks.between(settings.webhookAttempts(), 1, 10, "stress.orchestrator.webhook-attempts");
        List<String> secrets = settings.webhookSecret().orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
        if (!urls.isEmpty() && secrets.isEmpty()) {
            throw new IllegalArgumentException("stress.orchestrator.webhook-urls (env STRESS_WEBHOOK_URLS) is set but "
                    + "stress.orchestrator.webhook-secret (env STRESS_WEBHOOK_SECRET) is not: webhooks are signed with it "
                    + "(generate one with openssl rand -hex 32 and give it to the receivers)");
        }
        try {
            this.signature = secrets.isEmpty() ? null : new WebhookSignature(secrets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stress.orchestrator.webhook-secret (env STRESS_WEBHOOK_SECRET): " + e.getMessage());
        }
        this.clock = clock;
        this.attempts = settings.webhookAttempts();
        this.mapper = mapper;
        this.registry = registry;
        this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout()).build();
    }

    void onStop(@Observes ShutdownEvent event) {
        retries.shutdownNow();
    }

    /** Posts {@code {"kind": kind, "event": payload}} to every webhook. */
    public void notify(String kind, Object payload) {
        if (urls.isEmpty()) {
            return;
        }
        String body;
        try {
            body = mapper.writeValueAsString(Map.of("kind", kind, "event", payload));
        } catch (Exception e) {
            LOG.errorf("Cannot encode a %s webhook payload: %s", kind, e.getMessage());
            return;
        }
        for (String url : urls) {
            deliver(url, body, 1);
        }
    }

    private void deliver(String url, String body, int attempt) {
        long timestamp = clock.millis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json")
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean ok = failure == null && response.statusCode() / 100 == 2;
            if (ok) {
                registry.counter("stress.webhook.deliveries", "outcome", "delivered").increment();
                return;
            }
            String why = failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode();
            if (attempt < attempts && !retries.isShutdown()) {
                long delay = FIRST_RETRY_DELAY_MS << (attempt - 1);
                retries.schedule(() -> deliver(url, body, attempt + 1), delay, TimeUnit.MILLISECONDS);
            } else {
                registry.counter("stress.webhook.deliveries", "outcome", "dropped").increment();
                LOG.warnf("Webhook %s failed after %d attempts (%s); event dropped", url, attempt, why);
            }
        });
    }
}
