package io.stressfw.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceJvmOptionsTest {
    private static final List<String> SERVICES = List.of("orchestrator-service", "safety-service", "metrics-service",
            "load-agent-service");

    @Test
    void everyServiceRunsC1OnlyWithASmallStartingHeapAndTheSameCap() {
        for (String module : SERVICES) {
            assertThat(ServiceJvmOptions.of(module, 4096)).as(module)
                    .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms8m", "-Xmx256m")
                    .noneMatch(option -> option.startsWith("-XX:CompileThresholdScaling"));
        }
    }

    @Test
    void onlyTheAgentMayUseDirectMemoryUpToThePhysicalMemory() {
        assertThat(ServiceJvmOptions.of("load-agent-service", 4096)).contains("-XX:MaxDirectMemorySize=4096m");
        assertThat(ServiceJvmOptions.of("safety-service", 4096)).noneMatch(o -> o.startsWith("-XX:MaxDirectMemorySize"));
    }

    @Test
    void servicesGetFewerMallocArenas() {
        assertThat(ServiceJvmOptions.ENVIRONMENT).containsEntry("MALLOC_ARENA_MAX", "2");
    }
}
