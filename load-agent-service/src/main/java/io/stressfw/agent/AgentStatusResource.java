package io.stressfw.agent;

import io.stressfw.agent.control.AgentStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The agent's local view: what it was asked for, what it achieves, its caps, lease and held resources. */
@Path("/agent")
public class AgentStatusResource {
    @Inject
    AgentRuntime runtime;

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public AgentStatus status() {
        return runtime.controller().status();
    }
}
