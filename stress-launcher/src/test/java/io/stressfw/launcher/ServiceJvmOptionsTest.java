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
                    .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms8m", "-Xmx256m");
        }
    }

    @Test
    void theAgentAndMetricsCompileTheirOnceASecondDutiesEarlyTheOthersAtTheUsualThresholds() {
        assertThat(ServiceJvmOptions.of("load-agent-service", 4096)).contains("-XX:CompileThresholdScaling=0.1");
        assertThat(ServiceJvmOptions.of("metrics-service", 4096)).contains("-XX:CompileThresholdScaling=0.1");
        assertThat(ServiceJvmOptions.of("orchestrator-service", 4096))
                .noneMatch(option -> option.startsWith("-XX:CompileThresholdScaling"));
        assertThat(ServiceJvmOptions.of("safety-service", 4096))
                .noneMatch(option -> option.startsWith("-XX:CompileThresholdScaling"));
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

    @Test
    void theNativeHeapIsTrimmedOnlyOnAJvmThatKnowsHow() {
        assertThat(ServiceJvmOptions.of("safety-service", 4096, option -> true)).contains("-XX:TrimNativeHeapInterval=5000");
        assertThat(ServiceJvmOptions.of("safety-service", 4096, option -> false))
                .noneMatch(o -> o.startsWith("-XX:TrimNativeHeapInterval"));
    }

    @Test
    void thisJvmIsAskedWhetherItKnowsTheTrimOption() {
        boolean known = Runtime.version().feature() > 17 || Runtime.version().update() >= 9;
        // Every JDK this build runs on (17.0.9+, 21.0.1+, 25) has the option; the answer must come from the JVM.
        assertThat(ServiceJvmOptions.of("safety-service", 4096).contains("-XX:TrimNativeHeapInterval=5000"))
                .isEqualTo(known);
    }

    @Test
    void everyServiceSkipsVerifyingTheBuildsOwnClasspathOnThisJvm() {
        for (String module : SERVICES) {
            assertThat(ServiceJvmOptions.of(module, 4096)).as(module)
                    .containsSubsequence("-XX:+UnlockDiagnosticVMOptions", "-XX:-BytecodeVerificationRemote");
        }
    }
}
