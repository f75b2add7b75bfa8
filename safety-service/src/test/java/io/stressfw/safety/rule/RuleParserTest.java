package io.stressfw.safety.rule;

import io.stressfw.model.Comparison;
import io.stressfw.model.Durations;
import io.stressfw.model.RuleWindow;
import io.stressfw.model.ThresholdSpec;
import io.stressfw.model.SafetyAction;
import io.stressfw.model.Severity;
import io.stressfw.model.SourceKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleParserTest {

    @Test
    void fullRuleIsReadWithEveryField() {
        ThresholdRule rule = RuleParser.parse(Map.of("id", "cpu-hot", "metric", "cpu_usage", "comparison", ">=",
                "limit", 95, "for", "500ms", "hysteresis", 5, "severity", "warning", "action", "throttle",
                "source_kind", "host"), "rules[0]", null, null);
        assertThat(rule).isEqualTo(new ThresholdRule("cpu-hot", "cpu_usage", Comparison.AT_OR_ABOVE, 95,
                RuleWindow.continuously(Duration.ofMillis(500)), 5, Severity.WARNING, SafetyAction.THROTTLE, SourceKind.HOST));
    }

    @Test
    void defaultsAreAboveStopCriticalAndIdFromMetric() {
        ThresholdRule rule = RuleParser.parse(Map.of("metric", "memory_usage", "limit", "90"), "r", null, null);
        assertThat(rule.id()).isEqualTo("memory_usage");
        assertThat(rule.comparison()).isEqualTo(Comparison.ABOVE);
        assertThat(rule.action()).isEqualTo(SafetyAction.STOP);
        assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(rule.window()).isNull();
    }

    @Test
    void aggregateWindowIsRead() {
        ThresholdRule rule = RuleParser.parse(Map.of("metric", "cpu_usage", "limit", 90, "window", "p95 over 5s"), "r", null, null);
        assertThat(rule.window()).isEqualTo(new RuleWindow(RuleWindow.Kind.P95, Duration.ofSeconds(5)));
    }

    @Test
    void mapFormRoundTrips() {
        ThresholdRule rule = RuleParser.parse(Map.of("id", "x", "metric", "cpu_usage", "limit", 90.5,
                "window", "mean over 1500ms", "hysteresis", 2, "action", "warn"), "r", null, null);
        assertThat(RuleParser.parse(RuleParser.toMap(rule), "r", null, null)).isEqualTo(rule);
    }

    @Test
    void errorsNameTheFieldInTheList() {
        List<Object> rules = List.of(
                Map.of("metric", "cpu_usage", "limit", 95),
                Map.of("metric", "memory_usage", "limit", 90),
                Map.of("metric", "disk_usage", "limit", "lots"));
        assertThatThrownBy(() -> RuleParser.parseList(rules, "rules"))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("rules[2].limit");
                    assertThat(e.reason()).contains("not a number");
                });
    }

    @Test
    void invalidValuesAreRefusedWithTheirField() {
        assertField(Map.of("metric", "cpu_usage"), "r.limit");
        assertField(Map.of("limit", 3), "r.metric");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "action", "explode"), "r.action");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "comparison", "sideways"), "r.comparison");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "for", "soon"), "r.for");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "window", "p95 for ever"), "r.window");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "for", "1s", "window", "p95 over 1s"), "r.window");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "hysteresis", -1), "r.hysteresis");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "id", "bad id!"), "r.id");
        assertField(Map.of("metric", "cpu_usage", "limit", 3, "colour", "red"), "r.colour");
    }

    @Test
    void duplicateIdsAndEmptyListsAreRefused() {
        assertThatThrownBy(() -> RuleParser.parseList(List.of(Map.of("metric", "a", "limit", 1), Map.of("metric", "a", "limit", 2)), "rules"))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> assertThat(e.field()).isEqualTo("rules[1].id"));
        assertThatThrownBy(() -> RuleParser.parseList(List.of(), "rules"))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> assertThat(e.field()).isEqualTo("rules"));
    }

    @Test
    void phaseThresholdsAcceptNumbersAndObjects() {
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("cpu_usage", 80);
        thresholds.put("memory_usage", Map.of("limit", 70, "action", "throttle", "for", "1s"));
        List<ThresholdRule> rules = RuleParser.parsePhaseThresholds(thresholds, "heavy", "t");
        assertThat(rules).containsExactly(
                new ThresholdRule("phase:heavy:cpu_usage", "cpu_usage", Comparison.ABOVE, 80,
                        ThresholdSpec.DEFAULT_WINDOW, 0, Severity.CRITICAL, SafetyAction.STOP, null, RuleScope.PHASE, false),
                new ThresholdRule("phase:heavy:memory_usage", "memory_usage", Comparison.ABOVE, 70,
                        RuleWindow.continuously(Duration.ofSeconds(1)), 0, Severity.WARNING, SafetyAction.THROTTLE, null,
                        RuleScope.PHASE, false));
    }

    @Test
    void aPhaseThresholdThatCannotBeARuleNamesItsField() {
        assertThatThrownBy(() -> RuleParser.parsePhaseThresholds(Map.of("cpu usage", 80), "heavy", "t"))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("t.cpu usage");
                    assertThat(e.reason()).contains("unknown metric 'cpu usage'");
                });
        assertThatThrownBy(() -> RuleParser.parsePhaseThresholds(Map.of("cpu_usage", Double.NaN), "heavy", "t"))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> assertThat(e.field()).isEqualTo("t.cpu_usage"));
    }

    @Test
    void rulesReadFromConfigurationOrRestAreGlobal() {
        assertThat(RuleParser.parse(Map.of("metric", "cpu_usage", "limit", 90), "r", null, null).scope()).isEqualTo(RuleScope.GLOBAL);
        assertThat(RuleParser.toMap(ThresholdRule.simple("phase:light:cpu_usage", "cpu_usage", Comparison.ABOVE, 80,
                SafetyAction.STOP).withScope(RuleScope.PHASE))).doesNotContainKey("scope");
    }

    @Test
    void plannedPhaseThresholdsAreReadLikeAPlanFileRefusingUnknownFields() {
        // The wire (phase_started) reads thresholds leniently, in stress-model; a pre-flight body is REST input.
        assertThatThrownBy(() -> RuleParser.parsePhaseThresholds(Map.of("cpu_usage", Map.of("limit", 80, "note", "x")), "p", "t"))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("t.cpu_usage.note");
                    assertThat(e.reason()).startsWith("unknown field");
                });
        assertThat(RuleParser.parsePhaseThresholds(Map.of("cpu_usage", Map.of("limit", 100, "override_global", true)), "chaos", "t"))
                .singleElement().satisfies(rule -> {
                    assertThat(rule.overridesGlobal()).isTrue();
                    assertThat(RuleParser.toMap(rule)).containsEntry("override_global", true);
                });
    }

    @Test
    void durationsAcceptShortFormsIsoAndPlainSeconds() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("2")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Durations.parse("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Durations.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> Durations.parse("later")).hasMessageContaining("not a duration");
    }

    private static void assertField(Map<String, Object> map, String field) {
        assertThatThrownBy(() -> RuleParser.parse(map, "r", null, null))
                .isInstanceOfSatisfying(RuleFormatException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
