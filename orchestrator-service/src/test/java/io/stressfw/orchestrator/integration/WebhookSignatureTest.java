package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18, hole 6: webhooks are signed; a real HTTP receiver verifies them as the README says. On main they were not. */
class WebhookSignatureTest {
    private static final String SECRET = "webhook-secret-0123456789abcdef";
    private static final long NOW = 1_700_000_000L;

    /** What a receiver got: the raw body bytes and the two headers. */
    record Delivery(byte[] body, String timestamp, String signature) {
    }

    private final LinkedBlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;

    private String startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Delivery(exchange.getRequestBody().readAllBytes(),
                    exchange.getRequestHeaders().getFirst("X-Stress-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Stress-Signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static OrchestratorSettings settings(List<String> urls, List<String> secrets) {
        return new OrchestratorSettings() {
            public Optional<String> dataDir() {
                return Optional.empty();
            }

            public int historyMaxCycles() {
                return 1000;
            }

            public Duration sourceRetention() {
                return Duration.ofMinutes(10);
            }

            public Duration agentTimeout() {
                return Duration.ofSeconds(3);
            }

            public Duration updateInterval() {
                return Duration.ofMillis(500);
            }

            public Optional<List<String>> webhookUrls() {
                return Optional.of(urls);
            }

            public Optional<List<String>> webhookSecret() {
                return secrets.isEmpty() ? Optional.empty() : Optional.of(secrets);
            }

            public int webhookAttempts() {
                return 1;
            }

            public Duration webhookTimeout() {
                return Duration.ofSeconds(2);
            }

            public Optional<String> probeUrl() {
                return Optional.empty();
            }

            public Duration probeInterval() {
                return Duration.ofSeconds(1);
            }
        };
    }

    private WebhookNotifier notifier(String url, List<String> secrets) {
        return new WebhookNotifier(settings(List.of(url), secrets), new ObjectMapper(), new SimpleMeterRegistry(),
                Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    }

    @Test
    void aRealReceiverVerifiesTheDeliveryAndRefusesAnyChange() throws Exception {
        notifier(startReceiver(), List.of(SECRET)).notify("phase_event", Map.of("cycle_id", "cycle-1", "type", "cycle_started"));
        Delivery delivery = received.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(delivery.timestamp()).isEqualTo(Long.toString(NOW));
        assertThat(delivery.signature()).matches("v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, delivery.timestamp(), delivery.signature(), delivery.body(), NOW + 30, 300))
                .isTrue();

        byte[] tampered = new String(delivery.body(), StandardCharsets.UTF_8).replace("cycle-1", "cycle-2").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(SECRET, delivery.timestamp(), delivery.signature(), tampered, NOW, 300)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-0123456789", delivery.timestamp(), delivery.signature(),
                delivery.body(), NOW, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW + 1), delivery.signature(), delivery.body(), NOW, 300))
                .as("the timestamp is signed too").isFalse();
        assertThat(WebhookSignature.verify(SECRET, delivery.timestamp(), delivery.signature(), delivery.body(), NOW + 301, 300))
                .as("a replay after the tolerance").isFalse();
    }

    @Test
    void duringARotationEachSecretSignsAndEitherVerifies() throws Exception {
        String next = "next-webhook-secret-fedcba9876543210";
        notifier(startReceiver(), List.of(SECRET, next)).notify("safety_event", Map.of("rule_id", "cpu"));
        Delivery delivery = received.poll(10, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(delivery.signature()).matches("v1=[0-9a-f]{64},v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, delivery.timestamp(), delivery.signature(), delivery.body(), NOW, 300)).isTrue();
        assertThat(WebhookSignature.verify(next, delivery.timestamp(), delivery.signature(), delivery.body(), NOW, 300)).isTrue();
    }

    @Test
    void theDocumentedSchemeIsHmacSha256OfTimestampDotBody() {
        // Computed outside Java, with the README's receiver example:
        //   printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'webhook-secret-0123456789abcdef'
        assertThat(new WebhookSignature(List.of(SECRET)).sign(NOW, "{\"a\":1}"))
                .isEqualTo("v1=b2386c98bb7377fe947f766d1c0d10683d2c0099007f87b23f5136c0982d7359");
    }

    @Test
    void webhookUrlsWithoutASecretOrWithAShortOneStopTheStart() {
        assertThatThrownBy(() -> new WebhookNotifier(settings(List.of("http://127.0.0.1:1/hook"), List.of()),
                new ObjectMapper(), new SimpleMeterRegistry(), Clock.systemUTC()))
                .hasMessageContaining("STRESS_WEBHOOK_SECRET");
        assertThatThrownBy(() -> new WebhookNotifier(settings(List.of("http://127.0.0.1:1/hook"), List.of("short")),
                new ObjectMapper(), new SimpleMeterRegistry(), Clock.systemUTC()))
                .hasMessageContaining("shorter than 16").hasMessageNotContaining("short,");
    }
}
