package io.stressfw.agent.generator;

import io.stressfw.model.Enums;

/** {@code agent}: the target is the share of the agent's cores the generator burns; {@code host}: the whole host's utilisation. */
public enum CpuMode {
    AGENT, HOST;

    public static CpuMode parse(String name) {
        return Enums.parse(CpuMode.class, name, "cpu mode");
    }
}
