package io.stressfw.metrics.baseline;

import io.stressfw.model.Checks;

/**
 * A baseline collection window [started_at_ms, ends_at_ms) and why it was opened ({@code idle_phase}, {@code
 * request}). An IDLE phase's window has no end while IDLE holds ({@code ends_at_ms} null): it ends when the hold does.
 */
public record BaselineWindow(long startedAtMs, Long endsAtMs, String reason) {
    public BaselineWindow {
        if (endsAtMs != null && endsAtMs <= startedAtMs) {
            throw new IllegalArgumentException("a baseline window must end after it starts");
        }
        Checks.notBlank(reason, "reason");
    }

    /** A window that collects until {@link #endingAt} gives it an end. */
    public static BaselineWindow untilEnded(long startedAtMs, String reason) {
        return new BaselineWindow(startedAtMs, null, reason);
    }

    /** This window, ending at {@code endMs} (just after its start when the end came before it). */
    public BaselineWindow endingAt(long endMs) {
        return new BaselineWindow(startedAtMs, Math.max(endMs, startedAtMs + 1), reason);
    }

    public boolean ended() {
        return endsAtMs != null;
    }

    public boolean contains(long timestampMs) {
        return timestampMs >= startedAtMs && (endsAtMs == null || timestampMs < endsAtMs);
    }
}
