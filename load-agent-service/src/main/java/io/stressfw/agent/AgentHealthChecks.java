package io.stressfw.agent;

import io.stressfw.agent.control.AgentController;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Live while the control loop ticks; ready when the sink listens and the broker answers. */
@ApplicationScoped
public class AgentHealthChecks {
    @Inject
    AgentRuntime runtime;

    @Produces
    @Liveness
    HealthCheck controlLoop() {
        return () -> {
            AgentController controller = runtime.controller();
            return HealthCheckResponse.named("agent-control-loop").status(controller.ticking())
                    .withData("state", controller.state().wireName()).build();
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
