package io.stressfw.orchestrator.integration;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.stressfw.orchestrator.cluster.ClusterState;
import io.stressfw.orchestrator.config.CycleSettings;
import io.stressfw.orchestrator.config.OrchestratorSettings;
import io.stressfw.orchestrator.config.SafetyClientSettings;
import io.stressfw.orchestrator.cycle.PhasePlan;
import io.stressfw.orchestrator.cycle.SafetyOverride;
import io.stressfw.service.Problem;
import io.stressfw.service.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interlock in front of every start: enough agents must be present (heartbeating), safety-service must be heard
 * from (heartbeat), and its pre-flight must find the hosts fit for the planned phases (their thresholds and loads go
 * with the question). An admin may override the safety checks, explicitly, per request ({@code override_safety});
 * never the agents. A start that would run without safety-service also needs {@code override_safety_watchdog}, or the
 * watchdog would stop it at once. With {@code wait_for_fit} the gate asks again every
 * {@code stress.cycle.fit-retry-interval} until everything passes, and no rule's reading is over its limit, or the time
 * is up ({@link FitWait}); the answer says what it waited for. The pre-flight request carries
 * {@code stress.safety.api-key} when safety-service checks API keys.
 */
@ApplicationScoped
public class SafetyGate {
    private final ClusterState cluster;
    private final ObjectMapper mapper;
    private final SafetyClientSettings settings;
    private final Duration retryInterval;
    private final Duration agentTimeout;
    private final SafetyClient safety;

    /** What a start that may go ahead carries into its answer: the pre-flight's warnings and how the wait went. */
    public record Passed(List<PreflightResult.Warning> warnings, Map<String, Object> preflight) {
    }

    /**
     * One look at the interlock: fit, or the failed checks and the status they amount to; when fit, the checks that
     * passed with a rule's reading over its limit (a start that may wait waits them out).
     */
    private record Verdict(boolean fit, Status status, List<Problem.FieldError> failed,
                           List<PreflightResult.Warning> warnings, List<Problem.FieldError> overLimit) {
        static Verdict fit(List<PreflightResult.Warning> warnings, List<Problem.FieldError> overLimit) {
            return new Verdict(true, Status.OK, List.of(), warnings, overLimit);
        }

        Verdict(boolean fit, Status status, List<Problem.FieldError> failed, List<PreflightResult.Warning> warnings) {
            this(fit, status, failed, warnings, List.of());
        }

        List<String> reasons() {
            return (fit ? overLimit : failed).stream().map(e -> e.field() + ": " + e.reason()).toList();
        }
    }

    @Inject
    public SafetyGate(ClusterState cluster, ObjectMapper mapper, SafetyClientSettings settings, SafetyClient safety,
                      CycleSettings cycle, OrchestratorSettings orchestrator) {
        this.cluster = cluster;
        this.mapper = mapper;
        this.settings = settings;
        this.retryInterval = cycle.fitRetryInterval();
        this.agentTimeout = orchestrator.agentTimeout();
        this.safety = safety;
    }

    /**
     * Completes when a start over {@code plan} may go ahead; fails with a {@link ProblemException} (409: not fit or
     * too few agents; 503: safety offline or unreachable) naming every failed check and, after a wait, how long it
     * waited.
     */
    public Uni<Passed> check(SafetyOverride override, List<PhasePlan> plan, Duration waitForFit, int minAgents) {
        FitWait wait = new FitWait(System::nanoTime, waitForFit);
        return attempt(override, plan, minAgents, wait);
    }

