package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.orchestrator.cycle.SafetyOverride;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The interlock in front of every start: safety-service must be heard from (heartbeat) and must find the system
 * fit (pre-flight). An admin may override both, explicitly, per request ({@code override_safety}); a start that
 * would run without safety-service also needs {@code override_safety_watchdog}, or the watchdog would stop it at
 * once. The pre-flight request carries {@code stress.safety.api-key} when safety-service checks API keys.
 */
@ApplicationScoped
public class SafetyGate {
    private final ClusterState cluster;
    private final ObjectMapper mapper;
    private final SafetyClientSettings settings;
    private final HttpClient http;

    @Inject
    public SafetyGate(ClusterState cluster, ObjectMapper mapper, SafetyClientSettings settings) {
        this.cluster = cluster;
        this.mapper = mapper;
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.preflightTimeout()).build();
    }

    /** Completes when a start may go ahead; fails with a {@link ProblemException} (409 or 503) saying why not. */
    public Uni<Void> check(SafetyOverride override) {
        if (override.checks()) {
            if (!override.watchdog() && !cluster.safetyOnline()) {
                return Uni.createFrom().failure(Problem.ofField(Status.SERVICE_UNAVAILABLE, "override_safety_watchdog",
                        "safety-service is offline (no heartbeat within " + settings.heartbeatTimeout().toMillis()
                                + " ms): override_safety skips the start's checks, but the watchdog would stop the cycle"
                                + " at once; add override_safety_watchdog (admin) to run without safety-service").asException());
            }
            return Uni.createFrom().voidItem();
        }
        if (!cluster.safetyOnline()) {
            return Uni.createFrom().failure(Problem.ofField(Status.SERVICE_UNAVAILABLE, "override_safety",
                    "safety-service is offline (no heartbeat within " + settings.heartbeatTimeout().toMillis()
                            + " ms); refusing to start unless override_safety is true").asException());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url().replaceAll("/+$", "") + "/safety/preflight"))
                .timeout(settings.preflightTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        settings.apiKey().filter(key -> !key.isBlank()).ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .ifNoItem().after(settings.preflightTimeout().plus(Duration.ofMillis(200))).fail()
                .onFailure().transform(e -> e instanceof ProblemException ? e
                        : Problem.ofField(Status.SERVICE_UNAVAILABLE, "override_safety", "safety pre-flight at "
                        + settings.url() + " unavailable (" + describe(e) + "); refusing to start unless override_safety is true")
                        .asException())
                .onItem().transformToUni(response -> evaluate(response.statusCode(), response.body()));
    }

    private Uni<Void> evaluate(int status, String body) {
        PreflightResult result;
        try {
            result = mapper.readValue(body, PreflightResult.class);
        } catch (Exception e) {
            result = null;
        }
        if (result == null || result.fit() == null) {
            return Uni.createFrom().failure(Problem.of(Status.SERVICE_UNAVAILABLE,
                    "safety pre-flight answered HTTP " + status + " without a verdict").asException());
        }
        if (result.fit()) {
            return Uni.createFrom().voidItem();
        }
        List<Problem.FieldError> failed = result.checks() == null ? List.of() : result.checks().stream()
                .filter(c -> !Boolean.TRUE.equals(c.passed()))
                .map(c -> new Problem.FieldError("preflight." + c.check(),
                        (c.source() == null ? "" : c.source() + ": ") + (c.detail() == null ? "failed" : c.detail())))
                .toList();
        Problem problem = failed.isEmpty()
                ? Problem.of(Status.CONFLICT, "safety pre-flight found the system unfit")
                : Problem.ofFields(Status.CONFLICT, failed);
        return Uni.createFrom().failure(problem.asException());
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
