package io.stressfw.agent.scope;

import io.stressfw.agent.host.OwnCgroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeCapacityTest {
    private static final long GB = 1L << 30;
    @TempDir
    Path root;

    @Test
    void theHostScopeIsTheWholeHostWhateverTheContainerSays() throws IOException {
        OwnCgroup cgroup = containerWith("150000 100000", "2147483648");

        ScopeCapacity host = ScopeCapacity.of(LoadScope.HOST, "node-a", cgroup, 16, 64 * GB);

        assertThat(host.scopeId()).isEqualTo("node-a");
        assertThat(host.cpuCores()).isEqualTo(16);
        assertThat(host.memoryBytes()).isEqualTo(64 * GB);
    }

    @Test
    void theContainerScopeIsItsQuotaAndLimitSharedByThatCgroup() throws IOException {
        OwnCgroup cgroup = containerWith("150000 100000", "2147483648");

        ScopeCapacity container = ScopeCapacity.of(LoadScope.CONTAINER, "node-a", cgroup, 16, 64 * GB);

        assertThat(container.scopeId()).isEqualTo("node-a/kubepods/pod-1/agent");
        assertThat(container.cpuCores()).isEqualTo(1.5);
        assertThat(container.memoryBytes()).isEqualTo(2 * GB);
    }

    @Test
    void aContainerWithoutLimitsHasTheHostsFigures() throws IOException {
        OwnCgroup cgroup = containerWith("max 100000", "max");

        ScopeCapacity container = ScopeCapacity.of(LoadScope.CONTAINER, "node-a", cgroup, 4, 8 * GB);

        assertThat(container.cpuCores()).isEqualTo(4);
        assertThat(container.memoryBytes()).isEqualTo(8 * GB);
    }

    private OwnCgroup containerWith(String cpuMax, String memoryMax) throws IOException {
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/cgroup"), "0::/kubepods/pod-1/agent\n");
        Files.writeString(root.resolve("proc/self/mountinfo"),
                "30 25 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
        Path dir = Files.createDirectories(root.resolve("sys/fs/cgroup/kubepods/pod-1/agent"));
        Files.writeString(dir.resolve("cpu.max"), cpuMax + "\n");
        Files.writeString(dir.resolve("memory.max"), memoryMax + "\n");
        return OwnCgroup.read(root);
    }
}
