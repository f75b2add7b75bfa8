package io.stressfw.service;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * With {@code stress.exit-with-launcher=true} (set by {@code ./stress up}), the service shuts down in order when its
 * standard input ends, which happens when the launcher that started it dies: a launcher killed with SIGKILL leaves no
 * orphan service (and no agent loading the host) behind. Off by default: a container's standard input is usually
 * empty and would end at once.
 */
@Startup
@ApplicationScoped
public class LauncherLink {
    private static final Logger LOG = Logger.getLogger(LauncherLink.class);

    @Inject
    @ConfigProperty(name = "stress.exit-with-launcher", defaultValue = "false")
    boolean exitWithLauncher;

    @PostConstruct
    void start() {
        if (exitWithLauncher) {
            InputEndWatch.start(System.in, () -> {
                // A signal may have started the shutdown already (a terminal's Ctrl-C reaches every process); a second
                // request would race it.
                if (!ApplicationLifecycleManager.isVmShuttingDown()) {
                    LOG.warn("The launcher that started this service is gone (standard input closed): shutting down");
                    Quarkus.asyncExit(0);
                }
            }, "launcher-link");
        }
    }
}
