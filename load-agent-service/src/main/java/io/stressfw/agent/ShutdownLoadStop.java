package io.stressfw.agent;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.List;

/**
 * On SIGTERM, SIGINT or SIGHUP (Ctrl-C of {@code ./stress up}, a closed terminal, a pod's termination) the load goes
 * first: the agent stops every generator the moment the signal arrives, then lets Quarkus shut down as it would have.
 * Quarkus fires its {@link ShutdownEvent} only after its shutdown listeners have run (about 200 ms on a busy host), and
 * closes the Kafka clients (seconds) before {@link AgentRuntime}'s {@code @PreDestroy}; the load must not wait for
 * either. The {@code ShutdownEvent} observer covers a shutdown that no signal started (e.g. {@code LauncherLink}).
 */
@Singleton
public class ShutdownLoadStop {
    private static final Logger LOG = Logger.getLogger(ShutdownLoadStop.class);
    private static final List<String> SIGNALS = List.of("TERM", "INT", "HUP");

    @Inject
    AgentRuntime runtime;

    void onStart(@Observes StartupEvent event) {
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] previous = new SignalHandler[1];
                previous[0] = Signal.handle(signal, s -> {
                    stopLoad();
                    passOn(s, previous[0]);
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // A signal the JVM reserves or this platform lacks: the ShutdownEvent observer still stops the load.
                LOG.debugf("No early load stop on SIG%s: %s", name, e.getMessage());
            }
        }
    }

    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopLoad();
    }

    private void stopLoad() {
        if (runtime.controller() != null) {
            runtime.controller().close();
        }
    }

    /** Hands the signal to whoever had it before (Quarkus's shutdown), or lets the JVM's own action happen. */
    private static void passOn(Signal signal, SignalHandler previous) {
        if (previous == SignalHandler.SIG_IGN) {
            return;
        }
        if (previous == null || previous == SignalHandler.SIG_DFL) {
            // The JVM's native action (its shutdown hooks, then exit): restore it and raise the signal again.
            Signal.handle(signal, SignalHandler.SIG_DFL);
            Signal.raise(signal);
            return;
        }
        previous.handle(signal);
    }
}