    private Uni<Passed> attempt(SafetyOverride override, List<PhasePlan> plan, int minAgents, FitWait wait) {
        return once(override, plan, minAgents).onItem().transformToUni(verdict -> {
            // A reading over a rule's limit, not yet for long enough, would most likely stop the cycle within the
            // rule's window (a start-up burst on the host, another tool's load): waited out while the wait allows.
            if (verdict.fit() && (verdict.overLimit().isEmpty() || !wait.mayRetryAfter(retryInterval))) {
                wait.fit();
                return Uni.createFrom().item(new Passed(verdict.warnings(), wait.describe(true)));
            }
            wait.unfit(verdict.reasons());
            // Right after the orchestrator's start, an absent heartbeat is not yet an answer: ask again until it is.
            if (!verdict.fit() && !wait.mayRetryAfter(retryInterval) && !cluster.listeningForFirstHeartbeats()) {
                return Uni.createFrom().failure(refusal(verdict, wait));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(retryInterval)
                    .onItem().transformToUni(ignored -> attempt(override, plan, minAgents, wait));
        });
    }

    private Uni<Verdict> once(SafetyOverride override, List<PhasePlan> plan, int minAgents) {
        List<Problem.FieldError> failed = new ArrayList<>();
        int agents = cluster.agents().size();
        if (agents < minAgents) {
            failed.add(new Problem.FieldError("agents", agents + " of " + minAgents + " agent(s) present (an agent counts "
                    + "while it heartbeats, within " + agentTimeout.toMillis() + " ms)"));
        }
        if (override.checks()) {
            if (!override.watchdog() && !cluster.safetyOnline()) {
                failed.add(new Problem.FieldError("override_safety_watchdog", "safety-service is offline (no heartbeat "
                        + "within " + settings.heartbeatTimeout().toMillis() + " ms): override_safety skips the start's "
                        + "checks, but the watchdog would stop the cycle at once; add override_safety_watchdog (admin) to "
                        + "run without safety-service"));
                return Uni.createFrom().item(new Verdict(false, Status.SERVICE_UNAVAILABLE, failed, List.of()));
            }
            return Uni.createFrom().item(failed.isEmpty() ? Verdict.fit(List.of(), List.of())
                    : new Verdict(false, Status.CONFLICT, failed, List.of()));
        }
        if (!cluster.safetyOnline()) {
            failed.add(new Problem.FieldError("override_safety", "safety-service is offline (no heartbeat within "
                    + settings.heartbeatTimeout().toMillis() + " ms); refusing to start unless override_safety is true"));
            return Uni.createFrom().item(new Verdict(false, Status.SERVICE_UNAVAILABLE, failed, List.of()));
        }
        // A safety-service that has just started can take longer than the time-out over its first pre-flight (its
        // code not yet compiled, on a busy host): an answer that did not come in time is asked for once more.
        return safety.send("POST", "/safety/preflight", question(plan), safety.ownKey())
                .onFailure(SafetyGate::timedOut).retry().atMost(1)
                .map(response -> evaluate(response.statusCode(), response.body(), failed))
                .onFailure().recoverWithItem(e -> {
                    List<Problem.FieldError> unreachable = new ArrayList<>(failed);
                    unreachable.add(new Problem.FieldError("override_safety", "safety pre-flight at " + settings.url()
                            + " unavailable (" + describe(e) + "); refusing to start unless override_safety is true"));
                    return new Verdict(false, Status.SERVICE_UNAVAILABLE, unreachable, List.of());
                });
    }

    /** The planned phases as safety weighs them: the most CPU each may ask for and its thresholds as full objects. */
    private String question(List<PhasePlan> plan) {
        List<Map<String, Object>> phases = new ArrayList<>();
        for (PhasePlan p : plan) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("phase", p.phase().wireName());
            phase.put("max_load", p.spec().maxLoad());
            phase.put("cpu_weight", p.spec().cpuWeight());
            phase.put("safety_thresholds", p.spec().safetyThresholds());
            phases.add(phase);
        }
        try {
            return mapper.writeValueAsString(Map.of("phases", phases));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the pre-flight question", e);
        }
    }

    private Verdict evaluate(int status, String body, List<Problem.FieldError> failed) {
        PreflightResult result;
        try {
            result = mapper.readValue(body, PreflightResult.class);
        } catch (Exception e) {
            result = null;
        }
        List<Problem.FieldError> all = new ArrayList<>(failed);
        if (result == null || result.fit() == null) {
            all.add(new Problem.FieldError("preflight", "safety pre-flight answered HTTP " + status + " without a verdict"));
            return new Verdict(false, Status.SERVICE_UNAVAILABLE, all, List.of());
        }
        List<PreflightResult.Warning> warnings = result.warnings() == null ? List.of() : result.warnings();
        if (!result.fit()) {
            List<Problem.FieldError> checks = result.checks() == null ? List.of() : result.checks().stream()
                    .filter(c -> !Boolean.TRUE.equals(c.passed()))
                    .map(SafetyGate::asError)
                    .toList();
            all.addAll(checks.isEmpty() ? List.of(new Problem.FieldError("preflight", "safety pre-flight found the system unfit"))
                    : checks);
        }
        if (!all.isEmpty()) {
            return new Verdict(false, Status.CONFLICT, all, warnings);
        }
        List<Problem.FieldError> overLimit = result.checks() == null ? List.of() : result.checks().stream()
                .filter(c -> Boolean.TRUE.equals(c.passed()) && Boolean.TRUE.equals(c.overLimit()))
                .map(SafetyGate::asError)
                .toList();
        return Verdict.fit(warnings, overLimit);
    }

    private static Problem.FieldError asError(PreflightResult.Check c) {
        return new Problem.FieldError("preflight." + c.check(),
                (c.source() == null ? "" : c.source() + ": ") + (c.detail() == null ? "failed" : c.detail()));
    }

    private static ProblemException refusal(Verdict verdict, FitWait wait) {
        Problem problem = Problem.ofFields(verdict.status(), verdict.failed());
        if (wait.attempts() > 1) {
            problem = new Problem(problem.type(), problem.title(), problem.status(), problem.detail()
                    + " (still not fit after waiting " + Math.round(wait.elapsedNanos() / 1e8) / 10.0 + " s, "
                    + wait.attempts() + " pre-flights)", problem.field(), problem.errors());
        }
        return problem.asException();
    }

    /**
     * No answer within the time-out, whatever kind the client gave it: the JDK client reports a request time-out whose
     * connection was closed before it looked as a connect time-out ({@code MultiExchange.toTimeoutException} asks
     * whether the connection is still connected), so a connect time-out is asked again too.
     */
    static boolean timedOut(Throwable e) {
        return SafetyClient.timeOutIn(e) != null;
    }

    /**
     * The failure as the refusal names it: its time-out when it has one (the JDK client's carries as its cause the
     * "connection closed locally" of the exchange it cancelled, which alone read as a broken link), else its root.
     */
    static String describe(Throwable e) {
        Throwable shown = SafetyClient.timeOutIn(e);
        if (shown == null) {
            shown = e;
            while (shown.getCause() != null && shown.getCause() != shown) {
                shown = shown.getCause();
            }
        }
        String message = shown.getMessage();
        return shown.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
