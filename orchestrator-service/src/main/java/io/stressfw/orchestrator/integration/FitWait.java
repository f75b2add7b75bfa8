package io.stressfw.orchestrator.integration;

import io.stressfw.model.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * One start's wait for the hosts to be fit ({@code wait_for_fit}): how long it may last, how many pre-flights it
 * ran, and every distinct reason it waited for, in the order first seen, so that the answer says what it waited
 * for. Time is read from a monotonic clock (nanoseconds), so a wall-clock step neither ends a wait nor stretches it.
 * Plain Java, used by one request at a time.
 */
public final class FitWait {
    /** Reasons kept for the answer: the first ones say what held the start up; a long wait repeats them. */
    private static final int MAX_REASONS = 20;

    private final LongSupplier nanoTime;
    private final long startNanos;
    private final long limitNanos;
    private final Set<String> reasons = new LinkedHashSet<>();
    private int attempts;

    public FitWait(LongSupplier nanoTime, Duration limit) {
        Checks.notNull(limit, "wait_for_fit");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("wait_for_fit must be >= 0, was " + limit);
        }
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.limitNanos = limit.toNanos();
    }

    /** A pre-flight found reasons to wait: the hosts unfit, or fit with a rule's reading over its limit. */
    public void unfit(List<String> why) {
        attempts++;
        for (String reason : why) {
            if (reasons.size() < MAX_REASONS) {
                reasons.add(reason);
            }
        }
    }

    /** A pre-flight found the hosts fit. */
    public void fit() {
        attempts++;
    }

    /** Whether another pre-flight after {@code pause} still ends within the wait. */
    public boolean mayRetryAfter(Duration pause) {
        return elapsedNanos() + pause.toNanos() <= limitNanos;
    }

    public long elapsedNanos() {
        return nanoTime.getAsLong() - startNanos;
    }

    public int attempts() {
        return attempts;
    }

    public List<String> reasons() {
        return new ArrayList<>(reasons);
    }

    /** {@code {"fit", "attempts", "waited_seconds", "waited_for": [...]}} for the start's answer. */
    public Map<String, Object> describe(boolean fit) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("fit", fit);
        answer.put("attempts", attempts);
        answer.put("waited_seconds", Math.round(elapsedNanos() / 1e8) / 10.0);
        answer.put("waited_for", reasons());
        return answer;
    }
}
