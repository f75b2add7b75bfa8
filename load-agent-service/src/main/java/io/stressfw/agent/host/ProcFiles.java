package io.stressfw.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Readers of the Linux /proc and cgroup files the agent sizes itself with. */
public final class ProcFiles {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path MEMINFO = Path.of("/proc/meminfo");
    private static final Path SELF_STATUS = Path.of("/proc/self/status");

    private ProcFiles() {
    }

    /** Whole-host CPU times from /proc/stat. */
    public static HostCpuTimes hostCpu() {
        try {
            return parseStat(Files.readAllLines(PROC_STAT));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
    }

    public static boolean hostCpuAvailable() {
        return Files.isReadable(PROC_STAT);
    }

    static HostCpuTimes parseStat(List<String> lines) {
        long busy = -1;
        long total = -1;
        int cores = 0;
        for (String line : lines) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long idle = 0;
                long sum = 0;
                // user nice system idle iowait irq softirq steal (guest is already counted in user)
                for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                    long v = Long.parseLong(f[i]);
                    sum += v;
                    if (i == 4 || i == 5) {
                        idle += v;
                    }
                }
                total = sum;
                busy = sum - idle;
            } else if (line.startsWith("cpu")) {
                cores++;
            }
        }
        if (total < 0) {
            throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
        }
        return new HostCpuTimes(busy, total, Math.max(1, cores));
    }

    /** MemAvailable from /proc/meminfo in bytes. */
    public static OptionalLong memAvailableBytes() {
        return meminfoField(MEMINFO, "MemAvailable:");
    }

    /** Resident set size of this process in bytes. */
    public static OptionalLong selfRssBytes() {
        return meminfoField(SELF_STATUS, "VmRSS:");
    }

    private static OptionalLong meminfoField(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).trim().split("\\s+");
                    return OptionalLong.of(Long.parseLong(f[0]) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** CPUs this process may use: the cgroup quota (v2 cpu.max, v1 cfs quota) rounded up, else the available processors. */
    public static int usableCores() {
        int processors = Runtime.getRuntime().availableProcessors();
        Optional<Double> quota = cgroupCpuQuota(Path.of("/sys/fs/cgroup"));
        return quota.map(q -> Math.max(1, Math.min(processors, (int) Math.ceil(q)))).orElse(processors);
    }

    static Optional<Double> cgroupCpuQuota(Path root) {
        Optional<String> v2 = readFirstLine(root.resolve("cpu.max"));
        if (v2.isPresent()) {
            String[] f = v2.get().trim().split("\\s+");
            if (f.length == 2 && !"max".equals(f[0])) {
                return Optional.of(Double.parseDouble(f[0]) / Double.parseDouble(f[1]));
            }
            return Optional.empty();
        }
        Optional<String> quota = readFirstLine(root.resolve("cpu/cpu.cfs_quota_us"));
        Optional<String> period = readFirstLine(root.resolve("cpu/cpu.cfs_period_us"));
        if (quota.isPresent() && period.isPresent()) {
            double q = Double.parseDouble(quota.get().trim());
            if (q > 0) {
                return Optional.of(q / Double.parseDouble(period.get().trim()));
            }
        }
        return Optional.empty();
    }

    /** Bytes still free below the cgroup memory limit (v2 memory.max, v1 limit_in_bytes), if one is set. */
    public static OptionalLong cgroupMemoryHeadroom(Path root) {
        OptionalLong limit = number(root.resolve("memory.max"));
        OptionalLong usage = number(root.resolve("memory.current"));
        if (limit.isEmpty()) {
            limit = number(root.resolve("memory/memory.limit_in_bytes"));
            usage = number(root.resolve("memory/memory.usage_in_bytes"));
        }
        // cgroup v1 reports "no limit" as a page-rounded Long.MAX_VALUE.
        if (limit.isEmpty() || limit.getAsLong() >= Long.MAX_VALUE / 2) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, limit.getAsLong() - usage.orElse(0)));
    }

    private static OptionalLong number(Path file) {
        return readFirstLine(file).map(String::trim).filter(s -> s.matches("\\d+"))
                .map(s -> OptionalLong.of(Long.parseLong(s))).orElse(OptionalLong.empty());
    }

    private static Optional<String> readFirstLine(Path file) {
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            return Files.readAllLines(file).stream().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
