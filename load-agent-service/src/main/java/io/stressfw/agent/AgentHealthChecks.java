package io.stressfw.agent;

import io.stressfw.agent.control.AgentController;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * Live while the control loop ticks (its watchdog saw a tick within its bound and the tick's task has not died);
 * ready when the sink listens and the broker answers. Neither waits for the controller's lock.
 */
@ApplicationScoped
public class AgentHealthChecks {
    @Inject
    AgentRuntime runtime;

    @Produces
    @Liveness
    HealthCheck controlLoop() {
        return () -> {
            AgentController controller = runtime.controller();
            return HealthCheckResponse.named("agent-control-loop").status(controller.live())
                    .withData("state", controller.state().wireName())
                    .withData("last_tick_ms_ago", controller.watchdog().sinceLastTickMs())
                    .withData("stall_bound_ms", controller.watchdog().boundMs()).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck readiness() {
        return () -> HealthCheckResponse.named("agent")
                .status(runtime.sink().isOpen() && runtime.brokerWatch().reachable())
                .withData("sink", runtime.sink().hostPort())
                .withData("broker_reachable", runtime.brokerWatch().reachable())
                .build();
    }
}
