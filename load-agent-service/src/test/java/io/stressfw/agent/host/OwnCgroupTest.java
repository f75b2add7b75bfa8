package io.stressfw.agent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The own cgroup from fake /proc and /sys trees laid out as the kernel lays them out. */
class OwnCgroupTest {
    @TempDir
    Path root;

    @Test
    void insideAContainerWithItsOwnCgroupNamespaceTheLimitsAreAtTheMountsRoot() throws IOException {
        proc("0::/\n", "30 25 0:26 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
        write("sys/fs/cgroup/cpu.max", "200000 100000");
        write("sys/fs/cgroup/memory.max", "2147483648");
        write("sys/fs/cgroup/memory.current", "314572800");

        OwnCgroup cgroup = OwnCgroup.read(root);

        assertThat(cgroup.path()).isEqualTo("/");
        assertThat(cgroup.cpuQuotaCores()).hasValue(2.0);
        assertThat(cgroup.memoryLimitBytes()).hasValue(2147483648L);
        assertThat(cgroup.memoryUsageBytes()).hasValue(314572800L);
    }

    @Test
    void onAHostTheProcessesCgroupIsFoundUnderTheHierarchyAndTheTightestAncestorCounts() throws IOException {
        proc("0::/kubepods.slice/pod-1/agent\n", "30 25 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        write("sys/fs/cgroup/kubepods.slice/cpu.max", "max 100000");
        write("sys/fs/cgroup/kubepods.slice/memory.max", "1073741824");
        write("sys/fs/cgroup/kubepods.slice/pod-1/cpu.max", "50000 100000");
        write("sys/fs/cgroup/kubepods.slice/pod-1/agent/cpu.max", "150000 100000");
        write("sys/fs/cgroup/kubepods.slice/pod-1/agent/memory.max", "max");

        OwnCgroup cgroup = OwnCgroup.read(root);

        assertThat(cgroup.path()).isEqualTo("/kubepods.slice/pod-1/agent");
        assertThat(cgroup.cpuQuotaCores()).as("the pod's half core is tighter than the container's 1.5").hasValue(0.5);
        assertThat(cgroup.memoryLimitBytes()).as("the slice's 1 GiB").hasValue(1073741824L);
    }

    @Test
    void cgroupV1ControllersAreReadFromTheirOwnHierarchies() throws IOException {
        // As on this build machine: v1 controllers, a unified hierarchy mounted for systemd alone.
        proc("""
                4:memory:/process_api/41d4
                1:cpu:/
                2:cpuacct:/
                0::/
                """, """
                32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
                33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
                35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                """);
        write("sys/fs/cgroup/cpu/cpu.cfs_quota_us", "-1");
        write("sys/fs/cgroup/cpu/cpu.cfs_period_us", "100000");
        write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712");
        write("sys/fs/cgroup/memory/process_api/41d4/memory.limit_in_bytes", "536870912");
        write("sys/fs/cgroup/memory/process_api/41d4/memory.usage_in_bytes", "1048576");

        OwnCgroup cgroup = OwnCgroup.read(root);

        assertThat(cgroup.path()).isEqualTo("/process_api/41d4");
        assertThat(cgroup.cpuQuotaCores()).as("-1 is no quota").isEmpty();
        assertThat(cgroup.memoryLimitBytes()).hasValue(536870912L);
        assertThat(cgroup.memoryUsageBytes()).hasValue(1048576L);
    }

    @Test
    void aMountOfASubtreeIsResolvedAgainstItsRoot() throws IOException {
        // A container without a cgroup namespace: /proc/self/cgroup has the full path, the mount shows the subtree.
        proc("0::/kubepods/pod-2/c1\n", "30 25 0:26 /kubepods/pod-2 /sys/fs/cgroup ro - cgroup2 cgroup2 rw\n");
        write("sys/fs/cgroup/c1/cpu.max", "100000 100000");

        assertThat(OwnCgroup.read(root).cpuQuotaCores()).hasValue(1.0);
    }

    @Test
    void withoutCgroupFilesThereAreNoLimits() {
        OwnCgroup cgroup = OwnCgroup.read(root);

        assertThat(cgroup.path()).isEqualTo("/");
        assertThat(cgroup.cpuQuotaCores()).isEmpty();
        assertThat(cgroup.memoryLimitBytes()).isEmpty();
        assertThat(cgroup.memoryUsageBytes()).isEmpty();
    }

    @Test
    void thisProcessesCgroupCanBeRead() {
        OwnCgroup cgroup = OwnCgroup.ofThisProcess();
        assertThat(cgroup.path()).startsWith("/");
    }

    private void proc(String cgroup, String mountinfo) throws IOException {
        write("proc/self/cgroup", cgroup);
        write("proc/self/mountinfo", mountinfo);
    }

    private void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content.endsWith("\n") ? content : content + "\n");
    }
}
