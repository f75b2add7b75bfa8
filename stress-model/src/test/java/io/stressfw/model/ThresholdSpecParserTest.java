package io.stressfw.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed's flat form and the object form, and every refusal naming its field. */
class ThresholdSpecParserTest {

    private static Map<String, ThresholdSpec> parse(Map<String, Object> thresholds) {
        return ThresholdSpecParser.parseAll(thresholds, "safety_thresholds");
    }

    @Test
    void theFlatFormIsAStopAboveTheLimitOverTheDefaultWindow() {
        Map<String, Object> seed = new LinkedHashMap<>();
        seed.put("cpu_usage", 40.0);
        seed.put("memory_usage", 50);
        seed.put("temperature", "65");

        Map<String, ThresholdSpec> specs = parse(seed);

        assertThat(specs).containsOnlyKeys("cpu_usage", "memory_usage", "temperature");
        assertThat(specs.keySet()).containsExactly("cpu_usage", "memory_usage", "temperature");
        ThresholdSpec cpu = specs.get("cpu_usage");
        assertThat(cpu.comparison()).isEqualTo(Comparison.ABOVE);
        assertThat(cpu.limit()).isEqualTo(40);
        assertThat(cpu.window()).isEqualTo(RuleWindow.continuously(Duration.ofMillis(500)));
        assertThat(cpu.action()).isEqualTo(SafetyAction.STOP);
        assertThat(cpu.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(cpu.sourceKind()).isNull();
        assertThat(cpu.overrideGlobal()).isFalse();
        assertThat(specs.get("temperature").limit()).isEqualTo(65);
    }

    @Test
    void theObjectFormCarriesItsWindowHysteresisActionAndOverride() {
        ThresholdSpec spec = ThresholdSpecParser.parse(Map.of("limit", 95, "for", "2s", "hysteresis", 5,
                "action", "throttle", "source_kind", "host", "override_global", true), "cpu_usage", true);

        assertThat(spec.limit()).isEqualTo(95);
        assertThat(spec.window()).isEqualTo(RuleWindow.continuously(Duration.ofSeconds(2)));
        assertThat(spec.hysteresis()).isEqualTo(5);
        assertThat(spec.action()).isEqualTo(SafetyAction.THROTTLE);
        assertThat(spec.severity()).isEqualTo(Severity.WARNING);
        assertThat(spec.sourceKind()).isEqualTo(SourceKind.HOST);
        assertThat(spec.overrideGlobal()).isTrue();
        assertThat(spec.describe("cpu_usage")).isEqualTo("cpu_usage > 95 for 2s");
    }

    @Test
    void anObjectWithoutAWindowGetsTheDefaultOne() {
        assertThat(ThresholdSpecParser.parse(Map.of("limit", 100, "override_global", true), "cpu_usage", true).window())
                .isEqualTo(ThresholdSpec.DEFAULT_WINDOW);
    }

    @Test
    void anAggregateWindowIsWrittenEitherWay() {
        ThresholdSpec written = ThresholdSpecParser.parse(Map.of("limit", 90, "window", "p95 over 5s"), "memory_usage", true);
        ThresholdSpec shorthand = ThresholdSpecParser.parse(Map.of("limit", 90, "p95_over", "5s"), "memory_usage", true);

        assertThat(shorthand).isEqualTo(written);
        assertThat(written.window()).isEqualTo(new RuleWindow(RuleWindow.Kind.P95, Duration.ofSeconds(5)));
        assertThat(written.describe("memory_usage")).isEqualTo("memory_usage > 90 p95 over 5s");
    }

    @Test
    void theFullObjectReadsBackToTheSameThreshold() {
        ThresholdSpec spec = ThresholdSpec.above(90).withComparison(Comparison.AT_OR_ABOVE).withHysteresis(2)
                .withWindow(RuleWindow.parseAggregate("mean over 1.5s")).withAction(SafetyAction.WARN)
                .withSeverity(Severity.INFO).withSourceKind(SourceKind.AGENT).withOverrideGlobal(true);

        assertThat(ThresholdSpecParser.parse(spec.toMap(), "x", true)).isEqualTo(spec);
    }

    @Test
    void twoWindowsAreRefusedNamingTheSecond() {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("limit", 90);
        both.put("for", "1s");
        both.put("p95_over", "5s");

        assertThatThrownBy(() -> parse(Map.of("memory_usage", both)))
                .isInstanceOf(ThresholdFormatException.class)
                .hasMessage("safety_thresholds.memory_usage.p95_over: give one window: 'for' is already given");
    }

    @Test
    void anUnknownMetricIsRefusedListingTheAcceptedNames() {
        assertThatThrownBy(() -> parse(Map.of("gpu_usage", 90)))
                .isInstanceOfSatisfying(ThresholdFormatException.class, e -> {
                    assertThat(e.field()).isEqualTo("safety_thresholds.gpu_usage");
                    assertThat(e.reason()).startsWith("unknown metric 'gpu_usage'; expected one of cpu_usage, ")
                            .contains("memory_usage", "temperature", "cpu_core_<n>");
                });
    }

    @Test
    void aCoreOfTheCpuIsAKnownMetric() {
        assertThat(parse(Map.of("cpu_core_1", 99))).containsKey("cpu_core_1");
        assertThat(MetricNames.isKnown("cpu_core_01")).isFalse();
        assertThat(MetricNames.isKnown("cpu_core_")).isFalse();
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", Map.of("limit", 95, "for", "soon"))))
                .hasMessageStartingWith("safety_thresholds.cpu_usage.for: 'soon' is not a duration");
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", Map.of("for", "1s"))))
                .hasMessage("safety_thresholds.cpu_usage.limit: is required");
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", -1)))
                .hasMessage("safety_thresholds.cpu_usage: must be >= 0, was -1");
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", Map.of("limit", 95, "colour", "red"))))
                .hasMessageStartingWith("safety_thresholds.cpu_usage.colour: unknown field; expected one of action, ");
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", Map.of("limit", 95, "action", "panic"))))
                .hasMessageStartingWith("safety_thresholds.cpu_usage.action: unknown action 'panic'");
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", Map.of("limit", 95, "override_global", "maybe"))))
                .hasMessage("safety_thresholds.cpu_usage.override_global: must be true or false, was maybe");
        assertThatThrownBy(() -> parse(Map.of("cpu_usage", java.util.List.of(95))))
                .hasMessage("safety_thresholds.cpu_usage: must be a number (the limit) or an object with a limit");
        assertThatThrownBy(() -> ThresholdSpecParser.parseAll(java.util.List.of(), "safety_thresholds"))
                .hasMessageStartingWith("safety_thresholds: must be an object");
    }

    @Test
    void theWireIgnoresFieldsItDoesNotKnow() {
        assertThat(ThresholdSpecParser.parse(Map.of("limit", 95, "colour", "red"), "", false)).isEqualTo(ThresholdSpec.above(95));
    }
}
