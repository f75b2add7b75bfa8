package io.stressfw.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stressfw.model.Phase;
import io.stressfw.orchestrator.adaptive.AdaptiveProfile;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** The parsed {@code stress_cycles.yaml}: the phases keyed by phase name and the adaptive profile. */
public record CyclesFile(Map<Phase, PhaseSpec> phases, AdaptiveProfile adaptiveProfile) {

    @JsonCreator
    public CyclesFile(@JsonProperty(value = "phases", required = true) Map<Phase, PhaseSpec> phases,
                      @JsonProperty("adaptive_profile") AdaptiveProfile adaptiveProfile) {
        if (phases == null || phases.isEmpty()) {
            throw new IllegalArgumentException("phases must define at least one phase");
        }
        phases.forEach((phase, spec) -> {
            if (spec == null) {
                throw new IllegalArgumentException("phases." + phase.wireName() + " must not be empty");
            }
        });
        this.phases = Collections.unmodifiableMap(new EnumMap<>(phases));
        this.adaptiveProfile = adaptiveProfile == null ? AdaptiveProfile.DEFAULT : adaptiveProfile;
    }

    public PhaseSpec spec(Phase phase) {
        return phases.get(phase);
    }
}
