package io.stressfw.orchestrator.config;

import io.stressfw.model.Phase;
import io.stressfw.orchestrator.adaptive.AdaptiveProfile;
import io.stressfw.orchestrator.cycle.PhasePlan;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * The cycles file, read once when the bean is created (eagerly, at start-up): an invalid file stops the service
 * with the file, line and field named.
 */
@Startup
@ApplicationScoped
public class CyclePlans {
    private static final Logger LOG = Logger.getLogger(CyclePlans.class);

    private final CyclesFile file;
    private final String source;

    @Inject
    public CyclePlans(CyclesConfig config) {
        var path = config.config().filter(s -> !s.isBlank());
        if (path.isPresent()) {
            this.file = CyclesFileLoader.load(Path.of(path.get()));
            this.source = path.get();
        } else {
            this.file = CyclesFileLoader.loadDefault();
            this.source = "classpath:" + CyclesFileLoader.DEFAULT_RESOURCE;
        }
        LOG.infof("Cycle phases from %s: %s", source, file.phases().keySet());
    }

    public CyclesFile file() {
        return file;
    }

    public String source() {
        return source;
    }

    public AdaptiveProfile profile() {
        return file.adaptiveProfile();
    }

    public boolean defines(Phase phase) {
        return file.phases().containsKey(phase);
    }

    public List<PhasePlan> plan(List<Phase> phases) {
        return phases.stream().map(p -> new PhasePlan(p, file.spec(p))).toList();
    }
}
