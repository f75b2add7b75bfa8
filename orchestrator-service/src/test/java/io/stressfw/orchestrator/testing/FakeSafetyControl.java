package io.stressfw.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The test's handle on the {@link FakeSafetyService} of the running application, at {@code stress.safety.url}. */
public final class FakeSafetyControl {
    static final String VERDICT = "/test/verdict";
    static final String PREFLIGHT_CALLS = "/test/preflight-calls";
    static final String WEBHOOK_BODIES = "/test/webhook-bodies";
    static final String PREFLIGHT_BODIES = "/test/preflight-bodies";
    static final String FLAKY_RETRIED = "/test/flaky-retried";
    static final String PREFLIGHT_AUTHORIZATION = "/test/preflight-authorization";
    static final String BAD_SIGNATURES = "/test/bad-signatures";
    static final String RESET_AUTHORIZATION = "/test/reset-authorization";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FakeSafetyControl(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    /** What the next pre-flights answer: fit or not. */
    public void verdict(boolean fit) {
        send(HttpRequest.newBuilder(URI.create(baseUrl + VERDICT)).PUT(HttpRequest.BodyPublishers.ofString(Boolean.toString(fit))));
    }

    /** The next pre-flights answer fit, with host-1's CPU over the limit of a {@code for 2s} rule, not yet broken. */
    public void overLimit() {
        send(HttpRequest.newBuilder(URI.create(baseUrl + VERDICT)).PUT(HttpRequest.BodyPublishers.ofString("over_limit")));
    }

    /** The next pre-flight ({@code always}: every one) answers after the orchestrator's time-out; later ones fit. */
    public void slowPreflights(boolean always) {
        send(HttpRequest.newBuilder(URI.create(baseUrl + VERDICT))
                .PUT(HttpRequest.BodyPublishers.ofString(always ? "slow" : "slow_once")));
    }

    public int preflightCalls() {
        return Integer.parseInt(get(PREFLIGHT_CALLS));
    }

    /** The Authorization header of the last pre-flight request ("" without one). */
    public String lastPreflightAuthorization() {
        return get(PREFLIGHT_AUTHORIZATION);
    }

    /** The Authorization header of the last breaker reset ("" without one). */
    public String lastResetAuthorization() {
        return get(RESET_AUTHORIZATION);
    }

    /** Deliveries to the plain webhook whose signature did not verify (refused with 401, not kept). */
    public int badSignatures() {
        return Integer.parseInt(get(BAD_SIGNATURES));
    }

    /** Every pre-flight question received, oldest first (one JSON document per line). */
    public List<String> preflightBodies() {
        return lines(get(PREFLIGHT_BODIES));
    }

    /** Every correctly signed body the plain webhook received, oldest first. */
    public List<String> webhookBodies() {
        return lines(get(WEBHOOK_BODIES));
    }

    /** The bodies the flaky webhook accepted on their second delivery. */
    public List<String> flakyRetried() {
        return lines(get(FLAKY_RETRIED));
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("fake safety-service answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : text.lines().toList();
    }
}
