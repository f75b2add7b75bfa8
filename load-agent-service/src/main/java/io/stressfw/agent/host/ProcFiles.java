package io.stressfw.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** Readers of the Linux /proc files the agent sizes itself with (the cgroup's: {@link OwnCgroup}). */
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

    /** MemTotal from /proc/meminfo in bytes: the host's memory (a container sees the host's). */
    public static OptionalLong memTotalBytes() {
        return meminfoField(MEMINFO, "MemTotal:");
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
}
