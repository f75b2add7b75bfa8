package io.stressfw.agent.scope;

import io.stressfw.model.Enums;

/**
 * What 100 % means. {@code host}: the whole host (node): all its cores, its memory; every agent on the host takes its
 * share, and the CPU generators together top up whatever else runs so that the host sits at the target.
 * {@code container}: the agent's own cgroup: its CPU quota and memory limit (the host's when none is set); agents in
 * the same cgroup share it.
 */
public enum LoadScope {
    HOST, CONTAINER;

    public static LoadScope parse(String name) {
        return Enums.parse(LoadScope.class, name, "stress.agent.scope");
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
