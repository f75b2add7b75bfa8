package io.stressfw.safety;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.stressfw.model.SafetyAction;
import io.stressfw.safety.engine.SafetyEngineSettings;
import io.stressfw.safety.rule.RuleFormatException;
import io.stressfw.safety.rule.RuleParser;
import io.stressfw.safety.rule.ThresholdRule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code stress.safety.*}: the global rules and the engine's tuning; every key is documented in the README. */
@ConfigMapping(prefix = "stress.safety")
public interface SafetyConfig {

    /** Global rules by id: {@code stress.safety.rules.<id>.metric|limit|...}. */
    Map<String, RuleConfig> rules();

    Stale stale();

    Breaker breaker();

    Preflight preflight();

    /**
     * A source whose clock is further than this from safety-service's (either way) is reported with a warning (log,
     * GET /safety/sources). Samples are judged by arrival, so such a source is still evaluated.
     */
    @WithDefault("1s")
    Duration clockSkewWarning();

    /**
     * No longer used: replays are recognised by their place in the log, and live samples are evaluated whatever their
     * timestamp. Still accepted, so that a configuration that sets it starts (with a warning).
     */
    Optional<Duration> maxSampleAge();

    /** Where the global rules changed at run time are kept ({@code thresholds.json}); env STRESS_DATA_DIR. */
    String dataDir();

    /** A source silent this long is forgotten: no longer checked for staleness. */
    @WithDefault("60s")
    Duration forgetSourceAfter();

    /** How many recent violations GET /safety/violations can show. */
    @WithDefault("500")
    int recentViolations();

    /** Period of the timer that checks stale sources and breaker cooldowns (100-200 ms). */
    @WithDefault("150ms")
    Duration tickInterval();

    /**
     * How long after a cycle's start its first phase's {@code safety_thresholds} come into force (0s-10s): the
     * platform's own cycle-start burst; the global rules are in force all along.
     */
    @WithDefault("3s")
    Duration phaseRuleSettle();

    interface RuleConfig {
        @WithDefault("true")
        boolean enabled();

        String metric();

        @WithDefault("above")
        String comparison();

        String limit();

        /** {@code for: 500ms}: over the limit on every sample for this long. */
        @WithName("for")
        Optional<String> forDuration();

        /** {@code p95 over 5s}, {@code mean over 5s}, {@code max over 5s}, {@code min over 5s}. */
        Optional<String> window();

        @WithDefault("0")
        String hysteresis();

        Optional<String> severity();

        @WithDefault("stop")
        String action();

        Optional<String> sourceKind();
    }

    interface Stale {
        /** No sample from a known source for longer than this, during a cycle, is a violation. */
        @WithDefault("2s")
        Duration gap();

        @WithDefault("stop")
        SafetyAction action();
    }

    interface Breaker {
        @WithDefault("30s")
        Duration cooldown();

        @WithDefault("0s")
        Duration healthyPeriod();

        /** An OPEN stop breaker whose rule still holds repeats its emergency stop at most this often. */
        @WithDefault("1s")
        Duration stopRepeatInterval();
    }

    interface Preflight {
        @WithDefault("10s")
        Duration sampleMaxAge();

        /** How much of each host's recent samples pre-flight replays through a rule's window (at most 30s). */
        @WithDefault("10s")
        Duration history();

        @WithDefault("10")
        double minMemoryFreePercent();

        @WithDefault("10")
        double minDiskFreePercent();
    }

    /** The engine's tuning; a value out of range fails start-up, naming the knob. */
    default SafetyEngineSettings engineSettings() {
        return SafetyEngineSettings.builder()
                .staleGap(stale().gap())
                .staleAction(stale().action())
                .breakerCooldown(breaker().cooldown())
                .breakerHealthyPeriod(breaker().healthyPeriod())
                .stopRepeatInterval(breaker().stopRepeatInterval())
                .clockSkewWarning(clockSkewWarning())
                .forgetSourceAfter(forgetSourceAfter())
                .recentViolations(recentViolations())
                .preflightSampleAge(preflight().sampleMaxAge())
                .preflightHistory(preflight().history())
                .minMemoryFreePercent(preflight().minMemoryFreePercent())
                .minDiskFreePercent(preflight().minDiskFreePercent())
                .phaseRuleSettle(phaseRuleSettle())
                .build();
    }

    /** The enabled rules, in id order; an invalid one fails start-up naming its property. */
    default List<ThresholdRule> globalRules() {
        List<ThresholdRule> result = new ArrayList<>();
        for (Map.Entry<String, RuleConfig> entry : new TreeMap<>(rules()).entrySet()) {
            RuleConfig rule = entry.getValue();
            if (!rule.enabled()) {
                continue;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", entry.getKey());
            map.put("metric", rule.metric());
            map.put("comparison", rule.comparison());
            map.put("limit", rule.limit());
            rule.forDuration().ifPresent(v -> map.put("for", v));
            rule.window().ifPresent(v -> map.put("window", v));
            map.put("hysteresis", rule.hysteresis());
            rule.severity().ifPresent(v -> map.put("severity", v));
            map.put("action", rule.action());
            rule.sourceKind().ifPresent(v -> map.put("source_kind", v));
            try {
                result.add(RuleParser.parse(map, "stress.safety.rules." + entry.getKey(), null, null));
            } catch (RuleFormatException e) {
                throw new IllegalArgumentException("invalid configuration " + e.getMessage(), e);
            }
        }
        return result;
    }
}
