package io.stressfw.agent.control;

import io.stressfw.agent.generator.CpuLoadGenerator;
import io.stressfw.agent.generator.IoLoadGenerator;
import io.stressfw.agent.generator.LoadGenerator;
import io.stressfw.agent.generator.MemoryLoadGenerator;
import io.stressfw.agent.generator.NetworkLoadGenerator;

import java.util.List;

/** The agent's four generators. */
public record AgentGenerators(CpuLoadGenerator cpu, MemoryLoadGenerator memory, IoLoadGenerator io,
                              NetworkLoadGenerator network) {
    public AgentGenerators {
        if (cpu == null || memory == null || io == null || network == null) {
            throw new IllegalArgumentException("all four generators are required");
        }
    }

    /** Memory first: an emergency stop frees memory before anything else. */
    public List<LoadGenerator> all() {
        return List.of(memory, cpu, network, io);
    }
}
