package io.stressfw.metrics.baseline;

import io.stressfw.model.Checks;

/** A baseline collection window [started_at_ms, ends_at_ms) and why it was opened ({@code idle_phase}, {@code request}). */
public record BaselineWindow(long startedAtMs, long endsAtMs, String reason) {
    public BaselineWindow {
        if (endsAtMs <= startedAtMs) {
            throw new IllegalArgumentException("a baseline window must end after it starts");
        }
        Checks.notBlank(reason, "reason");
    }

    public boolean contains(long timestampMs) {
        return timestampMs >= startedAtMs && timestampMs < endsAtMs;
    }
}
