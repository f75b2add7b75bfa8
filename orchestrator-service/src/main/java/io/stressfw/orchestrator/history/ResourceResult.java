package io.stressfw.orchestrator.history;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One resource of one phase as held: the mean target (load x weight, percent of the generators' cap) and the mean of
 * what the agents achieved during the hold, the tolerance, and the verdict: {@code met} (within the tolerance),
 * {@code under_target} (short by more than it), {@code over_target} (above by more than it: other load on a host
 * that the generator tops up; reported, not a failure), {@code no_data} (no agent reported it: a failure).
 * Once the resource came within its tolerance ({@code reached_after_seconds} into the hold) both means are taken from
 * that tick on; one that came there only in the second half of the hold is {@code under_target} (it did not hold the
 * target), and it and one that never came there ({@code reached_after_seconds} null) are shown over the whole hold.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
public final class ResourceResult {
    public static final String MET = "met";
    public static final String UNDER_TARGET = "under_target";
    public static final String OVER_TARGET = "over_target";
    public static final String NO_DATA = "no_data";

    private double targetPercent;
    private Double achievedPercent;
    private double tolerancePoints;
    private String verdict;
    private Double reachedAfterSeconds;
    private Double holdSeconds;

    private ResourceResult() {
    }

    public static ResourceResult of(double targetPercent, Double achievedPercent, double tolerancePoints,
                                    Double reachedAfterSeconds, double holdSeconds) {
        ResourceResult result = new ResourceResult();
        result.targetPercent = targetPercent;
        result.achievedPercent = achievedPercent;
        result.tolerancePoints = tolerancePoints;
        result.reachedAfterSeconds = reachedAfterSeconds == null ? null : tenths(reachedAfterSeconds);
        result.holdSeconds = tenths(holdSeconds);
        result.verdict = achievedPercent == null ? NO_DATA
                : result.reachedLate() || targetPercent - achievedPercent > tolerancePoints ? UNDER_TARGET
                : achievedPercent - targetPercent > tolerancePoints ? OVER_TARGET : MET;
        return result;
    }

    public double targetPercent() {
        return targetPercent;
    }

    public Double achievedPercent() {
        return achievedPercent;
    }

    public double tolerancePoints() {
        return tolerancePoints;
    }

    public String verdict() {
        return verdict;
    }

    /** Seconds into the hold at which the resource first came within its tolerance; null if it never did. */
    public Double reachedAfterSeconds() {
        return reachedAfterSeconds;
    }

    /** From the first to the last tick of the hold; null in reports written before it was kept. */
    public Double holdSeconds() {
        return holdSeconds;
    }

    /** Whether the resource came within its tolerance only in the second half of the hold. */
    public boolean reachedLate() {
        return late(reachedAfterSeconds, holdSeconds);
    }

    /** The one rule for "late", on the tenths of a second the report shows, so that the verdict and its reason agree. */
    public static boolean late(Double reachedAfterSeconds, Double holdSeconds) {
        return reachedAfterSeconds != null && holdSeconds != null
                && tenths(reachedAfterSeconds) > tenths(holdSeconds) / 2;
    }

    private static double tenths(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    /** Whether the phase did not apply this resource's load: short of the target, or not measured at all. */
    public boolean failed() {
        return UNDER_TARGET.equals(verdict) || NO_DATA.equals(verdict);
    }
}
