package io.stressfw.orchestrator.config;

import io.stressfw.model.Phase;
import io.stressfw.orchestrator.cycle.PhasePlan;
import io.stressfw.plan.AdaptiveProfile;
import io.stressfw.plan.PlanParser;
import io.stressfw.plan.StressPlan;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * The configured plan (the cycles file), read once when the bean is created (eagerly, at start-up): the default for
 * every start that brings no plan of its own. An invalid file stops the service with every problem's file, line and
 * field ({@link OrchestratorMain} checks it before Quarkus starts, so that no stack trace is printed).
 */
@Startup
@ApplicationScoped
public class CyclePlans {
    public static final String DEFAULT_RESOURCE = "stress_cycles.yaml";
    private static final Logger LOG = Logger.getLogger(CyclePlans.class);

    private final StressPlan file;

    @Inject
    public CyclePlans(CyclesConfig config) {
        this.file = load(config.config().orElse(null));
        LOG.infof("Cycle phases from %s: %s", file.source(), file.phases().keySet());
    }

    /** The plan of {@code path}, or the bundled one when the path is null or blank. */
    public static StressPlan load(String path) {
        return path == null || path.isBlank()
                ? PlanParser.parseResource(DEFAULT_RESOURCE, PlanParser.Require.PHASES)
                : PlanParser.parseFile(Path.of(path), PlanParser.Require.PHASES);
    }

    public StressPlan file() {
        return file;
    }

    public String source() {
        return file.source();
    }

    public AdaptiveProfile profile() {
        return file.adaptiveProfile();
    }

    public boolean defines(Phase phase) {
        return file.phases().containsKey(phase);
    }

    public List<PhasePlan> plan(List<Phase> phases) {
        return plan(file, phases);
    }

    public static List<PhasePlan> plan(StressPlan plan, List<Phase> phases) {
        return phases.stream().map(p -> new PhasePlan(p, plan.spec(p))).toList();
    }
}
