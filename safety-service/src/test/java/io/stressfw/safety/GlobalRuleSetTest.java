package io.stressfw.safety;

import io.stressfw.safety.engine.SafetyEngine;
import io.stressfw.safety.engine.SafetyEngineSettings;
import io.stressfw.safety.rule.RuleParser;
import io.stressfw.safety.rule.ThresholdRule;
import io.stressfw.safety.store.RuleSetOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18: thresholds changed at run time survive a restart of safety-service, and say where they come from. */
class GlobalRuleSetTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    private static final List<ThresholdRule> CONFIGURED = RuleParser.parseList(List.of(
            Map.of("id", "cpu", "metric", "cpu_usage", "limit", 95, "for", "2s"),
            Map.of("id", "memory", "metric", "memory_usage", "limit", 90)), "rules");
    private static final List<ThresholdRule> CHANGED = RuleParser.parseList(List.of(
            Map.of("id", "cpu", "metric", "cpu_usage", "limit", 70)), "rules");

    @TempDir
    Path dir;

    private static SafetyEngine engine(GlobalRuleSet ruleSet) {
        return new SafetyEngine(SafetyEngineSettings.defaults(), ruleSet.initialRules());
    }

    @Test
    void withNothingStoredTheConfiguredRulesApply() {
        GlobalRuleSet ruleSet = new GlobalRuleSet(CONFIGURED, dir.resolve("thresholds.json"), CLOCK);
        assertThat(ruleSet.initialRules()).isEqualTo(CONFIGURED);
        assertThat(ruleSet.origin().source()).isEqualTo(RuleSetOrigin.CONFIGURED);
        assertThat(ruleSet.origin().changedBy()).isNull();
    }

    @Test
    void rulesChangedAtRunTimeAreInForceAfterARestartAndNameWhoChangedThem() {
        GlobalRuleSet before = new GlobalRuleSet(CONFIGURED, dir.resolve("thresholds.json"), CLOCK);
        SafetyEngine running = engine(before);
        before.replace(running, CHANGED, "api-key-0123456789ab (admin)");
        assertThat(running.globalRules()).isEqualTo(CHANGED);

        GlobalRuleSet restarted = new GlobalRuleSet(CONFIGURED, dir.resolve("thresholds.json"), CLOCK);
        assertThat(engine(restarted).globalRules()).extracting(RuleParser::toMap)
                .isEqualTo(CHANGED.stream().map(RuleParser::toMap).toList());
        assertThat(restarted.origin()).isEqualTo(RuleSetOrigin.runtime("api-key-0123456789ab (admin)",
                CLOCK.millis(), dir.resolve("thresholds.json").toString()));
    }

    @Test
    void restoringTheConfiguredRulesHoldsAcrossARestartToo() {
        GlobalRuleSet ruleSet = new GlobalRuleSet(CONFIGURED, dir.resolve("thresholds.json"), CLOCK);
        SafetyEngine running = engine(ruleSet);
        ruleSet.replace(running, CHANGED, "someone");
        ruleSet.restoreConfigured(running, "someone else");
        assertThat(running.globalRules()).isEqualTo(CONFIGURED);
        assertThat(new GlobalRuleSet(CONFIGURED, dir.resolve("thresholds.json"), CLOCK).initialRules()).isEqualTo(CONFIGURED);
    }

    @Test
    void rulesThatCannotBeKeptAreNotPutInForce() throws Exception {
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "a file where the data directory should be");
        GlobalRuleSet ruleSet = new GlobalRuleSet(CONFIGURED, blocked.resolve("thresholds.json"), CLOCK);
        SafetyEngine running = engine(ruleSet);
        assertThatThrownBy(() -> ruleSet.replace(running, CHANGED, "someone")).hasMessageContaining("cannot write");
        assertThat(running.globalRules()).isEqualTo(CONFIGURED);
        assertThat(ruleSet.origin().source()).isEqualTo(RuleSetOrigin.CONFIGURED);
    }

    @Test
    void anUnreadableStoredSetStopsTheStart() throws Exception {
        Files.writeString(dir.resolve("thresholds.json"), "{\"version\": 1, \"changed_by\": \"x\", \"changed_at_ms\": 1, \"rules\": []}");
        assertThatThrownBy(() -> new GlobalRuleSet(CONFIGURED, dir.resolve("thresholds.json"), CLOCK))
                .hasMessageContaining(dir.resolve("thresholds.json").toString())
                .hasMessageContaining("rules");
    }
}
