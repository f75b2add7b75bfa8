package io.stressfw.metrics.aggregation;

/**
 * Durations of one phase run: ramp-up (phase_started to hold_started), hold (hold_started to ramp_down_started, or to
 * the end when no ramp-down was announced), ramp-down (ramp_down_started to the end) and the total. The planned hold
 * is the event detail {@code planned_duration_seconds}, the planned ramps {@code planned_ramp_up_seconds} and
 * {@code planned_ramp_down_seconds}.
 */
public record PhaseTimings(Long startedAtMs, Long holdStartedAtMs, Long rampDownStartedAtMs, Long endedAtMs,
                           Timing rampUp, Timing hold, Timing rampDown, Timing total) {
}
