package io.stressfw.agent.host;

/** Cumulative whole-host CPU time in clock ticks: busy (everything but idle and iowait) and total, and the core count. */
public record HostCpuTimes(long busyTicks, long totalTicks, int cores) {
    public HostCpuTimes {
        if (busyTicks < 0 || totalTicks < busyTicks || cores < 1) {
            throw new IllegalArgumentException("host cpu times must satisfy 0 <= busy <= total and cores >= 1");
        }
    }

    /** Utilisation in percent between an earlier reading and this one; NaN when no tick elapsed. */
    public double busyPercentSince(HostCpuTimes earlier) {
        long total = totalTicks - earlier.totalTicks;
        if (total <= 0) {
            return Double.NaN;
        }
        return Math.max(0, Math.min(100, 100.0 * (busyTicks - earlier.busyTicks) / total));
    }
}
