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

    private ResourceResult() {
    }

    public static ResourceResult of(double targetPercent, Double achievedPercent, double tolerancePoints) {
        ResourceResult result = new ResourceResult();
        result.targetPercent = targetPercent;
        result.achievedPercent = achievedPercent;
        result.tolerancePoints = tolerancePoints;
        result.verdict = achievedPercent == null ? NO_DATA
                : targetPercent - achievedPercent > tolerancePoints ? UNDER_TARGET
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

    /** Whether the phase did not apply this resource's load: short of the target, or not measured at all. */
    public boolean failed() {
        return UNDER_TARGET.equals(verdict) || NO_DATA.equals(verdict);
    }
}
