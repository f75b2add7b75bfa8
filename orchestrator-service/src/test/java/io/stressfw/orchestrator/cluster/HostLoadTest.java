package io.stressfw.orchestrator.cluster;

import io.stressfw.model.GeneratorReading;
import io.stressfw.model.ResourceWeights;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HostLoadTest {

    @Test
    void eachHostIsItsAgentsTogetherTargetAgainstAchieved() {
        // Two agents on node-a at 50 % CPU: both measure the host at 49.5 %; each holds a quarter of the memory cap,
        // half of the scope's 50 % target.
        List<HostLoad.Member> members = List.of(
                member("a1", "node-a", 49.5, 0.6, 50.0, 250),
                member("a2", "node-a", 49.5, 0.3, 48.0, 240),
                member("b1", "node-b", 51.0, 0.9, 50.0, 500));

        List<HostLoad> hosts = HostLoad.of(members, 50, new ResourceWeights(1, 1, 0, 0));

        assertThat(hosts).extracting(HostLoad::hostId).containsExactly("node-a", "node-b");
        HostLoad a = hosts.get(0);
        assertThat(a.agents()).containsExactly("a1", "a2");
        assertThat(a.scope()).isEqualTo("host");
        assertThat(a.target()).containsEntry("cpu", 50.0).containsEntry("memory", 50.0).containsEntry("io", 0.0);
        assertThat(a.achieved()).containsEntry("cpu", 49.5).containsEntry("memory", 49.0).containsEntry("io", null);
        assertThat(a.generated()).containsEntry("cpu", 0.9).containsEntry("memory", 490.0);
        assertThat(a.capacity()).containsEntry("cpu_cores", 2.0).containsEntry("memory_cap_mb", 1000.0);
    }

    @Test
    void anAgentWithoutRecentSamplesCountsAsAMemberButNotInTheMeans() {
        List<HostLoad> hosts = HostLoad.of(List.of(member("a1", "node-a", 40.0, 0.8, 10.0, 50),
                new HostLoad.Member(NetworkPairingTest.agent("a2", "node-a", null, List.of("sink")), Map.of())), 40,
                new ResourceWeights(1, 0, 0, 0));

        assertThat(hosts.get(0).agents()).containsExactly("a1", "a2");
        assertThat(hosts.get(0).achieved()).containsEntry("cpu", 40.0);
    }

    private static HostLoad.Member member(String id, String host, double cpuPercent, double cores, double memoryPercent,
                                          double memoryMb) {
        return new HostLoad.Member(NetworkPairingTest.agent(id, host, null, List.of("sink")), Map.of(
                "cpu", new GeneratorReading(50, cpuPercent, cores, "cores"),
                "memory", new GeneratorReading(50, memoryPercent, memoryMb, "mb")));
    }
}
