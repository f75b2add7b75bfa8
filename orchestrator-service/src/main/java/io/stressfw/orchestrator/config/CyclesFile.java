package io.stressfw.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.stressfw.model.Phase;
import io.stressfw.model.ProbeFormatException;
import io.stressfw.model.ProbeMetricNames;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.ProbeSpecParser;
import io.stressfw.model.SloSpec;
import io.stressfw.model.SloSpecParser;
import io.stressfw.orchestrator.adaptive.AdaptiveProfile;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The parsed {@code stress_cycles.yaml}: the phases keyed by phase name, the adaptive profile, and the optional
 * {@code probes:} and {@code slo:} sections (stress-model's {@link ProbeSpecParser} and {@link SloSpecParser}; a
 * phase threshold on a probe metric must name a declared probe).
 */
public record CyclesFile(Map<Phase, PhaseSpec> phases, AdaptiveProfile adaptiveProfile, Map<String, ProbeSpec> probes,
                         SloSpec slo) {

    @JsonCreator
    public static CyclesFile read(@JsonProperty(value = "phases", required = true) Map<Phase, PhaseSpec> phases,
                                  @JsonProperty("adaptive_profile") AdaptiveProfile adaptiveProfile,
                                  @JsonProperty("probes") Object probes,
                                  @JsonProperty("slo") Object slo) {
        Map<String, ProbeSpec> parsed = ProbeSpecParser.parseAll(probes, "probes");
        return new CyclesFile(phases, adaptiveProfile, parsed, SloSpecParser.parse(slo, "slo", parsed));
    }

    public CyclesFile {
        if (phases == null || phases.isEmpty()) {
            throw new IllegalArgumentException("phases must define at least one phase");
        }
        probes = probes == null ? Map.of() : probes;
        for (Map.Entry<Phase, PhaseSpec> entry : phases.entrySet()) {
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("phases." + entry.getKey().wireName() + " must not be empty");
            }
            for (String metric : entry.getValue().safetyThresholds().keySet()) {
                String probe = ProbeMetricNames.probeOf(metric);
                if (probe != null && !probes.containsKey(probe)) {
                    throw new ProbeFormatException("phases." + entry.getKey().wireName() + ".safety_thresholds." + metric,
                            "no probe named '" + probe + "' in probes");
                }
            }
        }
        phases = Collections.unmodifiableMap(new EnumMap<>(phases));
        adaptiveProfile = adaptiveProfile == null ? AdaptiveProfile.DEFAULT : adaptiveProfile;
    }

    public PhaseSpec spec(Phase phase) {
        return phases.get(phase);
    }
}
