package io.stressfw.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What one generator of an agent was asked for and what it achieved, in percent of its capacity, plus the
 * achieved rate in the generator's natural unit (e.g. {@code iops}, {@code mbps}, {@code mb}, {@code cores}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GeneratorReading(double targetPercent, double achievedPercent, Double achievedValue, String unit) {
    public GeneratorReading {
        Checks.between(targetPercent, 0, 100, "target_percent");
        Checks.nonNegative(achievedPercent, "achieved_percent");
    }
}
