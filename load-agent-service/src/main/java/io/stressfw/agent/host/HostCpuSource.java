package io.stressfw.agent.host;

/** Where the whole-host CPU times come from ({@code /proc/stat} on Linux). */
@FunctionalInterface
public interface HostCpuSource {
    HostCpuTimes read();
}
