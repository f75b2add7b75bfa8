package io.stressfw.orchestrator.slo;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.Map;

/**
 * What the SLO said about the load, as the cycle's report states it: the objectives and window, the knee (the
 * highest load at which the SLO held for a whole window) with the probe values there, the lowest load above it at
 * which the SLO broke with the values there, and a note when no knee was found ("no knee found within the band") or
 * when nothing above the knee broke (the knee is then only a lower bound).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SloKneeResult(String objectives, String window, Double kneeLoadPercent, Map<String, Double> valuesAtKnee,
                            Double brokeAtLoadPercent, Map<String, Double> valuesAbove, String note) {
}
