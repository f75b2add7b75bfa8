package io.stressfw.plan;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every file of {@code src/test/resources/broken} is refused with the line and field a person must fix. */
class BrokenPlanCorpusTest {

    @ParameterizedTest(name = "{0}: line {1}, field {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "wrong_type.yaml                 | 4  | phases[0].min_load_percent         | must be a number, was the text 'ten'",
            "quoted_number.yaml              | 6  | phases[0].duration_seconds         | must be a number, was the text '120'",
            "unknown_key.yaml                | 8  | phases[0].cpu_wieght               | unknown field; expected one of phase, name,",
            "unknown_section.yaml            | 8  | phasess                            | unknown field; expected one of phases, adaptive_profile",
            "phase_number_out_of_range.yaml  | 2  | phases[0].phase                    | must be between 0 and 6, was 9",
            "unknown_phase_name.yaml         | 2  | phases[0].phase                    | unknown phase 'ludicrous'; expected one of idle, light",
            "unknown_phase_key.yaml          | 7  | phases.ludicrous                   | unknown phase 'ludicrous'",
            "phase_twice.yaml                | 8  | phases[1]                          | phase light is defined twice (first at line 2)",
            "overlapping_bands.yaml          | 9  | phases[1].min_load_percent         | the band of medium (25-50) overlaps the band of light (10-30",
            "inverted_band.yaml              | 4  | phases[0].min_load_percent         | min_load (50) must not exceed max_load (25)",
            "negative_duration.yaml          | 6  | phases[0].duration_seconds         | duration_seconds must be > 0, was -5",
            "zero_duration.yaml              | 6  | phases[0].duration_seconds         | duration_seconds must be > 0, was 0",
            "negative_ramp.yaml              | 8  | phases[0].ramp_up_seconds          | ramp_up_seconds must be >= 0, was -1",
            "nan.yaml                        | 5  | phases[0].max_load_percent         | must be a finite number, was .nan",
            "infinity.yaml                   | 7  | phases[0].cpu_weight               | must be a finite number, was .inf",
            "huge_number.yaml                | 6  | phases[0].duration_seconds         | duration_seconds must be at most 604800 (a week), was 1.0E300",
            "huge_integer.yaml               | 8  | phases[0].ramp_down_seconds        | ramp_down_seconds must be at most 604800 (a week)",
            "load_above_100.yaml             | 5  | phases[0].max_load_percent         | max_load_percent must be between 0 and 100, was 250",
            "weight_above_1.yaml             | 7  | phases[0].cpu_weight               | cpu_weight must be between 0 and 1, was 1.5",
            "tabs.yaml                       | 6  | phases[0].duration_seconds         | a tab character: YAML indents with spaces only",
            "empty.yaml                      | 1  | phases                             | is required: the file is empty",
            "only_comments.yaml              | 1  | phases                             | is required: the file is empty",
            "missing_required.yaml           | 2  | phases[0].duration_seconds         | is required (seconds > 0)",
            "missing_phase.yaml              | 2  | phases[0].phase                    | is required: the phase number 0-6 or its name",
            "duplicate_key.yaml              | 8  | phases[0].max_load_percent         | given twice (first at line 5)",
            "both_names.yaml                 | 4  | phases[0].min_load_percent         | give min_load or min_load_percent, not both",
            "unknown_metric.yaml             | 10 | phases[0].safety_thresholds.gpu_usage | unknown metric 'gpu_usage'; expected one of cpu_usage",
            "bad_threshold_window.yaml       | 11 | phases[0].safety_thresholds.cpu_usage.for | 'soon' is not a duration",
            "bad_ramping_strategy.yaml       | 8  | phases[0].ramping_strategy         | expected one of linear, exponential, step, adaptive",
            "bad_boolean.yaml                | 8  | phases[0].adaptive_enabled         | must be true or false, was the text 'perhaps'",
            "phases_not_a_list.yaml          | 1  | phases                             | must be a list of phases",
            "root_is_a_list.yaml             | 1  | -                                  | must be a mapping of sections (phases,",
            "unclosed_bracket.yaml           | 1  | phases                             | not valid YAML",
            "bad_adaptive_profile.yaml       | 10 | adaptive_profile.stability_threshold | must be below degradation_threshold",
            "bad_operation_mix.yaml          | 11 | load_generators.io.operation_mix   | the shares must add up to 1, was 1.3",
            "bad_logging_level.yaml          | 9  | logging.level                      | unknown level 'LOUD'; expected one of DEBUG, INFO, WARNING",
            "bad_agent_limit.yaml            | 10 | agents.limits.memory_mb            | must be between 0 and",
            "bad_probe_timeout.yaml          | 11 | probes.checkout.timeout            | timeout must be > 0 and at most the interval (1s), was 5s",
            "undeclared_probe_in_slo.yaml    | 4  | slo.objectives.probe.cart.p95_ms   | no probe named 'cart' in probes (checkout)",
            "undeclared_probe_in_threshold.yaml | 9 | phases[0].safety_thresholds.probe.checkout.p95_ms | no probe named 'checkout' in probes",
            "binary.yaml                     | 1  | -                                  | not a text file",
            "latin1.yaml                     | 3  | -                                  | not UTF-8 text",
    })
    void eachBrokenPlanIsRefusedWithItsLineAndField(String file, int line, String fieldOrDash, String reason) {
        String field = fieldOrDash.equals("-") ? "" : fieldOrDash;
        Path path = Path.of("src/test/resources/broken", file);
        InvalidPlanException refused = catchThrowableOfType(InvalidPlanException.class,
                () -> PlanParser.parseFile(path, PlanParser.Require.PHASES));
        assertThat(refused).as(file + " must be refused").isNotNull();
        PlanProblem first = refused.problems().get(0);
        assertThat(first.source()).isEqualTo(path.toString());
        assertThat(first.line()).as(first.describe()).isEqualTo(line);
        assertThat(first.field()).as(first.describe()).isEqualTo(field);
        assertThat(first.reason()).as(first.describe()).contains(reason);
        assertThat(refused.getMessage()).as("one line per problem, no stack trace")
                .startsWith(path + ": line " + line).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
