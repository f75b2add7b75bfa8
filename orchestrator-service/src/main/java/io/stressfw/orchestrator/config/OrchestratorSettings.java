package io.stressfw.orchestrator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything else the orchestrator needs ({@code stress.orchestrator.*}). */
@ConfigMapping(prefix = "stress.orchestrator")
public interface OrchestratorSettings {
    /** Where cycle history lives (env STRESS_DATA_DIR); default ${java.io.tmpdir}/stressfw/orchestrator. */
    Optional<String> dataDir();

    /** Cycle reports kept in the history; past that the oldest finished ones are deleted. */
    @WithDefault("1000")
    int historyMaxCycles();

    /**
     * A host whose samples, or a breaker whose transitions, stopped this long ago is forgotten (it no longer shows in
     * /status and no longer takes memory). Agents leave earlier, after {@link #agentTimeout()}.
     */
    @WithDefault("10m")
    Duration sourceRetention();

    /** No agent heartbeat for this long = the agent left. */
    @WithDefault("3s")
    Duration agentTimeout();

    /** Period of real_time_update messages on /ws and /metrics/stream. */
    @WithDefault("500ms")
    Duration updateInterval();

    /** Webhook URLs receiving phase and safety events as JSON POSTs (env STRESS_WEBHOOK_URLS, comma-separated). */
    Optional<List<String>> webhookUrls();

    /**
     * The shared secret every webhook delivery is signed with (env STRESS_WEBHOOK_SECRET; required with webhook-urls,
     * at least 16 characters). Several, comma-separated, while rotating: each delivery then carries one signature per
     * secret, so receivers may switch at their own pace.
     */
    Optional<List<String>> webhookSecret();

    /** Attempts per webhook delivery (first try included). */
    @WithDefault("3")
    int webhookAttempts();

    @WithDefault("2s")
    Duration webhookTimeout();

    /** Optional URL of the system under test, probed (GET) during adaptive phases for latency and error rate. */
    Optional<String> probeUrl();

    @WithDefault("1s")
    Duration probeInterval();
}
