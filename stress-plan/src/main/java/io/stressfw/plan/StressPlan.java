package io.stressfw.plan;

import io.stressfw.model.LoadLimits;
import io.stressfw.model.Phase;
import io.stressfw.model.ProbeSpec;
import io.stressfw.model.SloSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed plan or config file: one field per section ({@link PlanParser#SECTIONS} reads them), each with its
 * default when the file leaves the section out. Phases keep the order the file gives; a cycle started from the
 * plan alone runs them in that order. {@link #text()} is the plan as written, kept for the cycle's report.
 */
public final class StressPlan {
    private final String source;
    private final String text;
    private final Map<Phase, PhaseSpec> phases;
    private final AdaptiveProfile adaptiveProfile;
    private final LoadLimits agentLimits;
    private final LoadGeneratorsSpec loadGenerators;
    private final LoggingSpec logging;
    private final Map<String, ProbeSpec> probes;
    private final SloSpec slo;

    private StressPlan(Builder b) {
        this.source = b.source;
        this.text = b.text;
        this.phases = Collections.unmodifiableMap(new LinkedHashMap<>(b.phases));
        this.adaptiveProfile = b.adaptiveProfile;
        this.agentLimits = b.agentLimits;
        this.loadGenerators = b.loadGenerators;
        this.logging = b.logging;
        this.probes = Collections.unmodifiableMap(new LinkedHashMap<>(b.probes));
        this.slo = b.slo;
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** Where the plan came from: a file path, {@code classpath:...} or "request body". */
    public String source() {
        return source;
    }

    /** The plan as written (YAML or JSON); null when built in code. */
    public String text() {
        return text;
    }

    public Map<Phase, PhaseSpec> phases() {
        return phases;
    }

    public PhaseSpec spec(Phase phase) {
        return phases.get(phase);
    }

    public List<Phase> phaseOrder() {
        return List.copyOf(phases.keySet());
    }

    public AdaptiveProfile adaptiveProfile() {
        return adaptiveProfile;
    }

    /** Caps for every phase command of a cycle run from this plan ({@code agents.limits}); NONE when not given. */
    public LoadLimits agentLimits() {
        return agentLimits;
    }

    public LoadGeneratorsSpec loadGenerators() {
        return loadGenerators;
    }

    public LoggingSpec logging() {
        return logging;
    }

    /** The probes the orchestrator runs ({@code probes:}), by name in the plan's order; empty when not given. */
    public Map<String, ProbeSpec> probes() {
        return probes;
    }

    /** The SLO judged on the probes ({@code slo:}); null when not given. */
    public SloSpec slo() {
        return slo;
    }

    /** Collects the sections; each setter ignores null (a section that failed to read keeps its default). */
    public static final class Builder {
        private final String source;
        private String text;
        private Map<Phase, PhaseSpec> phases = Map.of();
        private AdaptiveProfile adaptiveProfile = AdaptiveProfile.DEFAULT;
        private LoadLimits agentLimits = LoadLimits.NONE;
        private LoadGeneratorsSpec loadGenerators = LoadGeneratorsSpec.NONE;
        private LoggingSpec logging = LoggingSpec.NONE;
        private Map<String, ProbeSpec> probes = Map.of();
        private boolean probesUnreadable;
        private SloSpec slo;

        private Builder(String source) {
            this.source = source;
        }

        public Builder text(String value) {
            this.text = value;
            return this;
        }

        public Builder phases(Map<Phase, PhaseSpec> value) {
            if (value != null) {
                this.phases = value;
            }
            return this;
        }

        public Builder adaptiveProfile(AdaptiveProfile value) {
            if (value != null) {
                this.adaptiveProfile = value;
            }
            return this;
        }

        public Builder agentLimits(LoadLimits value) {
            if (value != null) {
                this.agentLimits = value;
            }
            return this;
        }

        public Builder loadGenerators(LoadGeneratorsSpec value) {
            if (value != null) {
                this.loadGenerators = value;
            }
            return this;
        }

        public Builder logging(LoggingSpec value) {
            if (value != null) {
                this.logging = value;
            }
            return this;
        }

        public Builder probes(Map<String, ProbeSpec> value) {
            if (value != null) {
                this.probes = value;
            } else {
                this.probesUnreadable = true;
            }
            return this;
        }

        /** The probes read so far, which phases and the SLO name; null when the section could not be read. */
        Map<String, ProbeSpec> declaredProbes() {
            return probesUnreadable ? null : probes;
        }

        public Builder slo(SloSpec value) {
            if (value != null) {
                this.slo = value;
            }
            return this;
        }

        public StressPlan build() {
            return new StressPlan(this);
        }
    }
}
